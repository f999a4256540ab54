"""The /__mock/ control endpoints: reset, load, state and journal, for curl and tests, never for web pages."""

from __future__ import annotations

import json

import httpx
import pytest

from mock_server.settings import Settings
from tests.conftest import DEV_KEY, client
from tests.documented import BASE_PATH
from tests.live import REPO, running_mock

HEADERS = {"X-API-KEY": DEV_KEY}
JSON = {"Content-Type": "application/json"}


def test_reset_returns_to_the_seed() -> None:
    c = client()
    c.post(
        BASE_PATH + "/licenses/bulk",
        json={"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"},
        headers=HEADERS,
    )
    assert c.app.store.default_reseller.credit == 95  # type: ignore[attr-defined]
    assert c.post("/__mock/reset", headers=JSON).status_code == 200
    assert c.app.store.default_reseller.credit == 100  # type: ignore[attr-defined]


def test_export_then_load_round_trips_and_a_bad_dataset_changes_nothing() -> None:
    c = client()
    c.post(BASE_PATH + "/licenses/demo", json={"customer_code": 1}, headers=HEADERS)
    exported = c.get("/__mock/state").json()
    c.post("/__mock/reset", headers=JSON)
    assert c.post("/__mock/load", json=exported).status_code == 200
    assert c.get("/__mock/state").json() == exported
    emptied = {**exported, "resellers": [{**exported["resellers"][0], "credit": 0}]}
    assert c.post("/__mock/load", json=emptied).status_code == 200
    bulk = c.post(
        BASE_PATH + "/licenses/bulk",
        json={"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"},
        headers=HEADERS,
    )
    assert bulk.json()["reason"] == "insufficient_credit"
    for bad in (
        b"{not json",
        b"[]",
        b'{"catalog": []}',
        b"[" * 5000 + b"]" * 5000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
    ):
        response = c.post("/__mock/load", content=bad, headers=JSON)
        assert response.status_code == 422 and "state is unchanged" in response.json()["error"]
    assert c.get("/__mock/state").json()["resellers"][0]["credit"] == 0


def test_the_journal_lists_requests_without_keys() -> None:
    c = client()
    c.get(BASE_PATH + "/directory/currencies", headers=HEADERS)
    c.get(BASE_PATH + "/directory/currencies", headers={"X-API-KEY": "wrong-secret-key"})
    c.post(BASE_PATH + "/licenses/demo", json={"customer_code": "x"}, headers=HEADERS)
    c.get(BASE_PATH + "/directory/currencies", headers={**HEADERS, "Prefer": "code=503"})
    entries = c.get("/__mock/journal", params={"limit": 4}).json()["entries"]
    assert [(e["method"], e["status"], e["outcome"], e["api_key"]) for e in entries] == [
        ("GET", 200, "ok", "valid"),
        ("GET", 401, "unauthorized", "wrong"),
        ("POST", 422, "invalid", "valid"),
        ("GET", 503, "forced", "valid"),
    ]
    assert DEV_KEY not in str(entries) and "wrong-secret-key" not in str(entries)


def test_control_endpoints_refuse_remote_clients_unless_allowed() -> None:
    remote = client(client=("192.0.2.7", 40000))
    assert remote.post("/__mock/reset", headers=JSON).status_code == 403
    assert remote.get(BASE_PATH + "/directory/currencies", headers=HEADERS).status_code == 200
    allowed = client(Settings(allow_remote_control=True), client=("192.0.2.7", 40000))
    assert allowed.post("/__mock/reset", headers=JSON).status_code == 200


def test_a_dataset_is_refused_in_one_sentence_that_names_what_is_wrong() -> None:
    c = client()
    exported = c.get("/__mock/state").json()
    reseller = exported["resellers"][0]
    dangling = {**reseller, "licenses": [{**reseller["licenses"][0], "currency": "XYZ"}]}
    cases = {
        b"currencies: []\n": "not valid JSON",
        json.dumps(
            {k: v for k, v in exported.items() if k != "catalog"}
        ).encode(): "the dataset has no catalog",
        json.dumps({**exported, "resellers": [dangling]}).encode(): (
            "resellers[0].licenses[0] (LIC-000001): currency XYZ is not in currencies"
        ),
        json.dumps({**exported, "resellers": [{**reseller, "credit": "lots"}]}).encode(): (
            "resellers[0].credit: 'lots' is not of type 'number'"
        ),
    }
    for body, sentence in cases.items():
        response = c.post("/__mock/load", content=body, headers=JSON)
        assert response.status_code == 422 and sentence in response.json()["error"], response.text
    assert c.get("/__mock/state").json() == exported


