"""The vendor's business rules, as the mock applies them (each test fails without its rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.conftest import TODAY, Api, load_dataset
from tests.documented import bundle

BULK = {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "Headquarter"}


def credit(api: Api) -> Decimal:
    return api.store.default_reseller.credit


def test_vendor_curl_in_query_form_lists_the_seeded_catalog(api: Api) -> None:
    response = api.get("/licenses/available", customer_code=1)
    assert response.status_code == 200
    codes = [offer["license_code"] for offer in response.json()["content"]]
    assert codes == list(api.store.catalog.offers)
    assert response.json()["content"][0] == {
        "license_code": "CL-Q-A005-M1",
        "license_name": "Business Filter License",
        "license_duration_months": "1",
        "license_version": "0",
        "license_quantity": "5 users",
        "license_points": 0.5,
        "license_amount": 5,
        "license_amount_currency": "EUR",
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"version_code": 1}, {"CL-P-A010-M12", "CL-P-A050-M12"}),
        ({"license_duration": "1"}, {"CL-Q-A005-M1", "CL-Q-A010-M1", "CL-Q-A025-M1"}),
        ({"license_duration": "12", "version_code": 0}, {"CL-Q-A005-M12", "CL-Q-A010-M12", "CL-Q-A025-M12"}),
        ({"license_code": "CL-Q-A010-M12"}, {"CL-Q-A010-M12"}),
        ({"version_code": 7}, set()),
        ({"license_duration": "24"}, set()),
    ],
)
def test_offers_are_filtered(api: Api, filters: dict[str, object], expected: set[str]) -> None:
    response = api.get("/licenses/available", customer_code=1, **filters)
    assert {offer["license_code"] for offer in response.json()["content"]} == expected


def test_offer_amounts_are_converted_and_names_translated(api: Api) -> None:
    response = api.get(
        "/licenses/available", customer_code=1, license_code="CL-Q-A005-M12", lang="it", currency_code="USD"
    )
    # The spec's named example is this very answer.
    assert response.json() == bundle()["components"]["examples"]["AvailableLicensesInItalian"]["value"]


def test_unknown_language_falls_back_to_english(api: Api) -> None:
    offer = api.get("/licenses/available", customer_code=1, lang="JA").json()["content"][0]
    assert (offer["license_name"], offer["license_quantity"]) == ("Business Filter License", "5 users")


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"customer_code": 999}, "customer_not_found"),
        ({"customer_code": 1, "currency_code": "XYZ"}, "currency_not_found"),
        ({"customer_code": 1, "license_code": "NOPE"}, "license_code_not_found"),
    ],
)
def test_unknown_things_are_404_with_a_reason(api: Api, params: dict[str, object], reason: str) -> None:
    response = api.get("/licenses/available", **params)
    assert (response.status_code, response.json()["reason"]) == (404, reason)


def test_third_demo_license_is_refused(api: Api) -> None:
    first = api.post("/licenses/demo", {"customer_code": 1, "lang": "FR"})
    second = api.post("/licenses/demo", {"customer_code": 1, "accept_notifications": False})
    third = api.post("/licenses/demo", {"customer_code": 1})
    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 409]
    assert third.json()["reason"] == "demo_limit_reached"
    demo = first.json()["content"]
    assert (demo["status"], demo["license_type"], demo["amount_charged"], demo["license_name"]) == (
        "trial",
        "demo",
        0,
        "Démo Business Filter",
    )
    assert second.json()["content"]["accept_notifications"] is False


def test_a_cancelled_demo_still_counts(api: Api) -> None:
    # Customer 2 has one seeded trial; cancelling it does not give a third demo.
    api.post("/licenses/cancel", {"customer_code": 2, "license_id": "LIC-000006"})
    assert api.post("/licenses/demo", {"customer_code": 2}).status_code == 200
    assert api.post("/licenses/demo", {"customer_code": 2}).json()["reason"] == "demo_limit_reached"


def test_bulk_assign_deducts_the_amount_in_the_requested_currency(api: Api) -> None:
    before = credit(api)
    response = api.post("/licenses/bulk", {**BULK, "license_code": "CL-Q-A010-M1", "currency_code": "USD"})
    content = response.json()["content"]
    assert credit(api) == before - 10
    assert (content["amount_charged"], content["amount_currency"]) == (10.8, "USD")
    assert content["credit_remaining"] == float((before - 10) * Decimal("1.08"))
    assert (content["status"], content["start_date"], content["expiry_date"]) == (
        "active",
        TODAY.isoformat(),
        "2026-12-28",
    )


def test_bulk_assign_without_enough_credit_changes_nothing(api: Api) -> None:
    before, licenses = credit(api), dict(api.store.default_reseller.licenses)
    response = api.post("/licenses/bulk", {**BULK, "license_code": "CL-Q-A025-M12"})  # 225 > 100
    assert (response.status_code, response.json()["reason"]) == (409, "insufficient_credit")
    assert (credit(api), api.store.default_reseller.licenses) == (before, licenses)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({**BULK, "customer_code": 100}, "customer_not_found"),  # the second reseller's
        ({**BULK, "license_code": "CL-DEMO-M1"}, "license_code_not_found"),  # demos are not for sale
        ({**BULK, "currency_code": "JPY"}, "currency_not_found"),
    ],
)
def test_bulk_assign_refusals_charge_nothing(api: Api, body: dict[str, object], reason: str) -> None:
    before = credit(api)
    response = api.post("/licenses/bulk", body)
    assert (response.status_code, response.json()["reason"], credit(api)) == (404, reason, before)


def test_license_ids_are_unique_and_dates_consistent(api: Api) -> None:
    ids = set()
    for code in ("CL-Q-A005-M1", "CL-Q-A005-M12", "CL-Q-A005-M1"):
        content = api.post("/licenses/bulk", {**BULK, "license_code": code}).json()["content"]
        ids.add(content["license_id"])
        start = dt.date.fromisoformat(content["start_date"])
        months = int(content["license_duration_months"])  # a string of digits (2.0.0)
        assert (
            content["expiry_date"]
            == start.replace(
                year=start.year + (start.month - 1 + months) // 12, month=(start.month - 1 + months) % 12 + 1
            ).isoformat()
        )
    ids.add(api.post("/licenses/demo", {"customer_code": 3}).json()["content"]["license_id"])
    assert len(ids) == 4 and not ids & {"LIC-000001", "LIC-000002", "LIC-000003"}


def test_renew_extends_by_one_period_and_charges(api: Api) -> None:
    assigned = api.post("/licenses/bulk", BULK).json()["content"]
    before = credit(api)
    renewed = api.post("/licenses/renew", {"customer_code": 1, "license_id": assigned["license_id"]}).json()
    assert renewed["content"]["status"] == "renewed"
    assert renewed["content"]["expiry_date"] == "2027-01-28"
    assert renewed["content"]["start_date"] == assigned["start_date"]
    assert (renewed["content"]["amount_charged"], credit(api)) == (5, before - 5)


def test_renewing_an_expired_license_starts_a_new_period_today(api: Api) -> None:
    # LIC-000002 (1 month from 2025-01-10) has expired by TODAY.
    response = api.post("/licenses/renew", {"customer_code": 2, "license_id": "LIC-000002"})
    content = response.json()["content"]
    assert (content["status"], content["start_date"], content["expiry_date"]) == (
        "renewed",
        "2026-11-28",
        "2026-12-28",
    )


@pytest.mark.parametrize(
    ("license_id", "status"),
    [("LIC-000003", "to_be_activated"), ("LIC-000005", "cancelled"), ("LIC-000006", "trial")],
)
def test_renew_is_refused_for_states_that_forbid_it(api: Api, license_id: str, status: str) -> None:
    before = credit(api)
    response = api.post("/licenses/renew", {"customer_code": 2, "license_id": license_id})
    assert (response.status_code, response.json()["reason"]) == (409, "license_not_renewable")
    assert status in response.json()["message"] and credit(api) == before


def test_renew_without_enough_credit_changes_nothing(make_api: Callable[..., Api]) -> None:
    dataset = load_dataset()
    dataset["resellers"][0]["credit"] = 10
    api = make_api(dataset)
    response = api.post("/licenses/renew", {"customer_code": 2, "license_id": "LIC-000001"})  # costs 50
    assert (response.status_code, response.json()["reason"]) == (409, "insufficient_credit")
    license_ = api.store.default_reseller.licenses["LIC-000001"]
    assert (license_.status, license_.periods, credit(api)) == ("active", 1, 10)


def test_cancel_then_second_cancel_and_renew_are_refused(api: Api) -> None:
    license_id = api.post("/licenses/bulk", BULK).json()["content"]["license_id"]
    before = credit(api)
    body = {"customer_code": 1, "license_id": license_id}
    cancelled = api.post("/licenses/cancel", body)
    assert (cancelled.json()["content"]["status"], cancelled.json()["content"]["amount_charged"]) == (
        "cancelled",
        0,
    )
    again = api.post("/licenses/cancel", body)
    assert (again.status_code, again.json()["reason"]) == (409, "license_not_cancellable")
    assert api.post("/licenses/renew", body).json()["reason"] == "license_not_renewable"
    assert credit(api) == before


@pytest.mark.parametrize("path", ["/licenses/renew", "/licenses/cancel"])
def test_a_license_of_another_customer_is_not_found(api: Api, path: str) -> None:
    response = api.post(path, {"customer_code": 1, "license_id": "LIC-000001"})  # customer 2's
    assert (response.status_code, response.json()["reason"]) == (404, "license_not_found")
    assert api.post(path, {"customer_code": 1, "license_id": "../../etc/passwd"}).status_code == 404
