"""The control layer: endpoints under /__mock/ for tests and frontend teams, outside CORS.

Outside the OpenAPI document and not behind the API key; answered to loopback clients only,
unless the mock runs with --allow-remote-control.

    POST /__mock/reset            back to the seed dataset
    POST /__mock/load             replace the state with a dataset (JSON; checked first, all or nothing)
    GET  /__mock/state            the current state, as a dataset that /__mock/load takes back
    GET  /__mock/journal?limit=N  the last N requests: method, path, status, outcome (no keys)

A web page must reach none of them: the browser the developer uses is on loopback too. So
these endpoints carry no CORS headers (a page on another origin cannot read them, and its
preflights are refused), a request a browser sends from another origin (an `Origin` or
`Sec-Fetch-Site` that says so) is refused, the `Host` must be a loopback name (no DNS
rebinding), and the POSTs need `Content-Type: application/json`, which no "simple"
cross-origin request can carry, so a browser would have to ask first, and is told no.
"""

from __future__ import annotations

import ipaddress
import json
from urllib.parse import parse_qs

from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, read_body, send_json
from mock_server.dataset import DatasetError
from mock_server.journal import PREFIX, Journal
from mock_server.store import Store

MAX_DATASET = 5 * 1024 * 1024


def is_loopback(scope: Scope) -> bool:
    client = scope.get("client")
    if not client:
        return True  # in-process (a test client): no network at all
    try:
        return ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return client[0] in ("localhost", "testclient")


def in_process(scope: Scope) -> bool:
    client = scope.get("client")
    return not client or client[0] == "testclient"


def loopback_name(host_header: str | None) -> bool:
    """Whether a Host header names this machine's loopback (not a name that resolves there)."""
    host = (host_header or "").strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def from_a_web_page(scope: Scope) -> str | None:
    """Why this request looks sent by a page of another origin, or None."""
    site = header(scope, "sec-fetch-site")
    if site is not None and site.strip().lower() not in ("same-origin", "none"):
        return f"Sec-Fetch-Site: {site}"
    origin = header(scope, "origin")
    if origin is not None:
        own = {f"{scheme}://{header(scope, 'host') or ''}".lower() for scheme in ("http", "https")}
        if origin.strip().lower() not in own:
            return f"Origin: {origin}"
    return None


ENDPOINTS = ["POST /__mock/reset", "POST /__mock/load", "GET /__mock/state", "GET /__mock/journal?limit=N"]


class Control:
    def __init__(self, app: ASGIApp, store: Store, journal: Journal, allow_remote: bool) -> None:
        self.app, self.store, self.journal, self.allow_remote = app, store, journal, allow_remote

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (scope["path"] == PREFIX or scope["path"].startswith(PREFIX + "/")):
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await send_json(send, 403, {"error": refusal})
            return
        route = (scope["method"], scope["path"].removeprefix(PREFIX))
        if route[0] == "POST" and route[1] in ("/reset", "/load"):
            media_type = (header(scope, "content-type") or "").partition(";")[0].strip().lower()
            if media_type != "application/json":
                await send_json(
                    send,
                    415,
                    {
                        "error": f"POST {scope['path']} needs Content-Type: application/json "
                        "(so that no web page can send it), for example "
                        f"curl -X POST -H 'Content-Type: application/json' ... {scope['path']}"
                    },
                )
                return
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
            await send_json(send, 404, {"error": "unknown control endpoint", "endpoints": ENDPOINTS})

    def _refusal(self, scope: Scope) -> str | None:
        if self.allow_remote:
            return None
        if not is_loopback(scope):
            return (
                "the /__mock/ endpoints answer loopback clients only "
                "(start the mock with --allow-remote-control to change that)"
            )
        host = header(scope, "host")
        if not in_process(scope) and not loopback_name(host):
            return f"the /__mock/ endpoints answer requests for localhost only, not Host: {host}"
        sender = from_a_web_page(scope) or ("a preflight" if scope["method"] == "OPTIONS" else None)
        if sender is not None:
            return (
                f"the /__mock/ endpoints do not answer web pages of other origins ({sender}); "
                "use curl or a test's HTTP client"
            )
        return None

    async def _load(self, receive: Receive, send: Send) -> None:
        try:
            raw = await read_body(receive, MAX_DATASET)
        except ValueError as error:
            await self._not_loaded(send, str(error))
            return
        try:
            data = json.loads(raw)
        except RecursionError:
            await self._not_loaded(send, "the body is not a dataset: its JSON is nested too deeply")
            return
        except (UnicodeDecodeError, ValueError) as error:
            await self._not_loaded(
                send,
                f"the body is not valid JSON ({error}); /__mock/load takes JSON in the format "
                "GET /__mock/state gives (a YAML dataset: convert it to JSON first)",
            )
            return
        try:
            self.store.seed(data)
        except RecursionError:
            await self._not_loaded(send, "the dataset is nested too deeply")
        except DatasetError as error:
            await self._not_loaded(send, str(error))
        else:
            await send_json(send, 200, {"status": "dataset loaded"})

    @staticmethod
    async def _not_loaded(send: Send, why: str) -> None:
        # Nothing was loaded: the dataset is checked in full before it replaces anything.
        await send_json(send, 422, {"error": f"dataset not loaded, the state is unchanged: {why}"})
