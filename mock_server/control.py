"""Control endpoints under /__mock/ and the request journal.

Outside the OpenAPI document and not behind the API key; answered to loopback clients only,
unless the mock runs with --allow-remote-control.

    POST /__mock/reset            back to the seed dataset
    POST /__mock/load             replace the state with a dataset (JSON; checked first, all or nothing)
    GET  /__mock/state            the current state, as a dataset that /__mock/load takes back
    GET  /__mock/journal?limit=N  the last N requests: method, path, status, outcome (no keys)
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import time
from collections import deque
from typing import Any
from urllib.parse import parse_qs

from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, read_body, send_json
from mock_server.store import DatasetError, Store

PREFIX = "/__mock"
MAX_DATASET = 5 * 1024 * 1024
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


def is_loopback(scope: Scope) -> bool:
    client = scope.get("client")
    if not client:
        return True  # in-process (a test client): no network at all
    try:
        return ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return client[0] in ("localhost", "testclient")


class Control:
    def __init__(self, app: ASGIApp, store: Store, journal: Journal, allow_remote: bool) -> None:
        self.app, self.store, self.journal, self.allow_remote = app, store, journal, allow_remote

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (scope["path"] == PREFIX or scope["path"].startswith(PREFIX + "/")):
            await self.app(scope, receive, send)
            return
        if not self.allow_remote and not is_loopback(scope):
            await send_json(
                send,
                403,
                {
                    "error": "the /__mock/ endpoints answer loopback clients only "
                    "(start the mock with --allow-remote-control to change that)"
                },
            )
            return
        route = (scope["method"], scope["path"].removeprefix(PREFIX))
        if route == ("POST", "/reset"):
            self.store.reset()
            await send_json(send, 200, {"status": "reset to the seed dataset"})
        elif route == ("POST", "/load"):
            await self._load(receive, send)
        elif route == ("GET", "/state"):
            await send_json(send, 200, self.store.dump())
        elif route == ("GET", "/journal"):
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            try:
                limit = max(0, int(query.get("limit", ["50"])[0]))
            except ValueError:
                await send_json(send, 400, {"error": "limit must be a number"})
                return
            await send_json(send, 200, {"entries": self.journal.view(limit)})
        else:
            await send_json(
                send,
                404,
                {
                    "error": "unknown control endpoint",
                    "endpoints": [
                        "POST /__mock/reset",
                        "POST /__mock/load",
                        "GET /__mock/state",
                        "GET /__mock/journal?limit=N",
                    ],
                },
            )

    async def _load(self, receive: Receive, send: Send) -> None:
        try:
            data = json.loads(await read_body(receive, MAX_DATASET))
            self.store.seed(data)
        except (ValueError, DatasetError) as error:
            # Nothing was loaded: the dataset is checked in full before it replaces anything.
            await send_json(send, 422, {"error": f"dataset not loaded, the state is unchanged: {error}"})
            return
        await send_json(send, 200, {"status": "dataset loaded"})
