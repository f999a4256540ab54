"""The generated client against the mock: every operation, success and every documented error."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from flashstart_customerarea import AuthenticatedClient
from flashstart_customerarea.api.directory import list_currencies, list_license_versions
from flashstart_customerarea.api.licenses import (
    assign_bulk_license,
    assign_demo_license,
    cancel_license,
    list_available_licenses,
    renew_license,
)
from flashstart_customerarea.models import (
    ApiError,
    AvailableLicensesResponse,
    BulkLicenseRequest,
    CurrenciesResponse,
    DemoLicenseRequest,
    ErrorReason,
    LicenseActionRequest,
    LicenseResponse,
    LicenseStatus,
    LicenseVersionsResponse,
    UnauthorizedError,
    ValidationError,
)

from mock_server.app import create_app
from mock_server.settings import Settings
from mock_server.store import Store
from tests.conftest import DEV_KEY, SECOND_KEY
from tests.live import running_mock


def client_for(app: Any, key: str = DEV_KEY) -> AuthenticatedClient:
    """A client that sends X-API-KEY, talking to the app in-process over httpx's ASGI transport."""
    return AuthenticatedClient(
        base_url="http://mock/customerarea",
        token=key,
        auth_header_name="X-API-KEY",
        prefix="",
        httpx_args={"transport": httpx.ASGITransport(app=app)},
    )


@pytest.fixture
def call() -> Callable[..., Any]:
    app = create_app(Store(), settings=Settings(validate_responses=True))

    def run(function: Callable[..., Awaitable[Any]], key: str = DEV_KEY, **kwargs: Any) -> Any:
        async def go() -> Any:
            async with client_for(app, key) as client:
                return await function(client=client, **kwargs)

        return asyncio.run(go())

    return run


def bulk(code: str = "CL-Q-A005-M1", customer: int = 1) -> BulkLicenseRequest:
    return BulkLicenseRequest(customer_code=customer, license_code=code, license_info="Headquarter")


def test_list_available_licenses(call: Callable[..., Any]) -> None:
    ok = call(list_available_licenses.asyncio, customer_code=1, license_duration="12", currency_code="USD")
    assert isinstance(ok, AvailableLicensesResponse) and len(ok.content) == 5
    assert {o.license_amount_currency for o in ok.content} == {"USD"}
    missing = call(list_available_licenses.asyncio, customer_code=999)
    assert isinstance(missing, ApiError) and missing.reason is ErrorReason.CUSTOMER_NOT_FOUND
    invalid = call(list_available_licenses.asyncio, customer_code=0)
    assert isinstance(invalid, ValidationError) and "customer_code" in invalid.errors.additional_properties


def test_every_operation_answers_401_as_the_vendor_body(call: Callable[..., Any]) -> None:
    requests: list[tuple[Any, dict[str, Any]]] = [
        (list_available_licenses.asyncio, {"customer_code": 1}),
        (assign_demo_license.asyncio, {"body": DemoLicenseRequest(customer_code=1)}),
        (assign_bulk_license.asyncio, {"body": bulk()}),
        (renew_license.asyncio, {"body": LicenseActionRequest(license_id="LIC-000001", customer_code=2)}),
        (cancel_license.asyncio, {"body": LicenseActionRequest(license_id="LIC-000001", customer_code=2)}),
        (list_currencies.asyncio, {}),
        (list_license_versions.asyncio, {}),
    ]
    for function, kwargs in requests:
        answer = call(function, key="wrong", **kwargs)
        assert isinstance(answer, UnauthorizedError), function
        assert answer.message == "Invalid token or unauthorized admin"


def test_demo_then_third_demo_is_a_conflict(call: Callable[..., Any]) -> None:
    first = call(assign_demo_license.asyncio, body=DemoLicenseRequest(customer_code=3, lang="DE"))
    assert isinstance(first, LicenseResponse) and first.content.status is LicenseStatus.TRIAL
    assert first.content.license_info is None and first.content.license_name == "Business-Filter-Demo"
    call(assign_demo_license.asyncio, body=DemoLicenseRequest(customer_code=3))
    third = call(assign_demo_license.asyncio, body=DemoLicenseRequest(customer_code=3))
    assert isinstance(third, ApiError) and third.reason is ErrorReason.DEMO_LIMIT_REACHED
    invalid = call(assign_demo_license.asyncio, body=DemoLicenseRequest(customer_code=3, lang="english"))
    assert isinstance(invalid, ValidationError) and invalid.errors.additional_properties == {
        "lang": ["The lang format is invalid."]
    }


