"""What frontend teams use: CORS, the vendor's GET body form, Prefer scenarios, faults, /__mock/ control."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from contract.spec import SpecIndex
from mock_server import faults
from mock_server.app import create_app
from mock_server.settings import Delay, Settings
from mock_server.store import Store
from tests.conftest import DEV_KEY, client
from tests.documented import BASE_PATH, assert_documented, bundle
from tests.live import running_mock

HEADERS = {"X-API-KEY": DEV_KEY}
JSON = {"Content-Type": "application/json"}
DEMO = "POST /customerarea/licenses/demo"
OPERATIONS = [(m.upper(), p) for p, item in bundle()["paths"].items() for m in item]


def examples_of(method: str, path: str) -> dict[str, dict[str, Any]]:
    index = SpecIndex.load()
    operation = index.operation(method, path)
    assert operation is not None
    return index.examples(operation)


# -- CORS ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_preflight_allows_any_origin_and_the_key_header(method: str, path: str) -> None:
    response = client().options(
        BASE_PATH + path,
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "x-api-key, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "http://localhost:5173")
    assert "x-api-key" in response.headers["access-control-allow-headers"].lower()
    assert method in response.headers["access-control-allow-methods"]


def test_answers_carry_cors_headers_errors_included() -> None:
    c = client()
    for headers in ({**HEADERS, "Origin": "http://app.test"}, {"Origin": "http://app.test"}):
        response = c.get(BASE_PATH + "/directory/currencies", headers=headers)
        assert response.headers["access-control-allow-origin"] == "*"


def test_a_configured_origin_list_refuses_other_origins() -> None:
    c = client(Settings(cors_origins=("http://app.test",)))
    preflight = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-api-key"}
    allowed = c.options(
        BASE_PATH + "/directory/currencies", headers={"Origin": "http://app.test", **preflight}
    )
    refused = c.options(
        BASE_PATH + "/directory/currencies", headers={"Origin": "http://evil.test", **preflight}
    )
    assert allowed.headers["access-control-allow-origin"] == "http://app.test"
    assert "access-control-allow-origin" not in refused.headers


# -- the vendor's curl form -------------------------------------------------------------------
def test_get_parameters_as_a_json_body_mean_the_same_as_the_query() -> None:
    c = client()
    query = c.get(
        BASE_PATH + "/licenses/available", params={"customer_code": 1, "lang": "IT"}, headers=HEADERS
    )
    body = c.request(
        "GET", BASE_PATH + "/licenses/available", json={"customer_code": 1, "lang": "IT"}, headers=HEADERS
    )
    assert body.status_code == 200 and body.json() == query.json()
    assert_documented("GET", BASE_PATH + "/licenses/available", body)


def test_the_query_wins_over_the_body() -> None:
    response = client().request(
        "GET",
        BASE_PATH + "/licenses/available?customer_code=1&lang=DE",
        json={"lang": "FR", "license_duration": "12"},
        headers=HEADERS,
    )
    offers = response.json()["content"]
    assert offers[0]["license_name"] == "Business-Filter-Lizenz" and {
        o["license_duration_months"] for o in offers
    } == {"12"}


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b"{not json", "body"),
        (b"[1]", "body"),
        (b'{"customer_code": 1, "color": "red"}', "color"),
        (b'{"customer_code": "x"}', "customer_code"),
    ],
)
def test_a_bad_get_body_is_a_validation_error(content: bytes, field: str) -> None:
    response = client().request(
        "GET",
        BASE_PATH + "/licenses/available",
        content=content,
        headers={**HEADERS, "Content-Type": "application/json"},
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == [field]


# -- Prefer scenarios ----------------------------------------------------------------------------
def request(c: TestClient, method: str, path: str, prefer: str, key: bool = True) -> httpx.Response:
    headers = {"Prefer": prefer, **(HEADERS if key else {})}
    if method == "GET":
        return c.get(BASE_PATH + path, headers=headers)
    return c.post(BASE_PATH + path, json={}, headers=headers)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_prefer_code_answers_exactly_the_documented_body_of_every_status(method: str, path: str) -> None:
    c = client()
    store_before = c.app.store.dump()  # type: ignore[attr-defined]
    for status, examples in examples_of(method, path).items():
        response = request(c, method, path, f"code={status}")
        assert (response.status_code, response.json()) == (int(status), next(iter(examples.values())))
        assert_documented(method, BASE_PATH + path, response)
        for name, value in examples.items():
            named = request(c, method, path, f"example={name}")
            assert (named.status_code, named.json()) == (int(status), value)
    assert c.app.store.dump() == store_before  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_a_forced_answer_needs_the_key_the_real_api_needs(key: str | None) -> None:
    c = client()
    headers = {} if key is None else {"X-API-KEY": key}
    for prefer in ("code=409", "example=insufficientCredit", "code=200"):
        response = c.post(BASE_PATH + "/licenses/bulk", json={}, headers={**headers, "Prefer": prefer})
        assert (response.status_code, response.json()) == (
            401,
            {"message": "Invalid token or unauthorized admin"},
        )
    forced_401 = c.post(BASE_PATH + "/licenses/bulk", json={}, headers={**headers, "Prefer": "code=401"})
    assert forced_401.status_code == 401
    entries = c.get("/__mock/journal", params={"limit": 4}).json()["entries"]
    assert [e["outcome"] for e in entries] == ["unauthorized", "unauthorized", "unauthorized", "forced"]


def test_prefer_reaches_a_default_response_for_the_statuses_it_stands_for() -> None:
    spec = bundle()
    operation = spec["paths"]["/licenses/demo"]["post"]
    operation["responses"]["default"] = {
        "description": "Anything else.",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ApiError"},
                "examples": {
                    "serverError": {"value": {"code": 500, "message": "Server Error", "reason": "x"}}
                },
            }
        },
    }
    c = TestClient(create_app(Store(), settings=Settings(), spec=spec))
    cases = (("code=500", 500), ("code=502", 502), ("example=serverError", 500), ("code=default", 500))
    for prefer, status in cases:
        response = c.post(BASE_PATH + "/licenses/demo", json={}, headers={**HEADERS, "Prefer": prefer})
        assert (response.status_code, response.json()["message"]) == (status, "Server Error"), prefer
    response = c.post(BASE_PATH + "/licenses/demo", json={}, headers={**HEADERS, "Prefer": "code=1000"})
    assert response.status_code == 422 and "code=1000 is not documented" in response.text


def test_prefer_code_and_example_together_pick_within_the_status() -> None:
    response = request(client(), "POST", "/licenses/renew", "code=409, example=insufficientCredit")
    assert (response.status_code, response.json()["reason"]) == (409, "insufficient_credit")


@pytest.mark.parametrize(
    ("prefer", "expected"),
    [
        ("code=418", f"code=418 is not documented for {DEMO}; documented: 200, 401, 404, 409, 413, 422, 503"),
        ("example=nope", f"example=nope is not documented for {DEMO}; documented: demoLicenseAssigned (200)"),
        (
            "code=401, example=demoLimitReached",
            f"example=demoLimitReached is not documented for {DEMO} with code=401; "
            "documented: unauthorized (401)",
        ),
    ],
)
def test_an_undocumented_preference_is_refused_with_the_valid_ones(prefer: str, expected: str) -> None:
    response = request(client(), "POST", "/licenses/demo", prefer)
    assert response.status_code == 422
    assert response.json()["errors"]["Prefer"][0].startswith(expected)


# -- latency and faults -------------------------------------------------------------------------
@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    calls: list[float] = []
    original = asyncio.sleep

    async def record(seconds: float) -> None:
        calls.append(seconds)
        await original(0)

    monkeypatch.setattr(faults.asyncio, "sleep", record)
    return calls


def test_global_and_per_operation_delays(slept: list[float]) -> None:
    c = client(Settings(delay=Delay(100, 100), delay_for={"assignBulkLicense": Delay(300, 500)}))
    c.get(BASE_PATH + "/directory/currencies", headers=HEADERS)
    c.post(BASE_PATH + "/licenses/bulk", json={}, headers=HEADERS)
    assert slept[0] == pytest.approx(0.1) and 0.3 <= slept[1] <= 0.5


def test_a_delay_per_request_by_header(slept: list[float]) -> None:
    client().get(BASE_PATH + "/directory/currencies", headers={**HEADERS, "X-Mock-Delay": "50-60"})
    assert len(slept) == 1 and 0.05 <= slept[0] <= 0.06


def test_no_delay_unless_asked(slept: list[float]) -> None:
    client().get(BASE_PATH + "/directory/currencies", headers=HEADERS)
    assert slept == []


def test_a_forced_failure_answers_the_documented_503_and_changes_nothing() -> None:
    c = client()
    before = c.app.store.dump()  # type: ignore[attr-defined]
    response = c.post(
        BASE_PATH + "/licenses/demo", json={"customer_code": 1}, headers={**HEADERS, "X-Mock-Fault": "503"}
    )
    assert response.status_code == 503 and response.json()["reason"] == "service_unavailable"
    assert_documented("POST", BASE_PATH + "/licenses/demo", response)
    assert c.app.store.dump() == before  # type: ignore[attr-defined]


def test_a_failure_rate_of_one_fails_everything_and_zero_nothing() -> None:
    failing, healthy = client(Settings(failure_rate=1.0)), client(Settings(failure_rate=0.0))
    for _ in range(5):
        assert failing.get(BASE_PATH + "/directory/currencies", headers=HEADERS).status_code == 503
        assert healthy.get(BASE_PATH + "/directory/currencies", headers=HEADERS).status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"X-Mock-Delay": "soon"},
        {"X-Mock-Fault": "teapot"},
        {"X-Mock-Delay": "soon", "X-Mock-Fault": "teapot"},
    ],
)
def test_a_bad_fault_header_is_refused_under_its_own_name(bad: dict[str, str]) -> None:
    response = client().get(BASE_PATH + "/directory/currencies", headers={**HEADERS, **bad})
    assert response.status_code == 422
    assert sorted(response.json()["errors"]) == sorted(bad)


@pytest.mark.e2e
def test_a_dropped_connection_over_a_socket_and_the_mock_keeps_serving() -> None:
    with running_mock() as (url, _):
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(f"{url}/directory/currencies", headers={**HEADERS, "X-Mock-Fault": "drop"})
        assert httpx.get(f"{url}/directory/currencies", headers=HEADERS).status_code == 200
    with (
        running_mock("--failure-rate", "1", "--failure-mode", "drop") as (url, _),
        pytest.raises(httpx.RemoteProtocolError),
    ):
        httpx.get(f"{url}/directory/currencies", headers=HEADERS)


def test_options_come_from_the_environment_and_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from mock_server.settings import from_args

    monkeypatch.setenv("MOCK_DELAY", "100-200")
    monkeypatch.setenv("MOCK_DELAY_FOR", "assignBulkLicense=900")
    monkeypatch.setenv("MOCK_FAILURE_RATE", "0.25")
    monkeypatch.setenv("MOCK_CORS_ORIGINS", "http://a.test, http://b.test")
    settings = from_args([])
    assert (settings.delay, settings.delay_for, settings.failure_rate, settings.cors_origins) == (
        Delay(100, 200),
        {"assignBulkLicense": Delay(900, 900)},
        0.25,
        ("http://a.test", "http://b.test"),
    )
    overridden = from_args(
        ["--delay", "5", "--failure-rate", "0", "--failure-mode", "drop", "--state-file", "s.db"]
    )
    assert (
        overridden.delay,
        overridden.failure_rate,
        overridden.failure_mode,
        str(overridden.state_file),
    ) == (
        Delay(5, 5),
        0.0,
        "drop",
        "s.db",
    )
    for bad in (["--delay", "fast"], ["--failure-rate", "2"], ["--delay-for", "listCurrencies"]):
        with pytest.raises(SystemExit):
            from_args(bad)
