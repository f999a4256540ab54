"""Every operation needs a reseller's key, and a reseller sees only its own customers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import DEV_KEY, SECOND_KEY, Api
from tests.documented import BASE_PATH, bundle

UNAUTHORIZED = {"message": "Invalid token or unauthorized admin"}
VALID_REQUESTS: list[tuple[str, str, Any]] = [
    ("GET", "/licenses/available", {"customer_code": 1}),
    ("POST", "/licenses/demo", {"customer_code": 1}),
    ("POST", "/licenses/bulk", {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"}),
    ("POST", "/licenses/renew", {"customer_code": 2, "license_id": "LIC-000001"}),
    ("POST", "/licenses/cancel", {"customer_code": 2, "license_id": "LIC-000001"}),
    ("GET", "/directory/currencies", {}),
    ("GET", "/directory/licenses/versions", {}),
]


def call(api: Api, method: str, path: str, data: Any, key: str | None) -> Any:
    if method == "GET":
        return api.get(path, key=key, **data)
    return api.post(path, data, key=key)


def test_the_requests_cover_every_operation() -> None:
    operations = {(m.upper(), p) for p, item in bundle()["paths"].items() for m in item}
    assert {(m, p) for m, p, _ in VALID_REQUESTS} == operations


@pytest.mark.parametrize(("method", "path", "data"), VALID_REQUESTS)
@pytest.mark.parametrize("key", [None, "", "wrong-key", "x" * 8192])
def test_missing_or_wrong_key_is_401_with_the_vendor_body(
    api: Api, method: str, path: str, data: Any, key: str | None
) -> None:
    before = (api.store.default_reseller.credit, len(api.store.default_reseller.licenses))
    response = call(api, method, path, data, key)
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert (api.store.default_reseller.credit, len(api.store.default_reseller.licenses)) == before


@pytest.mark.parametrize(("method", "path", "data"), VALID_REQUESTS)
def test_the_dev_key_is_accepted(api: Api, method: str, path: str, data: Any) -> None:
    assert call(api, method, path, data, DEV_KEY).status_code == 200


def test_auth_comes_before_validation(api: Api) -> None:
    response = api.client.post(BASE_PATH + "/licenses/demo", json={"customer_code": "x"})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "data"), [r for r in VALID_REQUESTS if "customer_code" in r[2]])
def test_another_resellers_customers_and_licenses_are_not_found(
    api: Api, method: str, path: str, data: Any
) -> None:
    owner_before = (api.store.default_reseller.credit, len(api.store.default_reseller.licenses))
    response = call(api, method, path, data, SECOND_KEY)
    assert (response.status_code, response.json()["reason"]) == (404, "customer_not_found")
    assert (api.store.default_reseller.credit, len(api.store.default_reseller.licenses)) == owner_before


def test_the_second_reseller_works_on_its_own_customer(api: Api) -> None:
    response = api.post("/licenses/demo", {"customer_code": 100}, key=SECOND_KEY)
    assert response.status_code == 200
    bulk = api.post(
        "/licenses/bulk",
        {"customer_code": 100, "license_code": "CL-Q-A005-M1", "license_info": "HQ"},
        key=SECOND_KEY,
    )
    assert (bulk.status_code, bulk.json()["reason"]) == (409, "insufficient_credit")


def test_mock_api_key_replaces_the_default_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    from mock_server.app import create_app
    from mock_server.settings import from_args

    monkeypatch.setenv("MOCK_API_KEY", "team-secret-123")
    client = TestClient(create_app(settings=from_args([])))
    path = BASE_PATH + "/directory/currencies"
    assert client.get(path, headers={"X-API-KEY": "team-secret-123"}).status_code == 200
    assert client.get(path, headers={"X-API-KEY": DEV_KEY}).status_code == 401
