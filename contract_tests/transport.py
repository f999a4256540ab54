"""Where the suite's requests leave: every client sends through `deliver`, which keeps the pace (RATE_LIMIT
and the server's own limit, contract_tests/pacing.py), enforces the target's safety policy and request
budget (`Target.check_outgoing`), and waits out a throttled answer (429) before sending the same
request again, telling the run of the answer it waited out (the rate limit's finding).

    GuardedSession        the requests session schemathesis uses against a live server
    guard_every_session   the same for every other requests session (schemathesis' auth probes)
    GuardedTransport      the httpx transport of the probes and of the generated client
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import requests

from contract_tests.pacing import MAX_WAIT
from contract_tests.target import BudgetSpent, Target

READS = frozenset({"GET", "HEAD"})
MAX_ATTEMPTS = 6  # sends of one request, the first included
Response = TypeVar("Response")


@dataclass(frozen=True)
class Throttled:
    """An answer the run waited out, for the rate limit's finding."""

    method: str
    url: str
    request_headers: Mapping[str, str]
    request_body: bytes | None
    status: int
    headers: Mapping[str, str]
    body: bytes


def caller(target: Target, headers: Mapping[str, Any]) -> str:
    """Whose rate-limit window a request counts in: the key's, or that of anyone without it."""
    wanted = target.key_header.lower()
    keyed = any(k.lower() == wanted and v == target.api_key for k, v in headers.items())
    return "key" if keyed and target.api_key else "anonymous"


def deliver(
    target: Target,
    method: str,
    url: str,
    headers: Mapping[str, Any],
    body: object,
    send: Callable[[], Response],
    peek: Callable[[Response], tuple[int, Mapping[str, str]]],
    drain: Callable[[Response], bytes],
) -> Response:
    """Send one request as the target allows; again after a 429 (or, for a read, a 503 saying when)."""
    who = caller(target, headers)
    attempt = 0
    while True:
        attempt += 1
        # The guard and the budget first: a request that is not sent waits for nothing.
        target.check_outgoing(method, url, headers, body)
        target.pacer.before(who)
        response = send()
        status, answer_headers = peek(response)
        wait = target.pacer.after(who, status, answer_headers, attempt)
        # A write answered 503 may have been done: only a 429 (refused before any work) is sent again.
        again = wait is not None and (status == 429 or method.upper() in READS)
        if not again or attempt >= MAX_ATTEMPTS or wait is None:
            return response
        content = drain(response)
        sent = body if isinstance(body, bytes) else body.encode() if isinstance(body, str) else None
        target.on_throttled(
            Throttled(method, url, dict(headers), sent, status, dict(answer_headers), content)
        )
        if wait > MAX_WAIT:
            raise BudgetSpent(
                f"the server asked to wait {wait:.0f} s before the next request (more than {MAX_WAIT:.0f} s):"
                " the run stops sending"
            )
        target.pacer.wait(wait, f"the server's rate limit ({status}, wait {wait:.0f} s)")


def _requests_peek(response: requests.Response) -> tuple[int, Mapping[str, str]]:
    return response.status_code, response.headers


def _requests_drain(response: requests.Response) -> bytes:
    content = response.content
    response.close()
    return content


def _send_guarded(
    target: Target, session: requests.Session, request: requests.PreparedRequest, send: Callable[[], Any]
) -> requests.Response:
    response: requests.Response = deliver(
        target,
        request.method or "GET",
        request.url or "",
        request.headers,
        request.body,
        send,
        _requests_peek,
        _requests_drain,
    )
    return response


class GuardedSession(requests.Session):
    """The requests session schemathesis uses against a live server, behind the policy."""

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        return _send_guarded(
            self.target, self, request, lambda: super(GuardedSession, self).send(request, **kwargs)
        )


def guard_every_session(target: Target) -> None:
    """Put every requests session behind the policy, not only ours: some of schemathesis' checks
    (the auth probes of `ignored_auth`) send through a fresh session of their own. They carry no
    key, but they count against MAX_REQUESTS and keep the pace like every other request."""
    original = requests.Session.send
    if getattr(original, "guarded", False):
        return

    def send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if isinstance(self, GuardedSession):
            return original(self, request, **kwargs)
        return _send_guarded(target, self, request, lambda: original(self, request, **kwargs))

    send.guarded = True  # type: ignore[attr-defined]
    requests.Session.send = send  # type: ignore[method-assign]


class GuardedTransport(httpx.BaseTransport):
    """The httpx transport of the probes and the generated client against a live server."""

    def __init__(self, target: Target, inner: httpx.BaseTransport | None = None) -> None:
        self.target = target
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # The generated client's bodies are bytes in memory; a stream cannot be read before it
        # leaves, so it counts as carrying the key (check_outgoing fails closed on it).
        body: object = request.content if isinstance(request.stream, httpx.ByteStream) else request.stream
        response: httpx.Response = deliver(
            self.target,
            request.method,
            str(request.url),
            request.headers,
            body,
            lambda: self.inner.handle_request(request),
            lambda r: (r.status_code, r.headers),
            _httpx_drain,
        )
        return response

    def close(self) -> None:
        self.inner.close()


def _httpx_drain(response: httpx.Response) -> bytes:
    content = response.read()
    response.close()
    return content
