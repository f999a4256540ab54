"""Hostile input over a real socket: each gets a 4xx in a documented shape, never a 5xx, and the
mock keeps serving."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH, assert_documented, bundle
from tests.live import running_mock

pytestmark = pytest.mark.e2e  # every test here starts a server, a process or a browser

KEY = {"X-API-KEY": DEV_KEY}
JSON = {**KEY, "Content-Type": "application/json"}
OFFERS = "/licenses/available"
BULK = {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"}

# name -> (method, path, keyword arguments for httpx, expected status)
CASES: dict[str, tuple[str, str, dict[str, Any], int]] = {
    "no key": ("GET", OFFERS, {"params": {"customer_code": 1}}, 401),
    "wrong key": ("GET", OFFERS, {"params": {"customer_code": 1}, "headers": {"X-API-KEY": "nope"}}, 401),
    "8 KB key": ("POST", "/licenses/bulk", {"json": BULK, "headers": {"X-API-KEY": "k" * 8192}}, 401),
    "non-numeric customer": ("GET", OFFERS, {"params": {"customer_code": "abc"}, "headers": KEY}, 422),
    "negative customer": ("GET", OFFERS, {"params": {"customer_code": -5}, "headers": KEY}, 422),
    "zero customer": ("GET", OFFERS, {"params": {"customer_code": 0}, "headers": KEY}, 422),
    "40-digit customer": ("GET", OFFERS, {"params": {"customer_code": "9" * 40}, "headers": KEY}, 422),
    "40-digit customer in a body": (
        "POST",
        "/licenses/demo",
        {"content": b'{"customer_code": ' + b"9" * 40 + b"}", "headers": JSON},
        422,
    ),
    "missing required parameter": ("GET", OFFERS, {"headers": KEY}, 422),
    "missing required fields": (
        "POST",
        "/licenses/bulk",
        {"json": {"customer_code": 1}, "headers": KEY},
        422,
    ),
    "malformed JSON": ("POST", "/licenses/demo", {"content": b'{"customer_code": 1', "headers": JSON}, 422),
    "a JSON array": ("POST", "/licenses/demo", {"json": [1, 2], "headers": KEY}, 422),
    "a JSON scalar": ("POST", "/licenses/demo", {"json": 42, "headers": KEY}, 422),
    "null for required fields": (
        "POST",
        "/licenses/renew",
        {"json": {"customer_code": None, "license_id": None}, "headers": KEY},
        422,
    ),
    "text/plain body": (
        "POST",
        "/licenses/demo",
        {"content": b"customer_code=1", "headers": {**KEY, "Content-Type": "text/plain"}},
        422,
    ),
    "form body": ("POST", "/licenses/demo", {"data": {"customer_code": "1"}, "headers": KEY}, 422),
    "invalid UTF-8 body": (
        "POST",
        "/licenses/demo",
        {"content": b'{"customer_code": "\xff\xfe"}', "headers": JSON},
        422,
    ),
    "unknown charset": (
        "POST",
        "/licenses/demo",
        {
            "content": b'{"customer_code": 1}',
            "headers": {**KEY, "Content-Type": "application/json;charset=klingon"},
        },
        422,
    ),
    "invalid UTF-8 in the query": ("GET", OFFERS + "?customer_code=%FF%FE", {"headers": KEY}, 422),
    "raw NUL byte in the body": (
        "POST",
        "/licenses/demo",
        {"content": b'{"customer_code": 1\x00}', "headers": JSON},
        422,
    ),
    "escaped NUL in a label": (
        "POST",
        "/licenses/bulk",
        {"json": {**BULK, "license_info": "HQ\x00DROP"}, "headers": KEY},
        422,
    ),
    "NUL in a license code": (
        "POST",
        "/licenses/bulk",
        {"json": {**BULK, "license_code": "CL\x00"}, "headers": KEY},
        404,
    ),
    "2 MB string field": (
        "POST",
        "/licenses/bulk",
        {"json": {**BULK, "license_info": "x" * 2_000_000}, "headers": KEY},
        413,
    ),
    "2 MB chunked body": (
        "POST",
        "/licenses/bulk",
        {"content": iter([b'{"license_info": "', b"x" * 2_000_000, b'"}']), "headers": JSON},
        413,
    ),
    "2 MB JSON body on a GET": (
        "GET",
        OFFERS,
        {"content": b'{"lang": "' + b"x" * 2_000_000 + b'"}', "headers": JSON},
        413,
    ),
    "JSON nested 5000 deep": (
        "POST",
        "/licenses/demo",
        {"content": b"[" * 5000 + b"]" * 5000, "headers": JSON},
        422,
    ),
    "object nested 5000 deep": (
        "POST",
        "/licenses/demo",
        {"content": b'{"a":' * 5000 + b"1" + b"}" * 5000, "headers": JSON},
        422,
    ),
    "unknown license code": (
        "POST",
        "/licenses/bulk",
        {"json": {**BULK, "license_code": "NOPE"}, "headers": KEY},
        404,
    ),
    "unknown license id": (
        "POST",
        "/licenses/cancel",
        {"json": {"customer_code": 1, "license_id": "LIC-999999"}, "headers": KEY},
        404,
    ),
    "path traversal id": (
        "POST",
        "/licenses/renew",
        {"json": {"customer_code": 1, "license_id": "../../../etc/passwd"}, "headers": KEY},
        404,
    ),
    "SQL injection id": (
        "POST",
        "/licenses/cancel",
        {"json": {"customer_code": 1, "license_id": "1' OR '1'='1"}, "headers": KEY},
        404,
    ),
    "script id": (
        "POST",
        "/licenses/cancel",
        {"json": {"customer_code": 1, "license_id": "<script>alert(1)</script>"}, "headers": KEY},
        404,
    ),
    "oversized id": (
        "POST",
        "/licenses/cancel",
        {"json": {"customer_code": 1, "license_id": "L" * 65}, "headers": KEY},
        422,
    ),
    "template injection code": (
        "GET",
        OFFERS,
        {"params": {"customer_code": 1, "license_code": "{{7*7}}"}, "headers": KEY},
        404,
    ),
    "unknown query parameter": (
        "GET",
        OFFERS,
        {"params": {"customer_code": 1, "debug": "true"}, "headers": KEY},
        422,
    ),
}

OFF_SPEC: dict[str, tuple[str, str, int]] = {
    "unknown path": ("GET", "/licenses/everything", 404),
    "path traversal path": ("GET", "/../../etc/passwd", 404),
    "wrong method": ("DELETE", "/licenses/demo", 405),
    "wrong method on a GET": ("PUT", OFFERS, 405),
}


DEEP_BODIES = {
    "an array nested 5000 deep": b"[" * 5000 + b"]" * 5000,
    "an object nested 5000 deep": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "a field nested 5000 deep": b'{"customer_code": ' + b"[" * 5000 + b"]" * 5000 + b"}",
}
OPERATIONS = [(m.upper(), p) for p, item in bundle()["paths"].items() for m in item]


@pytest.fixture(scope="module")
def mock() -> Iterator[tuple[str, Any]]:
    with running_mock() as (url, process):
        yield url, process


def healthy(url: str) -> None:
    response = httpx.get(f"{url}/directory/currencies", headers=KEY)
    assert response.status_code == 200, "the mock stopped serving"


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_request_gets_a_documented_4xx(mock: tuple[str, Any], name: str) -> None:
    url, _ = mock
    method, path, kwargs, status = CASES[name]
    response = httpx.request(method, url + path, timeout=30, **kwargs)
    assert response.status_code == status, response.text[:300]
    assert_documented(method, BASE_PATH + path.split("?")[0], response)
    healthy(url)


@pytest.mark.parametrize("name", list(OFF_SPEC))
def test_off_spec_requests_answer_json(mock: tuple[str, Any], name: str) -> None:
    url, _ = mock
    method, path, status = OFF_SPEC[name]
    response = httpx.request(method, url + path, headers=KEY)
    assert response.status_code == status
    assert (
        response.headers["content-type"] == "application/json" and json.loads(response.text)["code"] == status
    )
    healthy(url)


@pytest.mark.parametrize("body", list(DEEP_BODIES))
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_json_nested_5000_deep_is_a_documented_4xx_on_every_operation(
    mock: tuple[str, Any], method: str, path: str, body: str
) -> None:
    # A GET's body goes through the vendor's GET-body form, a POST's through connexion or the fast path.
    url, _ = mock
    response = httpx.request(method, url + path, content=DEEP_BODIES[body], headers=JSON, timeout=30)
    assert response.status_code == 422, response.text[:300]
    assert_documented(method, BASE_PATH + path, response)
    healthy(url)


@pytest.mark.parametrize("body", list(DEEP_BODIES))
def test_json_nested_5000_deep_is_refused_by_the_control_load(mock: tuple[str, Any], body: str) -> None:
    url, _ = mock
    root = url.removesuffix(BASE_PATH)
    before = httpx.get(f"{root}/__mock/state").content
    response = httpx.post(
        f"{root}/__mock/load", content=DEEP_BODIES[body], headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422 and "state is unchanged" in response.json()["error"], response.text
    assert httpx.get(f"{root}/__mock/state").content == before
    healthy(url)


def test_the_mock_logged_no_crash(mock: tuple[str, Any]) -> None:
    url, process = mock
    healthy(url)
    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "Traceback" not in output and "Exception" not in output, output[-3000:]