CROSS_ORIGIN = [
    ("OPTIONS", "/__mock/load", {"Origin": "http://evil.test", "Access-Control-Request-Method": "POST"}),
    ("GET", "/__mock/state", {"Origin": "http://evil.test"}),
    ("GET", "/__mock/journal", {"Sec-Fetch-Site": "cross-site"}),
    ("POST", "/__mock/reset", {"Origin": "http://127.0.0.1:5173", **JSON}),
    ("POST", "/__mock/reset", {"Sec-Fetch-Site": "same-site", **JSON}),
]


@pytest.mark.parametrize(("method", "path", "headers"), CROSS_ORIGIN)
def test_control_endpoints_refuse_web_pages_and_carry_no_cors(
    method: str, path: str, headers: dict[str, str]
) -> None:
    c = client()
    c.post(BASE_PATH + "/licenses/demo", json={"customer_code": 1}, headers=HEADERS)
    before = c.get("/__mock/state").content
    response = c.request(method, path, headers=headers)
    assert response.status_code == 403, response.text
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    assert c.get("/__mock/state").content == before


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_state_changing_control_requests_must_be_json(content_type: str | None) -> None:
    c = client()
    c.post(BASE_PATH + "/licenses/demo", json={"customer_code": 1}, headers=HEADERS)
    before = c.get("/__mock/state").content
    headers = {} if content_type is None else {"Content-Type": content_type}
    for path, body in (("/__mock/reset", b""), ("/__mock/load", before)):
        response = c.post(path, content=body, headers=headers)
        assert response.status_code == 415 and "application/json" in response.json()["error"]
    assert c.get("/__mock/state").content == before


@pytest.mark.e2e
def test_control_endpoints_refuse_a_host_that_is_not_loopback_over_a_socket() -> None:
    # DNS rebinding: a page's own name made to resolve to 127.0.0.1 is same-origin for the
    # browser, but the Host header still names it.
    with running_mock() as (url, _):
        root = url.removesuffix(BASE_PATH)
        assert httpx.get(f"{root}/__mock/state", headers={"Host": "evil.test:8080"}).status_code == 403
        assert httpx.get(f"{root}/__mock/state", headers={"Host": "localhost:8080"}).status_code == 200
        assert httpx.get(f"{root}/__mock/state").status_code == 200
        assert httpx.post(f"{root}/__mock/reset", headers=JSON).status_code == 200


def test_control_endpoints_are_not_in_the_spec_nor_behind_the_key() -> None:
    c = client()
    assert not [p for p in c.get(BASE_PATH + "/openapi.json").json()["paths"] if "__mock" in p]
    assert c.get("/__mock/state").status_code == 200


def test_a_dropped_connection_is_journaled_as_dropped_not_as_the_status_it_began_with() -> None:
    c = client(raise_server_exceptions=False)
    c.get(BASE_PATH + "/directory/currencies", headers={**HEADERS, "X-Mock-Fault": "drop"})
    (entry,) = c.get("/__mock/journal", params={"limit": 1}).json()["entries"]
    assert (entry["status"], entry["outcome"]) == (None, "dropped")


def test_a_browser_app_can_read_retry_after_on_a_forced_503() -> None:
    response = client().get(
        BASE_PATH + "/directory/currencies",
        headers={**HEADERS, "X-Mock-Fault": "503", "Origin": "http://localhost:5173"},
    )
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert "retry-after" in response.headers["access-control-expose-headers"].lower()


def test_forced_answers_say_so_and_a_500_can_be_forced_for_error_screens() -> None:
    c = client()
    origin = {"Origin": "http://localhost:5173"}
    forced = c.post(
        BASE_PATH + "/licenses/bulk", json={}, headers={**HEADERS, **origin, "Prefer": "code=409"}
    )
    assert forced.status_code == 409 and forced.headers["preference-applied"] == "code=409"
    assert "preference-applied" in forced.headers["access-control-expose-headers"].lower()
    assert "preference-applied" not in c.get(BASE_PATH + "/directory/currencies", headers=HEADERS).headers
    crash = c.get(BASE_PATH + "/directory/currencies", headers={**HEADERS, "X-Mock-Fault": "500"})
    assert (crash.status_code, crash.json()["code"]) == (500, 500)
    (entry,) = c.get("/__mock/journal", params={"limit": 1}).json()["entries"]
    assert entry["outcome"] == "forced"


def test_an_unknown_control_endpoint_lists_every_endpoint_and_the_readme_documents_each() -> None:
    from mock_server.control import ENDPOINTS

    answer = client().get("/__mock/nothing-here")
    assert answer.status_code == 404
    assert answer.json()["endpoints"] == [str(endpoint) for endpoint in ENDPOINTS]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for endpoint in ENDPOINTS:
        assert f"{endpoint.method} /__mock{endpoint.path}" in readme, endpoint
