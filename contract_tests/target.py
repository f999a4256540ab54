"""What the contract suite runs against, and what it may do there.

The target comes from the environment:

    (nothing)                     the mock, in-process (CONTRACT_APP picks another ASGI app factory)
    BASE_URL=... API_KEY=...      a live server: a running mock, a staging server or the real API

Against a live server the suite is read-only unless told otherwise: keyed requests are
GETs only; every other operation is sent without the key (so it must answer 401).
ALLOW_WRITES=1 with CUSTOMER_CODE=<sandbox customer> lets writes through, always for that
customer; paid operations (those the spec marks `x-spends-credit`, and anything the policy
cannot classify: contract_tests/policy.py) also need ALLOW_PAID=1 and stop after MAX_PAID of
them (default 1), counted where they leave. Non-loopback hosts are rate limited (RATE_LIMIT
requests per second, default 2). The key is never printed: `redactor` scrubs it.

A target is built once, by the suite's entry point (conftest.py), from the environment; a bad
setting is a `TargetError` whose message is the one sentence to show.
"""

from __future__ import annotations

import functools
import importlib
import ipaddress
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import requests

from contract.redact import Redactor
from contract.spec import SpecIndex
from contract_tests.policy import Kind, RequestPolicy

IN_PROCESS_HOST = "http://mock"
DEFAULT_MAX_REQUESTS = 600
# The in-process target names the mock's app factory as a string: the suite does not import the mock.
DEFAULT_APP = "mock_server.app:create_app"


class TargetError(ValueError):
    """A setting the suite cannot run with; the message names it."""


