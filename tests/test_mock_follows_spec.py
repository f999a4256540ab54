"""The spec drives the mock (issue #24): with validation moved to 500 and `exchange_rate` made a string in a
copy of the spec, and no edit of mock_server/, the mock answers as the copy says, everywhere it answers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from contract.bundle import read_spec
from contract.schemas import Schemas
from contract.spec import SpecIndex
from mock_server.app import create_app
from mock_server.settings import Settings
from mock_server.store import Store
from tests import live
from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH, bundle
from tests.spec_edits import edited_spec, exchange_rate_as_string, validation_under_500

KEY = {"X-API-KEY": DEV_KEY}
JSON = {**KEY, "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The root of a copy of openapi/ with the issue's two edits."""
    return edited_spec(tmp_path_factory.mktemp("spec"), validation_under_500, exchange_rate_as_string)


@pytest.fixture(scope="module")
def spec(edited: Path) -> dict[str, Any]:
    return read_spec(edited)


@pytest.fixture(scope="module")
def mock(edited: Path) -> TestClient:
    """The mock on the copy, as `make mock --spec <copy>` builds it (the spec bundled by the core)."""
    return TestClient(create_app(Store(), settings=Settings(spec=edited)))


def is_the_validation_body(spec: dict[str, Any], response: httpx.Response, status: int) -> None:
    body = response.json()
    assert response.status_code == status and body["code"] == status, (response.status_code, body)
    assert not Schemas(spec).component_errors("ValidationError", body), body
    assert body["message"] == "The given data was invalid." and body["errors"], body


def invalid_request(method: str, path: str) -> dict[str, Any]:
    """A request every operation refuses as invalid: an unknown query parameter, a body missing its fields."""
    if method == "GET":
        return {"method": "GET", "url": BASE_PATH + path + "?no_such_parameter=1", "headers": KEY}
    return {"method": "POST", "url": BASE_PATH + path, "headers": JSON, "content": b"{}"}


@pytest.mark.parametrize("operation", [op.label for op in SpecIndex.load().operations])
def test_every_operation_answers_invalid_input_under_the_status_the_spec_gives(
    operation: str, mock: TestClient, spec: dict[str, Any]
) -> None:
    method, path = operation.split(" ")
    edited = SpecIndex(spec)
    op = edited.operation(method, path)
    assert op is not None and edited.statuses_of_role(op, "validation-error") == ["500"]
    is_the_validation_body(spec, mock.request(**invalid_request(method, path)), 500)


LAYERS = {
    "connexion's parameters": {
        "method": "GET",
        "url": "/licenses/available?customer_code=abc",
        "headers": KEY,
    },
    "connexion's body": {
        "method": "POST",
        "url": "/licenses/bulk",
        "headers": JSON,
        "content": b'{"customer_code": "x"}',
    },
    "the media type": {
        "method": "POST",
        "url": "/licenses/demo",
        "headers": {**KEY, "Content-Type": "text/plain"},
        "content": b"customer_code=1",
    },
    "the GET-body form": {"method": "GET", "url": "/licenses/available", "headers": JSON, "content": b"[1]"},
    "a session header": {
        "method": "GET",
        "url": "/directory/currencies",
        "headers": {**KEY, "X-Mock-Session": "!"},
    },
    "a session header on no operation": {
        "method": "GET",
        "url": "/no/such/path",
        "headers": {"X-Mock-Session": "!"},
    },
    "a delay header (faults)": {
        "method": "GET",
        "url": "/directory/currencies",
        "headers": {**KEY, "X-Mock-Delay": "x"},
    },
    "a forced answer (Prefer)": {
        "method": "GET",
        "url": "/directory/currencies",
        "headers": {**KEY, "Prefer": "code=299"},
    },
}


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_that_validates_answers_the_spec_status_with_the_validation_body(
    layer: str, mock: TestClient, spec: dict[str, Any]
) -> None:
    request = LAYERS[layer]
    is_the_validation_body(spec, mock.request(**{**request, "url": BASE_PATH + request["url"]}), 500)


def test_an_invalid_request_is_journaled_as_invalid_under_the_spec_status(mock: TestClient) -> None:
    mock.request(**invalid_request("POST", "/licenses/demo"), params={})
    entry = mock.get("/__mock/journal", params={"limit": 1}).json()["entries"][-1]
    assert (entry["status"], entry["outcome"]) == (500, "invalid")


@pytest.mark.parametrize(
    "settings",
    [Settings(), Settings(fast_path=False), Settings(validate_responses=True)],
    ids=["fast path", "connexion", "connexion validating answers"],
)
def test_exchange_rate_is_sent_as_the_string_the_spec_asks_for(
    spec: dict[str, Any], settings: Settings
) -> None:
    client = TestClient(create_app(Store(), settings=settings, spec=spec))
    content = client.get(BASE_PATH + "/directory/currencies", headers=KEY).json()["content"]
    assert {c["currency_code"]: c["exchange_rate"] for c in content} == {
        "EUR": "1",
        "USD": "1.08",
        "GBP": "0.85",
        "CHF": "0.94",
    }


