"""Screen states without code: Prefer headers (as Prism reads them), delays and failures.

- `Prefer: code=409` answers the documented response of that status (its first named
  example); `Prefer: example=insufficientCredit` answers that named example; both together
  pick the example within that status. An undocumented status or example is refused with a
  422 that lists the documented ones. A forced answer changes no state.
- Delays (fixed or a range, global or per operationId) and a failure rate come from the mock's
  options; `X-Mock-Delay: 300` or `100-500` and `X-Mock-Fault: 503` or `drop` force them on one
  request. A failure answers the spec's 503, or drops the connection.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, send_json
from mock_server.bodies import UNAUTHORIZED, validation_failed
from mock_server.settings import Delay, Settings


@dataclass(frozen=True)
class Operation:
    operation_id: str
    # status -> example name -> body, in the spec's order
    responses: dict[str, dict[str, Any]]


def operations_of(spec: dict[str, Any], base_path: str) -> dict[tuple[str, str], Operation]:
    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            kind, name = node["$ref"].split("/")[-2:]
            node = spec["components"][kind][name]
        return node

    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            responses: dict[str, dict[str, Any]] = {}
            for status, response in operation["responses"].items():
                content = resolve(response).get("content", {}).get("application/json", {})
                examples = content.get("examples", {})
                responses[status] = {name: resolve(example)["value"] for name, example in examples.items()}
            found[(method.upper(), base_path + path)] = Operation(operation["operationId"], responses)
    return found


def preferences(scope: Scope) -> dict[str, str]:
    """The `Prefer` header's key=value tokens (RFC 7240), for the keys this mock reads."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name.lower() != b"prefer":
            continue
        for token in bytes(value).decode("latin-1").replace(";", ",").split(","):
            key, _, val = token.strip().partition("=")
            if key.strip().lower() in ("code", "example"):
                found[key.strip().lower()] = val.strip().strip('"')
    return found


class Scenarios:
    """Answers `Prefer` with a documented response, changing nothing.

    The real API checks the key before anything else, so a forced answer needs a valid key too
    (a frontend app that forgets the key finds out here, not against the real service); only a
    forced 401 needs none. A `default` response stands for every status the operation does not
    list: `Prefer: code=502` answers it with 502; `code=default` and its examples by name, with 500.
    """

    def __init__(
        self, app: ASGIApp, operations: dict[tuple[str, str], Operation], valid_key: Callable[[str], bool]
    ) -> None:
        self.app, self.operations, self.valid_key = app, operations, valid_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = (
            self.operations.get((scope.get("method", ""), scope.get("path", "")))
            if scope["type"] == "http"
            else None
        )
        wanted = preferences(scope) if operation is not None else {}
        if not wanted or operation is None:
            await self.app(scope, receive, send)
            return
        chosen = self._choose(operation, wanted.get("code"), wanted.get("example"))
        if isinstance(chosen, str):
            await self._refuse(send, chosen.format(label=f"{scope['method']} {scope['path']}"))
            return
        code, body = chosen
        key = header(scope, "x-api-key")
        if code != 401 and (key is None or not self.valid_key(key)):
            await send_json(send, 401, UNAUTHORIZED)  # the key is checked first, as the real API does
            return
        scope.setdefault("state", {})["mock_forced"] = True
        await send_json(send, code, body)

    @staticmethod
    def _choose(operation: Operation, status: str | None, example: str | None) -> tuple[int, Any] | str:
        """The (status, body) to answer, or a message (with `{label}`) saying what is documented."""
        statuses = operation.responses
        if status is not None and status not in statuses:
            if "default" not in statuses or not (status.isdigit() and 100 <= int(status) <= 599):
                return f"code={status} is not documented for {{label}}; documented: {', '.join(statuses)}"
            candidates = {"default": statuses["default"]}
        else:
            candidates = {status: statuses[status]} if status is not None else statuses
        for code, examples in candidates.items():
            # A `default` response answers with the status asked for, else 500.
            answered = int(code) if code != "default" else int(status) if status and status.isdigit() else 500
            if example is None and examples:
                return answered, next(iter(examples.values()))
            if example in examples:
                return answered, examples[example]
        names = [f"{name} ({code})" for code, examples in candidates.items() for name in examples]
        with_code = f" with code={status}" if status else ""
        return f"example={example} is not documented for {{label}}{with_code}; documented: {', '.join(names)}"

    @staticmethod
    async def _refuse(send: Send, message: str) -> None:
        await send_json(send, 422, validation_failed({"Prefer": [message]}))


class DroppedConnection(Exception):
    """Raised to make the server drop the connection mid-answer (a forced network failure)."""


class Faults:
    def __init__(
        self, app: ASGIApp, settings: Settings, operations: dict[tuple[str, str], Operation]
    ) -> None:
        self.app, self.settings, self.operations = app, settings, operations
        self.random = random.Random()
        self.failure_body = self.operations[next(iter(self.operations))].responses["503"][
            "serviceUnavailable"
        ]

    def _delay(self, scope: Scope, operation: Operation) -> Delay | None:
        forced = header(scope, "x-mock-delay")
        if forced is not None:
            return Delay.parse(forced)
        return self.settings.delay_for.get(operation.operation_id, self.settings.delay)

    def _fault(self, scope: Scope) -> str | None:
        forced = header(scope, "x-mock-fault")
        if forced is not None:
            return forced.strip().lower()
        if self.settings.failure_rate and self.random.random() < self.settings.failure_rate:
            return "drop" if self.settings.failure_mode == "drop" else "503"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = (
            self.operations.get((scope.get("method", ""), scope.get("path", "")))
            if scope["type"] == "http"
            else None
        )
        if operation is None:
            await self.app(scope, receive, send)
            return
        try:
            delay, fault = self._delay(scope, operation), self._fault(scope)
            if fault not in (None, "503", "drop"):
                raise ValueError(f"X-Mock-Fault is 503 or drop, not {fault!r}")
        except ValueError as error:
            await send_json(send, 422, validation_failed({"X-Mock": [str(error)]}))
            return
        if delay is not None:
            await asyncio.sleep(self.random.uniform(delay.low, delay.high) / 1000)
        if fault == "503":
            scope.setdefault("state", {})["mock_forced"] = True
            await send_json(send, 503, self.failure_body, headers={"Retry-After": "1"})
        elif fault == "drop":
            scope.setdefault("state", {})["mock_forced"] = True
            # Start an answer that promises more than it sends, then stop: the client sees
            # the connection cut in the middle of the response.
            await send(
                {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1000")]}
            )
            await send({"type": "http.response.body", "body": b'{"code": 2', "more_body": True})
            raise DroppedConnection(
                "connection dropped on purpose (X-Mock-Fault: drop or --failure-mode drop)"
            )
        else:
            await self.app(scope, receive, send)
