"""The journal layer: the last requests the app sent, for `GET /__mock/journal`.

The API key is reduced to valid, wrong or missing; entries are kept raw and put in words only
when the journal is read.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from typing import Any

from mock_server.asgi import ASGIApp, Receive, Scope, Send, header
from mock_server.store import Store

PREFIX = "/__mock"
OUTCOMES = {401: "unauthorized", 422: "invalid", 404: "refused", 409: "refused", 405: "refused"}


def outcome(status: int, forced: bool) -> str:
    if forced:
        return "forced"
    if status < 400:
        return "ok"
    return OUTCOMES.get(status, "error" if status >= 500 else "refused")


class Journal:
    """Remembers the last requests; the API key is reduced to present/valid/missing."""

    def __init__(self, app: ASGIApp, store: Store, size: int) -> None:
        self.app, self.store = app, store
        self.entries: deque[tuple[Any, ...]] = deque(maxlen=size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 0

        async def watch(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except BaseException:
            # The answer never finished (a dropped connection, forced or not): not the status it began with.
            status = 0
            raise
        finally:
            # Kept raw; put in words only when the journal is read.
            key = header(scope, "x-api-key")
            forced = bool(scope.get("state", {}).get("mock_forced"))
            valid = key is not None and self.store.reseller_for(key) is not None
            ended = time.perf_counter()
            self.entries.append(
                (
                    time.time(),
                    scope["method"],
                    scope["path"],
                    status,
                    forced,
                    key is None,
                    valid,
                    ended - started,
                )
            )

    def view(self, limit: int) -> list[dict[str, Any]]:
        """The last `limit` requests, oldest first."""
        return (
            [
                {
                    "time": dt.datetime.fromtimestamp(at, dt.UTC).isoformat(timespec="milliseconds"),
                    "method": method,
                    "path": path,
                    "status": status or None,
                    "outcome": outcome(status, forced) if status else "dropped",
                    "api_key": "missing" if missing else "valid" if valid else "wrong",
                    "duration_ms": round(seconds * 1000, 1),
                }
                for at, method, path, status, forced, missing, valid, seconds in list(self.entries)[-limit:]
            ]
            if limit
            else []
        )