def test_bulk_renew_cancel_chain(call: Callable[..., Any]) -> None:
    assigned = call(assign_bulk_license.asyncio, body=bulk())
    assert isinstance(assigned, LicenseResponse) and assigned.content.amount_charged == 5
    action = LicenseActionRequest(license_id=assigned.content.license_id, customer_code=1)
    renewed = call(renew_license.asyncio, body=action)
    assert isinstance(renewed, LicenseResponse) and renewed.content.status is LicenseStatus.RENEWED
    assert renewed.content.credit_remaining == 90
    cancelled = call(cancel_license.asyncio, body=action)
    assert isinstance(cancelled, LicenseResponse) and cancelled.content.status is LicenseStatus.CANCELLED
    again = call(cancel_license.asyncio, body=action)
    assert isinstance(again, ApiError) and again.reason is ErrorReason.LICENSE_NOT_CANCELLABLE
    renew_cancelled = call(renew_license.asyncio, body=action)
    assert (
        isinstance(renew_cancelled, ApiError) and renew_cancelled.reason is ErrorReason.LICENSE_NOT_RENEWABLE
    )


def test_bulk_refusals(call: Callable[..., Any]) -> None:
    poor = call(assign_bulk_license.asyncio, body=bulk("CL-Q-A025-M12"))
    assert isinstance(poor, ApiError) and poor.reason is ErrorReason.INSUFFICIENT_CREDIT
    unknown = call(assign_bulk_license.asyncio, body=bulk("NOPE"))
    assert isinstance(unknown, ApiError) and unknown.reason is ErrorReason.LICENSE_CODE_NOT_FOUND
    other = call(assign_bulk_license.asyncio, key=SECOND_KEY, body=bulk())
    assert isinstance(other, ApiError) and other.reason is ErrorReason.CUSTOMER_NOT_FOUND
    missing = call(renew_license.asyncio, body=LicenseActionRequest(license_id="LIC-999999", customer_code=1))
    assert isinstance(missing, ApiError) and missing.reason is ErrorReason.LICENSE_NOT_FOUND


def test_directories(call: Callable[..., Any]) -> None:
    currencies = call(list_currencies.asyncio)
    assert isinstance(currencies, CurrenciesResponse)
    assert [c.currency_code for c in currencies.content] == ["EUR", "USD", "GBP", "CHF"]
    versions = call(list_license_versions.asyncio)
    assert isinstance(versions, LicenseVersionsResponse)
    assert [(v.version_code, v.version_name) for v in versions.content] == [(0, "Standard"), (1, "Plus")]


@pytest.mark.e2e
def test_sync_client_over_a_real_socket() -> None:
    with (
        running_mock() as (base_url, _),
        AuthenticatedClient(
            base_url=base_url, token=DEV_KEY, auth_header_name="X-API-KEY", prefix=""
        ) as client,
    ):
        offers = list_available_licenses.sync_detailed(client=client, customer_code=1)
        assert offers.status_code == 200 and isinstance(offers.parsed, AvailableLicensesResponse)
        demo = assign_demo_license.sync(client=client, body=DemoLicenseRequest(customer_code=1))
        assert isinstance(demo, LicenseResponse)
        assigned = assign_bulk_license.sync(client=client, body=bulk())
        assert isinstance(assigned, LicenseResponse)
        action = LicenseActionRequest(license_id=assigned.content.license_id, customer_code=1)
        assert isinstance(renew_license.sync(client=client, body=action), LicenseResponse)
        assert isinstance(cancel_license.sync(client=client, body=action), LicenseResponse)
        assert isinstance(list_currencies.sync(client=client), CurrenciesResponse)
        assert isinstance(list_license_versions.sync(client=client), LicenseVersionsResponse)
