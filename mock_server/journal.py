"""The journal layer: the last requests the app sent, for `GET /__mock/journal`, per session.

Each entry keeps the method, path, query string, operation, the request body (the first
`BODY_CAP` bytes), the status and its real outcome (`dropped` for a connection cut mid-answer,
the delay a fault added). The API key never is kept: it is reduced to valid, wrong or missing,
and any copy of it in the query or the body is masked. Entries are kept raw and put in words
only when the journal is read.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from urllib.parse import unquote

from contract.spec import SpecIndex
from mock_server.answers import Answers
from mock_server.asgi import ASGIApp, Receive, Scope, Send, headers_of
from mock_server.sessions import Session, Sessions

PREFIX = "/__mock"
# Every outcome an entry can have: the values `outcome=` filters on.
OUTCOME_NAMES = ("ok", "invalid", "unauthorized", "refused", "forced", "error", "dropped")
BODY_CAP = 4096
MASK = "***"
FILTERS = {"session", "api_key", "operation", "outcome", "limit"}


def masked(text: str, key: str | None) -> str:
    if key:
        for form in {key, unquote(key)} - {""}:
            text = text.replace(form, MASK)
    return text


class Journal:
    """Remembers the last requests of each session (the shared state is one too)."""

    def __init__(self, app: ASGIApp, sessions: Sessions, index: SpecIndex, answers: Answers) -> None:
        self.app, self.sessions, self.index, self.answers = app, sessions, index, answers
        self.key = index.key_header.lower().encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        session = self.sessions.current()
        if session.journal.maxlen == 0:
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 0
        # The body's first BODY_CAP bytes, read now (a request refused before its body is read
        # is journaled with it too), then given to the app as they came.
        headers = headers_of(scope)
        early: list[Any] = []
        body = bytearray()
        if headers.get(b"content-length", b"0") != b"0" or b"transfer-encoding" in headers:
            while len(body) <= BODY_CAP:
                message = await receive()
                early.append(message)
                body.extend(message.get("body", b""))
                if not message.get("more_body", False) or message["type"] != "http.request":
                    break
        truncated = len(body) > BODY_CAP
        del body[BODY_CAP:]

        async def listen() -> Any:
            return early.pop(0) if early else await receive()

        async def watch(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, listen if early else receive, watch)
        except BaseException:
            # The answer never finished (a dropped connection, forced or not): not the status it began with.
            status = 0
            raise
        finally:
            # Kept raw; put in words (and the key masked) only when the journal is read.
            raw_key = headers.get(self.key)
            key = None if raw_key is None else raw_key.decode("latin-1")
            state = scope.get("state", {})
            valid = key is not None and session.store.reseller_for(key) is not None
            session.journal.append(
                (
                    time.time(),
                    scope["method"],
                    scope["path"],
                    scope.get("query_string", b""),
                    bytes(body),
                    truncated,
                    status,
                    bool(state.get("mock_forced")),
                    state.get("mock_delay_ms"),
                    key,
                    valid,
                    time.perf_counter() - started,
                )
            )

    def _entry(self, session: Session, raw: tuple[Any, ...]) -> dict[str, Any]:
        at, method, path, query, body, truncated, status, forced, delay, key, valid, seconds = raw
        operation = self.index.routes.get((method, path))
        text = body.decode("utf-8", "replace")
        # The word for the status is the spec's: its validation status is "invalid", its refusals' "refused".
        said = "forced" if forced else self.answers.at({"method": method, "path": path}).outcome(status)
        return {
            "time": dt.datetime.fromtimestamp(at, dt.UTC).isoformat(timespec="milliseconds"),
            "session": session.id,
            "method": method,
            "path": path,
            "query": masked(query.decode("latin-1"), key),
            "operation": None if operation is None else operation.operation_id,
            "body": masked(text, key) if body else None,
            "body_truncated": truncated,
            "status": status or None,
            "outcome": said if status else "dropped",
            "delay_ms": delay,
            "api_key": "missing" if key is None else "valid" if valid else "wrong",
            "duration_ms": round(seconds * 1000, 1),
        }

    def view(self, sessions: list[Session], filters: dict[str, str], limit: int) -> list[dict[str, Any]]:
        """The last `limit` requests of these sessions that match the filters, oldest first."""
        entries = [self._entry(s, raw) for s in sessions for raw in list(s.journal)]
        entries.sort(key=lambda entry: entry["time"])
        wanted = {
            name: value for name, value in filters.items() if name in ("api_key", "operation", "outcome")
        }
        entries = [e for e in entries if all(str(e[name]) == value for name, value in wanted.items())]
        return entries[-limit:] if limit else []
