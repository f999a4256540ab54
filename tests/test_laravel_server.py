"""The Laravel-style test server (standins/laravel_server.py): with no habit on it answers as the spec
documents; each habit, switched on alone, changes what the reference says it changes, and nothing else."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from standins.laravel_habits import Habits, Throttle
from standins.laravel_server import LaravelServer, options
from tests.documented import INDEX, undocumented

KEY = "laravel-test-key"
BASE = INDEX.base_path
DEMO = {"customer_code": 2}
RENEW = {"customer_code": 2, "license_id": "LIC-000101"}
# One valid request per operation, and where it goes.
REQUESTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "listAvailableLicenses": ("GET", "/licenses/available", {"params": {"customer_code": 1}}),
    "assignDemoLicense": ("POST", "/licenses/demo", {"json": DEMO}),
    "assignBulkLicense": (
        "POST",
        "/licenses/bulk",
        {"json": {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"}},
    ),
    "renewLicense": ("POST", "/licenses/renew", {"json": RENEW}),
    "cancelLicense": ("POST", "/licenses/cancel", {"json": RENEW}),
    "listCurrencies": ("GET", "/directory/currencies", {}),
    "listLicenseVersions": ("GET", "/directory/licenses/versions", {}),
}


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def server(**habits: Any) -> TestClient:
    return TestClient(LaravelServer(Habits(api_key=KEY, **habits)).app(), headers={"X-API-KEY": KEY})


def send(client: TestClient, operation_id: str, path_prefix: str = BASE, **change: Any) -> httpx.Response:
    method, path, kwargs = REQUESTS[operation_id]
    answer: httpx.Response = client.request(method, path_prefix + path, **{**kwargs, **change})
    return answer


def test_every_operation_is_served_and_its_answers_are_the_documented_ones() -> None:
    assert set(REQUESTS) == {op.operation_id for op in INDEX.operations}
    plain = server()
    for operation_id, (method, path, _) in REQUESTS.items():
        answer = send(plain, operation_id)
        assert answer.status_code == 200, (operation_id, answer.text)
        assert undocumented(method, BASE + path, answer) == [], operation_id
        unkeyed = send(plain, operation_id, headers={"X-API-KEY": "wrong"})
        assert unkeyed.status_code == 401 and undocumented(method, BASE + path, unkeyed) == []
    refused = plain.get(f"{BASE}/licenses/available", params={"customer_code": 999})
    assert refused.status_code == 404 and refused.json()["reason"] == "customer_not_found"
    assert undocumented("GET", f"{BASE}/licenses/available", refused) == []
    invalid = plain.get(f"{BASE}/licenses/available")
    assert invalid.status_code == 422 and undocumented("GET", f"{BASE}/licenses/available", invalid) == []
    unknown = plain.post(f"{BASE}/licenses/cancel", json={"customer_code": 2, "license_id": "LIC-1"})
    assert unknown.status_code == 404 and unknown.json()["reason"] == "license_not_found"


def test_an_assigned_license_is_known_to_renew_and_its_customer_is_the_requests() -> None:
    plain = server()
    assigned = send(plain, "assignDemoLicense").json()["content"]
    assert assigned["customer_code"] == 2
    renewed = plain.post(
        f"{BASE}/licenses/renew", json={"customer_code": 2, "license_id": assigned["license_id"]}
    )
    assert renewed.status_code == 200 and renewed.json()["content"]["license_id"] == assigned["license_id"]


def test_the_throttle_refuses_past_its_limit_until_the_window_ends() -> None:
    clock = Clock()
    throttled = server(throttle=Throttle(3, 10), clock=clock)
    answers = [send(throttled, "listCurrencies") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert all(a.headers["X-RateLimit-Limit"] == "3" for a in answers)
    refused = answers[-1]
    assert refused.json() == {"message": "Too Many Attempts."}
    assert refused.headers["Retry-After"] == "10" and refused.headers["X-RateLimit-Reset"] == "1800000010"
    assert "Retry-After" not in answers[0].headers
    clock.now += 9.5
    assert send(throttled, "listCurrencies").headers["Retry-After"] == "1"  # the window did not move
    # Another key has its own window.
    assert send(throttled, "listCurrencies", headers={"X-API-KEY": "other"}).status_code == 401
    clock.now += 0.5
    assert send(throttled, "listCurrencies").status_code == 200


def test_envelope_refusals_answer_a_not_found_as_a_200_with_an_error_code() -> None:
    answer = server(envelope_refusals=True).get(f"{BASE}/licenses/available", params={"customer_code": 999})
    assert answer.status_code == 200 and answer.json() == {"code": 404, "content": []}


def test_the_validation_body_can_come_under_500() -> None:
    answer = server(validation_500=True).get(f"{BASE}/licenses/available")
    assert answer.status_code == 500
    assert answer.json() == {
        "code": 500,
        "message": "The given data was invalid.",
        "errors": {"customer_code": ["The customer code field is required."]},
    }


def test_the_exists_rule_makes_an_unknown_reference_a_validation_error() -> None:
    exists = server(exists_rule=True)
    currency = exists.get(f"{BASE}/licenses/available", params={"customer_code": 1, "currency_code": "XYZ"})
    assert currency.status_code == 422
    assert currency.json()["errors"] == {"currency_code": ["The selected currency code is invalid."]}
    customer = send(exists, "assignDemoLicense", json={"customer_code": 999})
    assert customer.json()["errors"] == {"customer_code": ["The selected customer code is invalid."]}


def test_php_arrays_key_lists_by_id_and_answer_an_empty_array_for_a_missing_object() -> None:
    php = server(php_arrays=True)
    offers = send(php, "listAvailableLicenses").json()["content"]
    assert isinstance(offers, dict) and list(offers) == ["3", "7"]
    assert list(send(php, "listCurrencies").json()["content"]) == ["EUR", "USD"]
    # Keys 0..n-1 in order are a list to json_encode, as they are to PHP.
    assert isinstance(send(php, "listLicenseVersions").json()["content"], list)
    missing = php.post(f"{BASE}/licenses/cancel", json={"customer_code": 2, "license_id": "LIC-1"})
    assert missing.status_code == 200 and missing.json() == {"code": 200, "content": []}


def test_decimal_strings_dates_and_extra_fields() -> None:
    renewed = send(server(decimal_strings=True, laravel_dates=True, extra_fields=True), "renewLicense").json()
    content = renewed["content"]
    assert content["amount_charged"] == "5.00" and content["credit_remaining"] == "90.00"
    assert content["start_date"] == "2026-01-15 00:00:00"
    assert {"created_at", "updated_at", "deleted_at"} <= set(content)
    assert content["license_duration_months"] == "1"  # a string already: untouched


def test_json_can_be_sent_as_html() -> None:
    answer = send(server(html_content_type=True), "listCurrencies")
    assert answer.headers["content-type"] == "text/html; charset=UTF-8" and answer.json()["code"] == 200


def test_another_base_path_and_laravels_404_and_405() -> None:
    mounted = server(base_path="/api")
    assert send(mounted, "listCurrencies", path_prefix="/api").status_code == 200
    missing = send(mounted, "listCurrencies")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    as_json = send(mounted, "listCurrencies", headers={"Accept": "application/json"})
    assert as_json.status_code == 404
    assert as_json.json() == {"message": "The route customerarea/directory/currencies could not be found."}
    wrong_method = mounted.get("/api/licenses/demo")
    assert wrong_method.status_code == 405 and wrong_method.headers["allow"] == "POST"


def test_every_habit_is_a_command_line_switch() -> None:
    switches = [f.name for f in dataclasses.fields(Habits) if f.type == "bool"]
    flags = [f"--{name.replace('_', '-')}" for name in switches]
    habits, host, port = options(
        ["--port", "9", "--key", KEY, "--throttle", "10/3", "--base-path", "/api/", *flags]
    )
    assert (host, port, habits.base_path, habits.throttle) == ("127.0.0.1", 9, "/api", Throttle(10, 3.0))
    assert all(getattr(habits, name) for name in switches)
    assert not any(getattr(options(["--port", "9", "--key", KEY])[0], name) for name in switches)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["--port", "9", "--key", KEY, "--throttle", "ten"],
            "--throttle takes REQUESTS/SECONDS, such as 10/3",
        ),
        (["--port", "9", "--key", KEY, "--throttle", "0/3"], "--throttle takes REQUESTS/SECONDS"),
        (["--port", "9", "--key", KEY, "--base-path", "api"], "--base-path must start with /"),
        (["--port", "9"], "give the key the server accepts: --key, or $LARAVEL_API_KEY"),
    ],
)
def test_a_bad_option_is_one_sentence(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LARAVEL_API_KEY", raising=False)
    with pytest.raises(SystemExit) as exited:
        options(argv)
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert said in error and "Traceback" not in error and KEY not in error