def test_the_committed_spec_still_gets_a_number_and_422() -> None:
    client = TestClient(create_app(Store()))
    content = client.get(BASE_PATH + "/directory/currencies", headers=KEY).json()["content"]
    assert content[1]["exchange_rate"] == 1.08
    assert client.post(BASE_PATH + "/licenses/demo", headers=JSON, content=b"{}").status_code == 422


def moved(spec: dict[str, Any], path: str, old: str, new: str) -> dict[str, Any]:
    operation = spec["paths"][path]["post"]
    operation["responses"] = {(new if s == old else s): r for s, r in operation["responses"].items()}
    return spec


def test_a_refusal_travels_with_the_status_its_examples_show() -> None:
    # The demo limit's example moved from 409 to 403: the third demo is refused 403, `code` 403.
    client = TestClient(create_app(Store(), spec=moved(bundle(), "/licenses/demo", "409", "403")))
    answers = [
        client.post(BASE_PATH + "/licenses/demo", headers=JSON, json={"customer_code": 1}) for _ in range(3)
    ]
    refused = answers[-1]
    assert (refused.status_code, refused.json()["code"], refused.json()["reason"]) == (
        403,
        403,
        "demo_limit_reached",
    )
    # Each operation's own examples decide: bulk's refusals stay where its spec has them.
    short = client.post(
        BASE_PATH + "/licenses/bulk",
        headers=JSON,
        json={"customer_code": 9, "license_code": "X", "license_info": "x"},
    )
    assert (short.status_code, short.json()["reason"]) == (404, "customer_not_found")


def test_the_success_status_and_the_envelope_code_are_the_spec_s() -> None:
    client = TestClient(create_app(Store(), spec=moved(bundle(), "/licenses/demo", "200", "201")))
    answer = client.post(BASE_PATH + "/licenses/demo", headers=JSON, json={"customer_code": 1})
    assert (answer.status_code, answer.json()["code"]) == (201, 201)


def test_the_unauthorized_answer_is_the_spec_s_example() -> None:
    spec = bundle()
    spec["components"]["examples"]["Unauthorized"]["value"] = {"message": "Unauthenticated."}
    client = TestClient(create_app(Store(), spec=spec))
    for response in (
        client.get(BASE_PATH + "/directory/currencies"),
        client.get(BASE_PATH + "/directory/currencies", headers={"Prefer": "code=200"}),
    ):
        assert (response.status_code, response.json()) == (401, {"message": "Unauthenticated."})


def test_the_body_limit_and_a_forced_failure_answer_under_the_spec_status() -> None:
    spec = moved(copy.deepcopy(bundle()), "/licenses/demo", "413", "400")
    spec = moved(spec, "/licenses/demo", "503", "502")
    client = TestClient(create_app(Store(), spec=spec))
    big = client.post(BASE_PATH + "/licenses/demo", headers=JSON, content=b" " * (65 * 1024))
    down = client.post(
        BASE_PATH + "/licenses/demo", headers={**JSON, "X-Mock-Fault": "503"}, json={"customer_code": 1}
    )
    assert (big.status_code, big.json()["code"], big.json()["reason"]) == (400, 400, "payload_too_large")
    assert (down.status_code, down.json()["reason"]) == (502, "service_unavailable")


def test_a_request_of_no_operation_gets_the_validation_status_most_operations_have() -> None:
    def under_500(chosen: Callable[[str], bool]) -> dict[str, Any]:
        spec = bundle()
        for path, item in spec["paths"].items():
            if chosen(path):
                operation = next(iter(item.values()))
                operation["responses"] = {
                    ("500" if s == "422" else s): r for s, r in operation["responses"].items()
                }
        return spec

    first = SpecIndex.load().operations[0].path  # the rule is not "the first operation's"
    for edited, status in ((under_500(lambda p: p == first), 422), (under_500(lambda p: p != first), 500)):
        client = TestClient(create_app(Store(), spec=edited))
        answer = client.get(BASE_PATH + "/no/such/path", headers={"X-Mock-Session": "!"})
        assert (answer.status_code, answer.json()["code"]) == (status, status)


@pytest.mark.e2e
def test_the_in_process_contract_suite_passes_against_the_mock_on_the_edited_spec(
    edited: Path, tmp_path: Path
) -> None:
    result, summary = live.run_suite(
        tmp_path, CONTRACT_APP="mock_server.app:from_environment", MOCK_SPEC=str(edited)
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "invalid input is answered 500: confirmed" in summary, summary
