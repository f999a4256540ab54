"""What the mock answers, as the spec says: each operation's statuses and bodies, read through the index.

For each operation, from the spec and nothing else:
- its success's status (the first 2xx), which the envelope's `code` repeats;
- the status whose body has `x-role: validation-error`, for every layer that validates (the body's
  `code` repeats it, as the vendor's own example does under 500);
- the unauthorized answer: the status whose body has `x-role: unauthorized`, and its first example;
- each refusal's status: the status under which the operation's examples give that `reason`, for the
  reasons its rules raise (`@refuses` in handlers.py), the body limit's and the forced failure's;
- the types of the fields it sends (shapes.py, plans worked out once by conformance.py).

A request whose method and path name no operation (an unknown path with a bad X-Mock-Session) is
answered as the spec's operations answer most often: the answers of the first operation whose
validation status is the one most operations use.
`CannotFollow` is one sentence naming what the spec lacks, and where.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from contract.sources import SourceMap
from contract.spec import Operation, SpecIndex, snake_case
from mock_server import bodies, handlers
from mock_server.asgi import Scope
from mock_server.model import Refusal
from mock_server.shapes import Plan

VALIDATION, UNAUTHORIZED, REFUSAL = "validation-error", "unauthorized", "refusal"
PAYLOAD_TOO_LARGE = "payload_too_large"  # body_limit.py's, on every operation
SERVICE_UNAVAILABLE = "service_unavailable"  # faults.py's forced failure, on every operation
EVERY_OPERATION_REFUSES = (PAYLOAD_TOO_LARGE, SERVICE_UNAVAILABLE)
JSON_TYPE = {"Content-Type": "application/json"}  # the media type of every answer the handlers give


class CannotFollow(ValueError):
    """The spec asks for something the mock cannot answer; the message is one sentence naming it and where."""


class Answer(NamedTuple):
    status: int
    body: Any


class OperationAnswers:
    """One operation's statuses and bodies, as its spec documents them."""

    def __init__(self, index: SpecIndex, op: Operation, spec_root: Path) -> None:
        self.operation, self.spec_root = op, spec_root
        handler = snake_case(op.operation_id)
        if not hasattr(handlers, handler):
            raise CannotFollow(f"{self.named}: mock_server/handlers.py has no {handler} to answer it")
        success = index.success_status(op)
        self.success_status = self._first([success] if success else [], "success (a 2xx answer)")
        self.validation_status = self._first(
            index.statuses_of_role(op, VALIDATION),
            f"answer to invalid input (a body with x-role: {VALIDATION})",
        )
        status = self._first(
            index.statuses_of_role(op, UNAUTHORIZED),
            f"answer to a missing key (a body with x-role: {UNAUTHORIZED})",
        )
        shown = index.examples(op).get(str(status), {})
        if not shown:
            raise CannotFollow(f"{self.named}: {self.where} has no example of its {status} answer")
        self.unauthorized = Answer(status, next(iter(shown.values())))
        self.reasons = (*handlers.REFUSALS.get(handler, ()), *EVERY_OPERATION_REFUSES)
        self.refusal_statuses = {reason: self._status_of(index, reason) for reason in self.reasons}
        down = str(self.refusal_statuses[SERVICE_UNAVAILABLE])
        shown = index.examples(op)[down]
        self.unavailable = Answer(
            int(down), next(v for v in shown.values() if v["reason"] == SERVICE_UNAVAILABLE)
        )
        self.outcomes = {status: "refused" for status in self.refusal_statuses.values()}
        self.outcomes |= {self.validation_status: "invalid", self.unauthorized.status: "unauthorized"}
        self.plans: dict[int, Plan] = {}  # status -> the conversions its answers need (conformance.py)

    @property
    def named(self) -> str:
        return f"{self.operation.operation_id} ({self.operation.label})"

    @property
    def where(self) -> str:
        """The operation's file in the spec; the root is read only when a sentence needs it."""
        at = ("paths", self.operation.path, self.operation.method.lower(), "responses")
        return SourceMap(self.spec_root)(at).partition("#")[0]

    def _first(self, statuses: list[str], what: str) -> int:
        numbered = [s for s in statuses if s.isdigit()]
        if not numbered:
            raise CannotFollow(f"{self.named}: {self.where} documents no {what}")
        return int(numbered[0])

    def _status_of(self, index: SpecIndex, reason: str) -> int:
        """The status under which the operation's examples show this reason."""
        statuses = [s for s in index.statuses_of_reason(self.operation, reason) if s.isdigit()]
        if not statuses:  # a business rule the spec no longer has: it says no status for it
            raise CannotFollow(
                f"{self.named} refuses with the reason {reason} (a rule of the mock), but no example of its "
                f"answers in {self.where} gives that reason: the spec says no status for it"
            )
        return int(statuses[0])

    def _shaped(self, status: int, body: Any) -> Answer:
        plan = self.plans.get(status)
        return Answer(status, body if plan is None else plan(body))

    def success(self, content: Any) -> Answer:
        return self._shaped(self.success_status, bodies.envelope(self.success_status, content))

    def refused(self, reason: str, message: str) -> Answer:
        status = self.refusal_statuses.get(reason)
        if status is None:  # a bug of the mock: a rule raised what its handler does not declare
            raise RuntimeError(
                f"{self.operation.operation_id} refused with {reason}, which @refuses in "
                "mock_server/handlers.py does not declare for it"
            )
        return self._shaped(status, bodies.api_error(status, reason, message))

    def invalid(self, errors: dict[str, list[str]]) -> Answer:
        return self._shaped(self.validation_status, bodies.validation_failed(self.validation_status, errors))

    def outcome(self, status: int) -> str:
        """The journal's word for an answer of this status."""
        if status < 400:
            return "ok"
        return self.outcomes.get(status, "error" if status >= 500 else "refused")


class Answers:
    """Every operation's answers, by operationId and by route; the rule for a request of no operation."""

    def __init__(self, index: SpecIndex, spec_root: Path) -> None:
        self.index, self.spec_root = index, spec_root
        self.by_id = {op.operation_id: OperationAnswers(index, op, spec_root) for op in index.operations}
        if not self.by_id:
            raise CannotFollow(f"{spec_root}: the spec has no operation")
        self.by_route = {route: self.by_id[op.operation_id] for route, op in index.routes.items()}
        common = Counter(a.validation_status for a in self.by_id.values()).most_common(1)[0][0]
        self.fallback = next(a for a in self.by_id.values() if a.validation_status == common)

    def at(self, scope: Scope) -> OperationAnswers:
        """The answers of the operation a request is for, or the rule's for a request of none."""
        return self.by_route.get((scope.get("method", ""), scope.get("path", "")), self.fallback)

    def resolve(self, operation_id: str) -> Callable[..., Any]:
        """The handler of an operation, answering as the spec says: the envelope and its status, or the
        status of the refusal its rules raised, each field in the spec's type. Connexion and the fast
        path call the same function, so both answer the same bytes."""
        handler = getattr(handlers, snake_case(operation_id))
        answers = self.by_id[operation_id]

        @functools.wraps(handler)
        async def answer(**arguments: Any) -> tuple[Any, int, dict[str, str]]:
            try:
                content = await handler(**arguments)
            except Refusal as refusal:
                status, body = answers.refused(refusal.reason, refusal.message)
            else:
                status, body = answers.success(content)
            # Said outright: connexion cannot choose where an answer documents more than one media type
            # (JSON, and the text/html a Laravel backend was seen to send: make adopt).
            return body, status, JSON_TYPE

        return answer
