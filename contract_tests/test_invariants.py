"""The business rules the spec promises, checked by a Hypothesis state machine through the generated client.

Credit never goes negative and changes exactly by what responses say was charged; a customer
never gets more than 2 demos (once refused, always refused); a cancelled license cannot be
renewed or cancelled again; license ids are unique; refusals change nothing.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from flashstart_customerarea import AuthenticatedClient
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
    DemoLicenseRequest,
    ErrorReason,
    LicenseActionRequest,
    LicenseResponse,
)
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
)
from starlette.testclient import TestClient

from contract_tests.run import current
from contract_tests.transport import GuardedTransport

RENEWABLE = {"active", "renewed", "expired"}
TARGET = current().target
KEY_HEADER = TARGET.key_header

if TARGET.live and not TARGET.allow_writes:
    pytest.skip(
        "read-only run: the state machine writes; ALLOW_WRITES=1 CUSTOMER_CODE=<sandbox> enables it",
        allow_module_level=True,
    )

APP = None if TARGET.live else TARGET.app


def make_client() -> AuthenticatedClient:
    client = AuthenticatedClient(
        base_url=TARGET.base_url,
        token=TARGET.api_key,
        auth_header_name=KEY_HEADER,
        prefix="",
        raise_on_unexpected_status=True,
    )
    if APP is None:
        return client.with_timeout(httpx.Timeout(30.0)).set_httpx_client(
            httpx.Client(
                base_url=TARGET.base_url,
                headers={KEY_HEADER: TARGET.api_key},
                transport=GuardedTransport(TARGET),
                timeout=30,
            )
        )
    store = getattr(APP, "store", None)
    if store is not None:
        store.reset()  # each scenario starts from the seed
    return client.set_httpx_client(
        TestClient(APP, base_url=TARGET.base_url, headers={KEY_HEADER: TARGET.api_key})
    )


class LicenseInvariants(RuleBasedStateMachine):
    licenses = Bundle("licenses")

    def __init__(self) -> None:
        super().__init__()
        self.client = make_client()
        self.customer = TARGET.customer_code or 1
        self.credit: float | None = None  # EUR, as last reported
        self.status: dict[str, str] = {}
        self.amount: dict[str, float] = {}
        self.demos_given = 0
        self.demo_refused = False
        offers = list_available_licenses.sync(
            client=self.client, customer_code=self.customer, currency_code="EUR"
        )
        assert isinstance(offers, AvailableLicensesResponse), offers
        self.offers = [(o.license_code, float(o.license_amount)) for o in offers.content]

    def teardown(self) -> None:
        self.client.get_httpx_client().close()

    def observe(self, response: LicenseResponse, charged: float) -> str:
        content = response.content
        assert content.amount_currency == "EUR"
        assert float(content.amount_charged) == pytest.approx(charged)
        remaining = float(content.credit_remaining)
        assert remaining >= 0, "credit went negative"
        if self.credit is not None:
            assert remaining == pytest.approx(self.credit - charged), (
                "credit changed by something else than the charge"
            )
        self.credit = remaining
        self.status[content.license_id] = content.status.value
        return content.license_id

    def new_license(self, response: LicenseResponse, charged: float) -> str:
        assert response.content.license_id not in self.status, "a license id was given twice"
        self.amount[response.content.license_id] = charged
        return self.observe(response, charged)

    @rule(target=licenses)
    def assign_demo(self) -> Any:
        answer = assign_demo_license.sync(
            client=self.client, body=DemoLicenseRequest(customer_code=self.customer)
        )
        if isinstance(answer, ApiError):
            assert answer.reason is ErrorReason.DEMO_LIMIT_REACHED, answer.reason
            self.demo_refused = True
            return multiple()
        assert isinstance(answer, LicenseResponse), answer
        assert not self.demo_refused, "a demo was assigned after the limit was reached"
        self.demos_given += 1
        assert self.demos_given <= 2, "a customer got a third demo"
        assert answer.content.status.value == "trial"
        return self.new_license(answer, 0)

    @precondition(lambda self: TARGET.paid_budget_left())
    @rule(target=licenses, pick=st.integers(min_value=0))
    def assign_bulk(self, pick: int) -> Any:
        code, amount = self.offers[pick % len(self.offers)]
        body = BulkLicenseRequest(
            customer_code=self.customer, license_code=code, license_info="Contract test"
        )
        answer = assign_bulk_license.sync(client=self.client, body=body)
        if isinstance(answer, ApiError):
            assert answer.reason is ErrorReason.INSUFFICIENT_CREDIT, answer.reason
            assert self.credit is None or self.credit < amount, "refused although the credit covered it"
            return multiple()
        assert isinstance(answer, LicenseResponse), answer
        return self.new_license(answer, amount)

    @precondition(lambda self: TARGET.paid_budget_left())
    @rule(license_id=licenses)
    def renew(self, license_id: str) -> None:
        before = self.status[license_id]
        answer = renew_license.sync(client=self.client, body=LicenseActionRequest(license_id, self.customer))
        if before not in RENEWABLE:
            assert isinstance(answer, ApiError) and answer.reason is ErrorReason.LICENSE_NOT_RENEWABLE, (
                before,
                answer,
            )
            return
        if isinstance(answer, ApiError):
            assert answer.reason is ErrorReason.INSUFFICIENT_CREDIT, answer.reason
            assert self.credit is None or self.credit < self.amount[license_id]
            return
        assert isinstance(answer, LicenseResponse), answer
        assert answer.content.status.value == "renewed"
        self.observe(answer, self.amount[license_id])

    @rule(license_id=licenses)
    def cancel(self, license_id: str) -> None:
        before = self.status[license_id]
        answer = cancel_license.sync(client=self.client, body=LicenseActionRequest(license_id, self.customer))
        if before == "cancelled":
            assert isinstance(answer, ApiError) and answer.reason is ErrorReason.LICENSE_NOT_CANCELLABLE, (
                answer
            )
            return
        assert isinstance(answer, LicenseResponse), answer
        assert answer.content.status.value == "cancelled"
        self.observe(answer, 0)

    @rule(license_id=consumes(licenses))
    def forget(self, license_id: str) -> None:
        """Drop a license from the pool, so that later steps reach fresh ones."""

    @invariant()
    def credit_is_never_negative(self) -> None:
        assert self.credit is None or self.credit >= 0


LicenseInvariants.TestCase.settings = settings(settings.default, stateful_step_count=20)
TestLicenseInvariants = LicenseInvariants.TestCase
