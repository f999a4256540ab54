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
from dataclasses import dataclass
from typing import Any

from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, send_json
from mock_server.settings import Delay, Settings

INVALID = "The given data was invalid."


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
    def __init__(self, app: ASGIApp, operations: dict[tuple[str, str], Operation]) -> None:
        self.app, self.operations = app, operations

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
        scope.setdefault("state", {})["mock_forced"] = True
        status, example = wanted.get("code"), wanted.get("example")
        statuses = operation.responses
        label = f"{scope['method']} {scope['path']}"
        if status is not None and status not in statuses:
            return await self._refuse(
                send, f"code={status} is not documented for {label}; documented: {', '.join(statuses)}"
            )
        candidates = {status: statuses[status]} if status is not None else statuses
        for code, examples in candidates.items():
            if example is None and examples:
                await send_json(send, int(code), next(iter(examples.values())))
                return
            if example in examples:
                await send_json(send, int(code), examples[example])
                return
        names = [f"{name} ({code})" for code, examples in candidates.items() for name in examples]
        await self._refuse(
            send,
            f"example={example} is not documented for {label}"
            f"{' with code=' + status if status else ''}; documented: {', '.join(names)}",
        )

    @staticmethod
    async def _refuse(send: Send, message: str) -> None:
        await send_json(send, 422, {"code": 422, "message": INVALID, "errors": {"Prefer": [message]}})


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
            await send_json(send, 422, {"code": 422, "message": INVALID, "errors": {"X-Mock": [str(error)]}})
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
