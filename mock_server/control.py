"""The control layer: endpoints under /__mock/ for tests and frontend teams, outside CORS.

Outside the OpenAPI document and not behind the API key; answered to loopback clients only,
unless the mock runs with --allow-remote-control. The endpoints are the table `ENDPOINTS` below
(what each takes and does; an unknown one is answered 404 with the table). Those that act on a
state act on the session `X-Mock-Session` names (created on first use), or on the shared state.

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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from mock_server import dataset
from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, read_body, send_json
from mock_server.dataset import DatasetError
from mock_server.journal import FILTERS, OUTCOME_NAMES, PREFIX, Journal
from mock_server.sessions import HEADER, Session, Sessions

MAX_DATASET = 5 * 1024 * 1024
ANSWERED = object()  # what _json_body returns when it has answered already (JSON null is None)


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


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # under PREFIX
    takes: str
    does: str
    answer: str  # the Control method that answers it
    on_session: bool = True  # acts on a session's state (and counts as using it)

    def __str__(self) -> str:
        return f"{self.method} {PREFIX}{self.path}{self.takes}: {self.does}"


ENDPOINTS = (
    Endpoint(
        "POST",
        "/reset",
        ' {"dataset": NAME, "today": "YYYY-MM-DD"} (both optional)',
        "back to the start dataset; the body changes what reset goes back to, and the clock",
        "_reset",
    ),
    Endpoint(
        "POST",
        "/load",
        ' a dataset as JSON (as /state gives it), or {"extends": NAME}',
        "replace the state (checked first, its answers against the spec too: all or nothing)",
        "_load",
    ),
    Endpoint("GET", "/state", "", "the current state, as a dataset /load takes back", "_state"),
    Endpoint(
        "GET",
        "/journal",
        "?limit=N&session=ID|*&api_key=valid|wrong|missing&operation=ID&outcome=O",
        "the last requests (never a key)",
        "_journal",
    ),
    Endpoint("GET", "/sessions", "", "the sessions alive, and the limits", "_sessions", on_session=False),
    Endpoint("GET", "/datasets", "", "the named datasets", "_datasets", on_session=False),
)
ROUTES = {(e.method, e.path): e for e in ENDPOINTS}
API_KEY_CLASSES = ("valid", "wrong", "missing")


class Control:
    def __init__(
        self,
        app: ASGIApp,
        sessions: Sessions,
        journal: Journal,
        allow_remote: bool,
        fits: Callable[[Any], None],  # DatasetError: a dataset whose answers the spec served does not allow
    ) -> None:
        self.app, self.sessions, self.journal, self.allow_remote = app, sessions, journal, allow_remote
        self.fits = fits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (scope["path"] == PREFIX or scope["path"].startswith(PREFIX + "/")):
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await send_json(send, 403, {"error": refusal})
            return
        endpoint = ROUTES.get((scope["method"], scope["path"].removeprefix(PREFIX)))
        if endpoint is None:
            listed = [str(e) for e in ENDPOINTS]
            await send_json(send, 404, {"error": "unknown control endpoint", "endpoints": listed})
            return
        if endpoint.method == "POST":
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
        session = None
        if endpoint.on_session:  # a listing uses no session: it does not count as using one
            try:
                session = self.sessions.get(header(scope, HEADER))
            except ValueError as error:
                await send_json(send, 422, {"error": str(error)})
                return
        await getattr(self, endpoint.answer)(scope, session, receive, send)

    async def _state(self, scope: Scope, session: Session, receive: Receive, send: Send) -> None:
        await send_json(send, 200, session.store.dump())

    async def _sessions(self, scope: Scope, session: None, receive: Receive, send: Send) -> None:
        sessions = self.sessions
        listed = [s.describe() for s in sessions.all()]
        body = {"max_sessions": sessions.limit, "session_idle_seconds": sessions.idle, "sessions": listed}
        await send_json(send, 200, body)

    async def _datasets(self, scope: Scope, session: None, receive: Receive, send: Send) -> None:
        await send_json(send, 200, {"datasets": dataset.names(), "start": self.sessions.start_dataset})

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

    async def _journal(self, scope: Scope, session: Session, receive: Receive, send: Send) -> None:
        query = {k: v[-1] for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()}
        unknown = sorted(set(query) - FILTERS)
        if unknown:
            await send_json(
                send, 400, {"error": f"unknown filter {unknown[0]}; the filters are {sorted(FILTERS)}"}
            )
            return
        try:
            limit = max(0, int(query.get("limit", "50")))
        except ValueError:
            await send_json(send, 400, {"error": "limit must be a number"})
            return
        # A filter with a closed set of values refuses any other (a typo would match nothing).
        closed = {
            "api_key": API_KEY_CLASSES,
            "outcome": OUTCOME_NAMES,
            "operation": tuple(op.operation_id for op in self.journal.index.operations),
        }
        for key, values in closed.items():
            if key in query and query[key] not in values:
                await send_json(
                    send, 400, {"error": f"{key} is one of {', '.join(values)}, not {query[key]!r}"}
                )
                return
        name = query.get("session")
        if name == "*":
            chosen = self.sessions.all()
        elif name is not None:
            known = {s.id: s for s in self.sessions.all() if s.id is not None}
            chosen = [known[name]] if name in known else []
        else:
            chosen = [session]
        await send_json(send, 200, {"entries": self.journal.view(chosen, query, limit)})

    @staticmethod
    async def _json_body(
        receive: Receive, send: Send, refuse: Callable[[Send, str], Awaitable[None]], empty: Any = ANSWERED
    ) -> Any:
        """The body as JSON (`empty` for none, when given), or ANSWERED after `refuse` said why not."""
        try:
            raw = await read_body(receive, MAX_DATASET)
        except ValueError as error:
            await refuse(send, str(error))
            return ANSWERED
        if not raw.strip() and empty is not ANSWERED:
            return empty
        try:
            return json.loads(raw)
        except RecursionError:
            await refuse(send, "the body's JSON is nested too deeply")
        except (UnicodeDecodeError, ValueError) as error:
            await refuse(
                send,
                f"the body is not valid JSON ({error}); /__mock/load takes JSON in the format "
                "GET /__mock/state gives (a YAML dataset: convert it to JSON first)",
            )
        return ANSWERED

    async def _reset(self, scope: Scope, session: Session, receive: Receive, send: Send) -> None:
        options = await self._json_body(receive, send, self._not_reset, empty={})
        if options is ANSWERED:
            return
        unknown = (
            sorted(set(options) - {"dataset", "today"}) if isinstance(options, dict) else ["(not an object)"]
        )
        if unknown:
            await self._not_reset(
                send, f'the body is {{"dataset": NAME, "today": "YYYY-MM-DD"}}, not {unknown[0]}'
            )
            return
        today = options.get("today", None if session.today is None else session.today.isoformat())
        try:
            self.sessions.configure(session, options.get("dataset"), today)
        except (DatasetError, ValueError, RecursionError) as error:
            await self._not_reset(send, str(error))
            return
        await send_json(send, 200, {"status": "reset", **session.describe()})

    @staticmethod
    async def _not_reset(send: Send, why: str) -> None:
        await send_json(send, 422, {"error": f"not reset, the state is unchanged: {why}"})

    async def _load(self, scope: Scope, session: Session, receive: Receive, send: Send) -> None:
        data = await self._json_body(receive, send, self._not_loaded)
        if data is ANSWERED:
            return
        if data is None:  # seed(None) would read the seed file: JSON null is no dataset
            await self._not_loaded(send, "the body is null, not a dataset")
            return
        try:
            self.fits(data)
            session.store.seed(data)
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
