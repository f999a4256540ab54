"""The generated client against a Laravel-style backend (standins/laravel_server.py), in-process: a refusal
inside the success envelope is never a success, a server mounted at another path works and a wrong
base URL is named, a throttled write is sent once, the rate limit is readable on every answer."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from flashstart_customerarea import AuthenticatedClient, RateLimit, Retries, errors
from flashstart_customerarea.api.directory import list_currencies
from flashstart_customerarea.api.licenses import (
    assign_bulk_license,
    assign_demo_license,
    cancel_license,
    list_available_licenses,
    renew_license,
)
from flashstart_customerarea.models import (
    BulkLicenseRequest,
    DemoLicenseRequest,
    LicenseActionRequest,
    LicenseResponse,
)
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from standins.laravel_habits import INDEX, Habits, Throttle
from standins.laravel_server import LaravelServer, Recorder

KEY = "laravel-client-key"
URL = f"http://laravel{INDEX.base_path}"
UNKNOWN = 999
# Each operation that names a customer, asked about one the server does not know.
REFUSED: dict[str, tuple[Any, dict[str, Any]]] = {
    "listAvailableLicenses": (list_available_licenses, {"customer_code": UNKNOWN}),
    "assignDemoLicense": (assign_demo_license, {"body": DemoLicenseRequest(customer_code=UNKNOWN)}),
    "assignBulkLicense": (
        assign_bulk_license,
        {"body": BulkLicenseRequest(customer_code=UNKNOWN, license_code="CL-Q-A005-M1", license_info="HQ")},
    ),
    "renewLicense": (
        renew_license,
        {"body": LicenseActionRequest(customer_code=UNKNOWN, license_id="LIC-000101")},
    ),
    "cancelLicense": (
        cancel_license,
        {"body": LicenseActionRequest(customer_code=UNKNOWN, license_id="LIC-000101")},
    ),
}


def laravel(**habits: Any) -> Recorder:
    return Recorder(LaravelServer(Habits(api_key=KEY, **habits)).app())


def sync_client(app: ASGIApp, base_url: str = URL) -> AuthenticatedClient:
    """The client whose httpx client is starlette's in-process one (its own settings: no retries)."""
    client = AuthenticatedClient(base_url=base_url, token=KEY)
    return client.set_httpx_client(TestClient(app, base_url=base_url, headers={"X-API-KEY": KEY}))


def run_async(app: ASGIApp, call: Callable[[AuthenticatedClient], Awaitable[Any]], **options: Any) -> Any:
    """`call` with the client as it is built (its retries included), over httpx's ASGI transport."""

    async def go() -> Any:
        transport = httpx.ASGITransport(app=app)
        async with AuthenticatedClient(
            base_url=URL, token=KEY, httpx_args={"transport": transport}, **options
        ) as c:
            return await call(c)

    return asyncio.run(go())


@pytest.mark.parametrize("operation_id", sorted(REFUSED))
def test_an_envelope_refusal_is_raised_as_its_exception_and_never_returned_as_a_success(
    operation_id: str,
) -> None:
    module, kwargs = REFUSED[operation_id]
    client = sync_client(laravel(envelope_refusals=True))
    with pytest.raises(errors.NotFound) as raised:
        module.sync_or_raise(client=client, **kwargs)
    assert raised.value.status_code == 200 and raised.value.envelope_code == 404
    assert "HTTP 200 carries a refusal: the envelope's code is 404" in raised.value.message
    value = module.sync(client=client, **kwargs)
    assert isinstance(value, errors.UnexpectedAnswer) and value.envelope_code == 404
    assert value.problem == "HTTP 200 carries a refusal: the envelope's code is 404"
    with pytest.raises(errors.NotFound):
        run_async(laravel(envelope_refusals=True), lambda c: module.asyncio_or_raise(client=c, **kwargs))


def test_the_issue_case_an_unknown_customer_is_not_a_customer_without_offers() -> None:
    client = sync_client(laravel(envelope_refusals=True))
    with pytest.raises(errors.NotFound):
        list_available_licenses.sync_or_raise(client=client, customer_code=UNKNOWN)
    assert list_available_licenses.sync_or_raise(client=client, customer_code=1)  # a known one has offers


def test_an_empty_content_where_an_object_is_due_is_not_a_success() -> None:
    client = sync_client(laravel(php_arrays=True))
    gone = LicenseActionRequest(customer_code=2, license_id="LIC-1")
    value = cancel_license.sync(client=client, body=gone)
    assert isinstance(value, errors.UnexpectedAnswer)
    assert value.problem == "HTTP 200 (code 200) has an empty content ([]) where the spec promises an object"
    with pytest.raises(errors.UnexpectedAnswer):
        cancel_license.sync_or_raise(client=client, body=gone)


def test_an_empty_list_where_a_list_is_due_is_still_a_success() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"code": 200, "content": []}))
    client = AuthenticatedClient(base_url=URL, token=KEY, httpx_args={"transport": transport})
    assert list_available_licenses.sync_or_raise(client=client, customer_code=1) == []


