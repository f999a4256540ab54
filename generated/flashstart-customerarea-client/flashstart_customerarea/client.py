"""The clients (custom template: client_templates/client.py.jinja).

`AuthenticatedClient(token=key)` is ready for this API: it sends the key as `X-API-KEY` with no
prefix, to the vendor's production URL unless `base_url` says otherwise, with timeouts and with
retries that are safe for money (`Retries`). `Client` is the same without a key.

Each retry is logged at INFO on the `flashstart_customerarea` logger, which says nothing unless the
application turns logging on (`logging.basicConfig(level=logging.INFO)`, or a handler on that logger).
"""

import logging
import random
import ssl
from typing import Any, Self

import httpx
import tenacity
from attrs import define, evolve, field

from .types import RateLimit

PRODUCTION_URL = "https://api.fsflt.net/customerarea"
"""The vendor's production server (the spec's first `servers` entry): writes there spend real credit."""

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""30 s for each read, write and pool wait, 10 s to connect; `timeout=` changes it."""

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The statuses that mean "not now": the server did not act, and says when to come back.
RETRY_STATUSES = frozenset({429, 503})

logger = logging.getLogger(__name__)


@define(frozen=True)
class Retries:
    """When a request is sent again.

    Reads (GET) are retried after a connection error or a timeout and after a `429` (rate limited)
    or a `503`, waiting what the answer asks (Retry-After, else X-RateLimit-Reset), else an
    exponential backoff with jitter from `wait_initial` to `wait_max` seconds; `attempts` tries in
    all, within `timeout` seconds. An answer that asks for more than `max_retry_after` seconds is
    not waited for: it is what the caller gets, at once. Writes (POST) are never retried unless
    `writes=True`: they may spend credit, and a write whose answer was lost may have been carried
    out. `Retries(attempts=1)`: never.
    """

    attempts: int = 3
    timeout: float = 60.0
    wait_initial: float = 0.5
    wait_max: float = 10.0
    max_retry_after: float = 30.0
    writes: bool = False

    def applies_to(self, request: httpx.Request) -> bool:
        return self.attempts > 1 and (request.method in READ_METHODS or self.writes)


NO_RETRIES = Retries(attempts=1)


class _NotNow(Exception):
    """A 429 or 503 that may be retried; carries it, so that the last one is what the caller gets."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"answered {response.status_code}")
        self.response = response
        self.wait = RateLimit.from_headers(response.headers).wait_seconds