class UnsafeRequest(RuntimeError):
    """A request the safety policy forbids reached the transport; it was not sent."""


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def flag(env: dict[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in ("1", "true", "yes", "on")


class RateLimiter:
    """At most `per_second` requests per second, shared by every client of the suite."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self.interval
        if delay > 0:
            time.sleep(delay)


@dataclass
class Target:
    base_url: str
    api_key: str  # in-process, the app's development key (set when the app is built)
    live: bool
    allow_writes: bool
    allow_paid: bool
    customer_code: int | None
    max_paid: int
    limiter: RateLimiter
    app_factory: str = DEFAULT_APP
    max_requests: int | None = None
    paid_sent: int = 0
    requests_sent: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    index: SpecIndex = field(default_factory=SpecIndex.load)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Target:
        env = dict(os.environ if env is None else env)
        base_url = env.get("BASE_URL", "").rstrip("/")
        live = bool(base_url)
        customer = env.get("CUSTOMER_CODE") or None  # make exports the variables it names, empty when unset
        if customer is not None and not customer.strip().isdigit():
            raise TargetError(f"CUSTOMER_CODE is a customer's number, not {customer!r}")
        index = SpecIndex.load()
        target = cls(
            base_url=base_url or IN_PROCESS_HOST + index.base_path,
            api_key=env.get("API_KEY") or "",
            live=live,
            # In-process, the mock is ours and in memory: everything is allowed.
            allow_writes=not live or flag(env, "ALLOW_WRITES"),
            allow_paid=not live or flag(env, "ALLOW_PAID"),
            customer_code=int(customer) if customer else None,
            max_paid=int(_number(env, "MAX_PAID", "1", "a number of paid requests")) if live else 10**9,
            limiter=RateLimiter(
                0
                if not live or is_loopback(base_url)
                else _number(env, "RATE_LIMIT", "2", "a number of requests per second")
            ),
            app_factory=env.get("CONTRACT_APP") or DEFAULT_APP,
            max_requests=_requests_budget(env, base_url) if live else None,
            index=index,
        )
        if not live:
            # In-process, the contract is the spec the app serves (the mock's may be another: MOCK_SPEC).
            served = getattr(target.app, "index", None)
            if isinstance(served, SpecIndex):
                target.index, target.base_url = served, IN_PROCESS_HOST + served.base_path
        if live and not target.api_key:
            raise TargetError(
                "API_KEY is required with BASE_URL (give it in the environment, never in a file)"
            )
        if target.allow_writes and live and target.customer_code is None:
            raise TargetError("ALLOW_WRITES=1 needs CUSTOMER_CODE=<a sandbox customer> against a live server")
        return target

    @property
    def key_header(self) -> str:
        return self.index.key_header

    @property
    def base_path(self) -> str:
        return self.index.base_path

    @property
    def where(self) -> str:
        if not self.live:
            return "on the in-process mock"
        return (
            "on the local server"
            if is_loopback(self.base_url)
            else f"on the real server ({urlsplit(self.base_url).hostname})"
        )

    @functools.cached_property
    def app(self) -> Any:
        """The in-process app (CONTRACT_APP's factory), built on first use; without API_KEY its
        development key (the default reseller's) is the suite's key."""
        module, name = self.app_factory.split(":")
        app = getattr(importlib.import_module(module), name)()
        store = getattr(app, "store", None)
        if not self.api_key and store is not None:
            self.api_key = store.default_reseller.api_key
        return app

    @property
    def redactor(self) -> Redactor:
        return Redactor(self.api_key)

    # -- the policy ---------------------------------------------------------------------------
    @functools.cached_property
    def policy(self) -> RequestPolicy:
        return RequestPolicy(self.base_url, self.index)

    def may_send_key(self, method: str, url: str) -> bool:
        """Whether a request may carry the real key (paid ones while the budget lasts)."""
        if not self.live:
            return True
        kind = self.policy.classify(method, url).kind
        if kind is Kind.READ:
            return True
        if kind is Kind.WRITE:
            return self.allow_writes
        return kind is Kind.PAID and self.allow_writes and self.paid_budget_left()

    def paid_budget_left(self) -> bool:
        return self.allow_paid and self.paid_sent < self.max_paid

    def key_headers(self, method: str, url: str) -> dict[str, str]:
        return {self.key_header: self.api_key} if self.may_send_key(method, url) else {}

    def carries_key(self, url: str, headers: Any, body: object = None) -> bool:
        """Whether the key is anywhere in the request: any header, the URL (decoded too), the body.
        A body that cannot be read before it is sent (a stream, a file) is taken to carry it."""
        key = self.api_key
        if not key:
            return False
        if any(key in str(value) for value in headers.values()) or key in url or key in unquote(url):
            return True
        if isinstance(body, bytes):
            return key.encode() in body
        if isinstance(body, str):
            return key in body
        return body is not None  # fail closed

    def check_outgoing(self, method: str, url: str, headers: Any, body: object = None) -> None:
        """The last guard, in the transport, whoever built the request: a keyed request the policy
        does not allow is never sent, and paid ones are counted here, where they leave."""
        self.limiter.wait()
        if not self.live:
            return
        with self._lock:
            if self.max_requests is not None and self.requests_sent >= self.max_requests:
                raise BudgetSpent(
                    f"MAX_REQUESTS={self.max_requests} requests were sent: the run stops sending"
                )
            self.requests_sent += 1
        if not self.carries_key(url, headers, body):
            return
        verdict = self.policy.classify(method, url)
        refused = f"refused to send a keyed {method} {url}"
        if verdict.kind is Kind.READ:
            return
        if verdict.kind is Kind.FOREIGN:
            raise UnsafeRequest(f"{refused}: {verdict.why}; the key goes only to BASE_URL")
        if not self.allow_writes:
            raise UnsafeRequest(f"{refused} ({verdict.why}): writes need ALLOW_WRITES=1")
        if verdict.kind is Kind.PAID:
            with self._lock:
                if not self.paid_budget_left():
                    raise UnsafeRequest(
                        f"{refused} ({verdict.why}): paid requests need ALLOW_PAID=1 "
                        f"and stop after MAX_PAID={self.max_paid}"
                    )
                self.paid_sent += 1


def _number(env: dict[str, str], name: str, default: str, what: str) -> float:
    given = env.get(name) or default
    try:
        value = float(given)
    except ValueError:
        raise TargetError(f"{name} is {what}, not {given!r}") from None
    if value < 0:
        raise TargetError(f"{name} is {what}, not {given!r}")
    return value


def _requests_budget(env: dict[str, str], base_url: str) -> int | None:
    """MAX_REQUESTS, else 600 for a real (non-loopback) server and no limit on this machine."""
    given = env.get("MAX_REQUESTS", "").strip()
    if given:
        if not given.isdigit():
            raise TargetError(f"MAX_REQUESTS is a number of requests, not {given!r}")
        return int(given)
    return None if is_loopback(base_url) else DEFAULT_MAX_REQUESTS


class BudgetSpent(UnsafeRequest):
    """MAX_REQUESTS requests were sent; the run stops sending and reports what it saw."""


class GuardedSession(requests.Session):
    """The requests session schemathesis uses against a live server, behind the policy."""

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.target.check_outgoing(request.method or "GET", request.url or "", request.headers, request.body)
        return super().send(request, **kwargs)


def guard_every_session(target: Target) -> None:
    """Put every requests session behind the policy, not only ours: some of schemathesis' checks
    (the auth probes of `ignored_auth`) send through a fresh session of their own. They carry no
    key, but they count against MAX_REQUESTS and wait for RATE_LIMIT like every other request."""
    original = requests.Session.send
    if getattr(original, "guarded", False):
        return

    def send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if not isinstance(self, GuardedSession):
            target.check_outgoing(request.method or "GET", request.url or "", request.headers, request.body)
        return original(self, request, **kwargs)

    send.guarded = True  # type: ignore[attr-defined]
    requests.Session.send = send  # type: ignore[method-assign]


class GuardedTransport(httpx.BaseTransport):
    """The httpx transport the generated client uses against a live server, behind the policy."""

    def __init__(self, target: Target, inner: httpx.BaseTransport | None = None) -> None:
        self.target = target
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # The generated client's bodies are bytes in memory; a stream cannot be read before it
        # leaves, so it counts as carrying the key (check_outgoing fails closed on it).
        body: object = request.content if isinstance(request.stream, httpx.ByteStream) else request.stream
        self.target.check_outgoing(request.method, str(request.url), request.headers, body)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()
