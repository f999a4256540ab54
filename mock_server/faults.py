"""The faults layer: delays (fixed or a range, global or per operationId) and failures.

They come from the mock's options; `X-Mock-Delay: 300` or `100-500` and `X-Mock-Fault: 503` or
`drop` force them on one request. A failure answers the operation's documented
`service_unavailable` (its example, under the status the spec gives it: 503; with `Retry-After`), or
drops the connection mid-answer; a bad X-Mock header is the operation's validation answer. They
model the network and a service that is down, which come before the key is checked, so they apply
with or without a key.
"""

from __future__ import annotations

import asyncio
import random

from contract.spec import Operation, SpecIndex
from mock_server.answers import Answers
from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, send_json
from mock_server.bodies import http_error
from mock_server.settings import Delay, Settings


class DroppedConnection(Exception):
    """Raised to make the server drop the connection mid-answer (a forced network failure)."""


class Faults:
    def __init__(self, app: ASGIApp, settings: Settings, index: SpecIndex, answers: Answers) -> None:
        self.app, self.settings, self.index, self.answers = app, settings, index, answers
        self.random = random.Random()

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
            self.index.routes.get((scope.get("method", ""), scope.get("path", "")))
            if scope["type"] == "http"
            else None
        )
        if operation is None:
            await self.app(scope, receive, send)
            return
        # Each bad header is named by itself, as a field is (both when both are bad).
        problems: dict[str, list[str]] = {}
        delay: Delay | None = None
        try:
            delay = self._delay(scope, operation)
        except ValueError as error:
            problems["X-Mock-Delay"] = [str(error)]
        fault = self._fault(scope)
        if fault not in (None, "503", "500", "drop"):
            problems["X-Mock-Fault"] = [f"X-Mock-Fault is 503, 500 or drop, not {fault!r}"]
        if problems:
            await send_json(send, *self.answers.at(scope).invalid(problems))
            return
        if delay is not None:
            seconds = self.random.uniform(delay.low, delay.high) / 1000
            scope.setdefault("state", {})["mock_delay_ms"] = round(seconds * 1000, 1)  # for the journal
            await asyncio.sleep(seconds)
        if fault == "503":
            scope.setdefault("state", {})["mock_forced"] = True
            await send_json(send, *self.answers.at(scope).unavailable, headers={"Retry-After": "1"})
        elif fault == "500":
            # An error screen needs one; the spec documents no 500, so only a forced one exists.
            scope.setdefault("state", {})["mock_forced"] = True
            await send_json(send, 500, http_error(500, "Internal Server Error (forced by X-Mock-Fault: 500)"))
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