def _retrying(retries: Retries, request: httpx.Request, kind: type[Any]) -> Any:
    """A tenacity loop (`kind`: Retrying or AsyncRetrying) for one request, as `retries` says."""

    def worth_retrying(error: BaseException) -> bool:
        if isinstance(error, _NotNow):
            return error.wait is None or error.wait <= retries.max_retry_after
        return isinstance(error, httpx.TransportError)

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _NotNow) and error.wait is not None:
            return error.wait
        backoff = retries.wait_initial * 2.0 ** (state.attempt_number - 1) + random.uniform(0, 1)
        return min(retries.wait_max, backoff)

    def log(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        cause = str(error) if isinstance(error, _NotNow) else f"failed ({type(error).__name__}: {error})"
        logger.info(
            "%s %s %s; attempt %d of %d, retrying in %.1f s",
            request.method,
            request.url.path,
            cause,
            state.attempt_number,
            retries.attempts,
            state.upcoming_sleep,
        )

    return kind(
        retry=tenacity.retry_if_exception(worth_retrying),
        wait=wait,
        stop=tenacity.stop_after_attempt(retries.attempts) | tenacity.stop_before_delay(retries.timeout),
        before_sleep=log,
        reraise=True,
    )


class RetryingTransport(httpx.BaseTransport):
    """Sends a request again as `Retries` allows (tenacity does the waiting)."""

    def __init__(self, inner: httpx.BaseTransport, retries: Retries) -> None:
        self.inner, self.retries = inner, retries

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.retries.applies_to(request):
            return self.inner.handle_request(request)
        try:
            for attempt in _retrying(self.retries, request, tenacity.Retrying):
                with attempt:
                    response = self.inner.handle_request(request)
                    if response.status_code in RETRY_STATUSES:
                        response.read()
                        response.close()
                        raise _NotNow(response)
                    return response
        except _NotNow as last:
            return last.response
        raise AssertionError("tenacity ended without an answer or an error")  # pragma: no cover

    def close(self) -> None:
        self.inner.close()


class AsyncRetryingTransport(httpx.AsyncBaseTransport):
    """The same for httpx.AsyncClient."""

    def __init__(self, inner: httpx.AsyncBaseTransport, retries: Retries) -> None:
        self.inner, self.retries = inner, retries

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.retries.applies_to(request):
            return await self.inner.handle_async_request(request)
        try:
            async for attempt in _retrying(self.retries, request, tenacity.AsyncRetrying):
                with attempt:
                    response = await self.inner.handle_async_request(request)
                    if response.status_code in RETRY_STATUSES:
                        await response.aread()
                        await response.aclose()
                        raise _NotNow(response)
                    return response
        except _NotNow as last:
            return last.response
        raise AssertionError("tenacity ended without an answer or an error")  # pragma: no cover

    async def aclose(self) -> None:
        await self.inner.aclose()


@define
class Client:
    """A client without a key (for endpoints that need none).

    Keyword arguments, used to build the httpx clients:
        base_url: where the API is (default PRODUCTION_URL); requests go to paths under it
        cookies, headers: sent with every request
        timeout: an httpx.Timeout (default DEFAULT_TIMEOUT); httpx.TimeoutException past it
        verify_ssl: verify the server's certificate (keep True in production)
        follow_redirects: default False
        retries: a Retries (default: reads 3 times, writes never)
        httpx_args: more arguments for httpx.Client and httpx.AsyncClient (a `transport` there is
            wrapped in the retries too)
        raise_on_unexpected_status: sync() raises errors.UnexpectedStatus on an undocumented
            status instead of returning an errors.UnexpectedAnswer
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(default=PRODUCTION_URL, kw_only=True, alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _retries: Retries = field(factory=Retries, kw_only=True, alias="retries")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def _auth_headers(self) -> dict[str, str]:
        return {}

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A new client like this one, with more headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """A new client like this one, with more cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        """A new client like this one, with another timeout"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def with_retries(self, retries: Retries) -> Self:
        """A new client like this one, with other retries (for example Retries(writes=True))"""
        return evolve(self, retries=retries)

    def _arguments(self) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": {**self._headers, **self._auth_headers()},
            "timeout": self._timeout,
            "follow_redirects": self._follow_redirects,
            **{k: v for k, v in self._httpx_args.items() if k != "transport"},
        }

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use this httpx.Client (its own settings then apply: no key, timeout or retries are added)"""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The httpx.Client, built on first use"""
        if self._client is None:
            inner = self._httpx_args.get("transport") or httpx.HTTPTransport(verify=self._verify_ssl)
            self._client = httpx.Client(transport=RetryingTransport(inner, self._retries), **self._arguments())
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use this httpx.AsyncClient (its own settings then apply)"""
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx.AsyncClient, built on first use"""
        if self._async_client is None:
            inner = self._httpx_args.get("transport") or httpx.AsyncHTTPTransport(verify=self._verify_ssl)
            self._async_client = httpx.AsyncClient(
                transport=AsyncRetryingTransport(inner, self._retries), **self._arguments()
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient(Client):
    """A client with an API key: `AuthenticatedClient(token=os.environ["FLASHSTART_API_KEY"])`.

    The key goes in `auth_header_name` (X-API-KEY), after `prefix` and a space when a prefix is set
    (none by default). It is never part of the client's repr. Other arguments: see Client.
    """

    token: str = field(kw_only=True, repr=False)
    prefix: str = field(default="", kw_only=True)
    auth_header_name: str = field(default="X-API-KEY", kw_only=True)

    def _auth_headers(self) -> dict[str, str]:
        return {self.auth_header_name: f"{self.prefix} {self.token}" if self.prefix else self.token}