def test_a_server_mounted_at_another_path_is_reached_through_its_base_url() -> None:
    app = laravel(base_path="/api")
    assert list_currencies.sync_or_raise(client=sync_client(app, "http://laravel/api"))
    assert [(e.method, e.path, e.status) for e in app.exchanges] == [
        ("GET", "/api/directory/currencies", 200)
    ]


@pytest.mark.parametrize("module", [list_available_licenses, list_currencies])
def test_a_404_that_is_not_the_apis_asks_whether_the_base_url_is_right(module: Any) -> None:
    kwargs = {"customer_code": 1} if module is list_available_licenses else {}
    client = sync_client(laravel(base_path="/api"), "http://laravel")
    value = module.sync(client=client, **kwargs)
    assert isinstance(value, errors.UnexpectedAnswer) and value.status_code == 404
    assert "is the base URL right? it should end in /customerarea" in value.problem
    assert "(the request went to http://laravel/" in value.problem and "customer_code" not in value.problem
    with pytest.raises(errors.UnexpectedAnswer) as raised:
        module.sync_or_raise(client=client, **kwargs)
    assert "it should end in /customerarea" in str(raised.value)


def test_a_throttled_write_is_sent_once_and_is_rate_limited_in_both_styles() -> None:
    # A wait a read would take (2 s, under max_retry_after), on a clock that stands still.
    app = laravel(throttle=Throttle(1, 2), clock=lambda: 1_800_000_000.0)
    demo = DemoLicenseRequest(customer_code=2)

    async def twice(client: AuthenticatedClient) -> Any:
        assert isinstance(await assign_demo_license.asyncio(client=client, body=demo), LicenseResponse)
        value = await assign_demo_license.asyncio(client=client, body=demo)
        with pytest.raises(errors.RateLimited) as raised:
            await assign_demo_license.asyncio_or_raise(client=client, body=demo)
        return value, raised.value

    value, raised = run_async(app, twice)
    assert app.statuses == [200, 429, 429]  # each call sent exactly once
    for refused in (value, raised):
        assert isinstance(refused, errors.RateLimited) and refused.status_code == 429
        assert refused.retry_after == 2 and refused.rate_limit.remaining == 0
        assert "status 429 is not documented for this operation" in refused.problem


def test_a_read_whose_wait_is_over_max_retry_after_comes_back_at_once() -> None:
    app = laravel(throttle=Throttle(1, 60))
    retries = Retries(attempts=5, max_retry_after=10, timeout=600)  # only max_retry_after stops it

    async def twice(client: AuthenticatedClient) -> Any:
        await list_currencies.asyncio(client=client)
        return await list_currencies.asyncio(client=client)

    value = run_async(app, twice, retries=retries)
    assert isinstance(value, errors.RateLimited) and app.statuses == [200, 429]


def test_the_rate_limit_is_readable_on_every_answer() -> None:
    client = sync_client(laravel(throttle=Throttle(2, 60)))
    first = list_currencies.sync_detailed(client=client)
    assert first.rate_limit == RateLimit(limit=2, remaining=1)
    refused = list_available_licenses.sync_detailed(client=client, customer_code=UNKNOWN)
    assert refused.status_code == 404 and refused.rate_limit.remaining == 0
    throttled = list_currencies.sync_detailed(client=client)
    assert isinstance(throttled.parsed, errors.RateLimited) and throttled.rate_limit.retry_after == 60
    with pytest.raises(errors.RateLimited) as raised:
        list_currencies.sync_or_raise(client=client)
    assert raised.value.rate_limit.limit == 2 and raised.value.rate_limit.reset is not None


def test_rate_limit_headers_are_read_as_laravel_and_gateways_send_them() -> None:
    now = dt.datetime.now(dt.UTC)
    # A server whose clock says 2023: its reset, 10 s after its Date, is 10 s from our now.
    server_now = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    headers = {
        "X-RateLimit-Reset": str(int(server_now.timestamp()) + 10),
        "Date": "Sun, 01 Jan 2023 00:00:00 GMT",
    }
    skewed = RateLimit.from_headers(headers)
    assert skewed.reset is not None and 9 <= (skewed.reset - now).total_seconds() <= 11
    assert skewed.wait_seconds is not None and 9 <= skewed.wait_seconds <= 11
    delta = RateLimit.from_headers({"x-ratelimit-reset": "30", "x-ratelimit-limit": "60"})
    assert delta.limit == 60 and delta.wait_seconds is not None and 29 <= delta.wait_seconds <= 30
    assert RateLimit.from_headers({"Retry-After": "7", "X-RateLimit-Reset": "30"}).wait_seconds == 7
    garbage = RateLimit.from_headers(
        {"X-RateLimit-Limit": "many", "X-RateLimit-Reset": "soon", "Retry-After": "?"}
    )
    assert garbage == RateLimit() and garbage.wait_seconds is None


def test_an_unset_field_reads_unset() -> None:
    shown = repr(DemoLicenseRequest(customer_code=1))
    assert "lang=UNSET, accept_notifications=UNSET" in shown and "object at 0x" not in shown
