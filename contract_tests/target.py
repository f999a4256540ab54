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
requests per second, default 2), and the server's own limit is honoured (contract_tests/pacing.py).
RESOLVE=host:port:address reaches BASE_URL's host at another address (contract_tests/resolve.py).
The key is never printed: `redactor` scrubs it. The transports that enforce all of this, where
requests leave, are in contract_tests/transport.py.

A target is built once, by the suite's entry point (conftest.py), from the environment; a bad
setting is a `TargetError` whose message is the one sentence to show.
"""

from __future__ import annotations

import functools
import importlib
import ipaddress
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from contract.redact import Redactor
from contract.spec import SpecIndex
from contract_tests.pacing import Pacer
from contract_tests.policy import Kind, RequestPolicy
from contract_tests.resolve import Resolve, ResolveError

IN_PROCESS_HOST = "http://mock"
DEFAULT_MAX_REQUESTS = 600
# The in-process target names the mock's app factory as a string: the suite does not import the mock.
DEFAULT_APP = "mock_server.app:create_app"


class TargetError(ValueError):
    """A setting the suite cannot run with; the message names it."""


class UnsafeRequest(RuntimeError):
    """A request the safety policy forbids reached the transport; it was not sent. The message is the
    one sentence the run shows, and the run goes on with the next case."""


class BudgetSpent(UnsafeRequest):
    """MAX_REQUESTS requests were sent (or the server asked for a longer wait than the run allows);
    the run stops sending and reports what it saw."""


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


@dataclass
class Target:
    base_url: str
    api_key: str  # in-process, the app's development key (set when the app is built)
    live: bool
    allow_writes: bool
    allow_paid: bool
    customer_code: int | None
    max_paid: int
    pacer: Pacer
    app_factory: str = DEFAULT_APP
    max_requests: int | None = None
    resolve: Resolve | None = None
    paid_sent: int = 0
    requests_sent: int = 0
    refused: list[str] = field(default_factory=list)  # the guard's refusals, one sentence each
    # Told of every answer the run sends again after a wait (a 429): the rate-limit finding's evidence.
    on_throttled: Callable[..., None] = lambda *args: None
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
            pacer=Pacer(
                0
                if not live or is_loopback(base_url)
                else _number(env, "RATE_LIMIT", "2", "a number of requests per second")
            ),
            app_factory=env.get("CONTRACT_APP") or DEFAULT_APP,
            max_requests=_requests_budget(env, base_url) if live else None,
            resolve=_resolve(env, base_url),
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

    @property
    def budget_spent(self) -> bool:
        """MAX_REQUESTS requests were sent: nothing more will be."""
        return self.max_requests is not None and self.requests_sent >= self.max_requests

    def paid_budget_left(self) -> bool:
        return self.allow_paid and self.paid_sent < self.max_paid

    def key_headers(self, method: str, url: str) -> dict[str, str]:
        return {self.key_header: self.api_key} if self.may_send_key(method, url) else {}

    def key_places(self, url: str, headers: Any, body: object = None) -> list[str]:
        """Where the key is in the request: any header, the URL (decoded too), the body. A body that
        cannot be read before it is sent (a stream, a file) is taken to carry it."""
        key = self.api_key
        if not key:
            return []
        found = [f"the header {name}" for name, value in headers.items() if key in str(value)]
        if key in url or key in unquote(url):
            found.append("the URL")
        if isinstance(body, str):
            found += ["the body"] if key in body else []
        elif isinstance(body, bytes):
            found += ["the body"] if key.encode() in body else []
        elif body is not None:
            found.append("a body that cannot be read before it is sent")  # fail closed
        return found

    def carries_key(self, url: str, headers: Any, body: object = None) -> bool:
        return bool(self.key_places(url, headers, body))

    def check_outgoing(self, method: str, url: str, headers: Any, body: object = None) -> None:
        """The last guard, in the transport, whoever built the request: a keyed request the policy
        does not allow is never sent, nor one with the key where the kit puts none (a generated
        value that happens to hold it), and paid ones are counted here, where they leave."""
        if not self.live:
            return
        with self._lock:
            if self.budget_spent:
                raise BudgetSpent(
                    f"MAX_REQUESTS={self.max_requests} requests were sent: the run stops sending"
                )
            self.requests_sent += 1
        places = self.key_places(url, headers, body)
        if not places:
            return
        verdict = self.policy.classify(method, url)
        shown = self.redactor(url)
        elsewhere = [p for p in places if p.lower() != f"the header {self.key_header}".lower()]
        where = f"; the key was in {', '.join(elsewhere)}, where the kit puts none" if elsewhere else ""
        refused = f"the guard refused to send a keyed {method} {shown}"
        why = self.redactor(verdict.why)
        if verdict.kind is Kind.FOREIGN:
            raise UnsafeRequest(f"{refused}: {why}; the key goes only to BASE_URL")
        if verdict.kind is not Kind.READ and not self.allow_writes:
            raise UnsafeRequest(f"{refused} ({why}): writes need ALLOW_WRITES=1{where}")
        if elsewhere:
            raise UnsafeRequest(f"{refused}{where}")
        if verdict.kind is Kind.PAID:
            with self._lock:
                if not self.paid_budget_left():
                    raise UnsafeRequest(
                        f"{refused} ({why}): paid requests need ALLOW_PAID=1 "
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


def _resolve(env: dict[str, str], base_url: str) -> Resolve | None:
    given = env.get("RESOLVE", "").strip()
    if not given:
        return None
    if not base_url:
        raise TargetError("RESOLVE redirects BASE_URL's host: give BASE_URL too")
    try:
        return Resolve.parse(given, base_url)
    except ResolveError as error:
        raise TargetError(str(error)) from None
