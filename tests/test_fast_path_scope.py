"""What the fast path takes (plain valid requests, every operation) and what it leaves to connexion."""

from __future__ import annotations

import json
from typing import Any

from contract.spec import SPEC_ROOT, SpecIndex
from mock_server.answers import Answers
from mock_server.app import account_of, create_app
from mock_server.fast import FastPath, compile_operations
from mock_server.settings import Settings
from mock_server.store import Store
from tests.conftest import DEV_KEY, TODAY
from tests.test_fast_path import call

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


SPEC = SpecIndex.load().spec
BASE_PATH = SpecIndex.load().base_path


def resolver(index: SpecIndex) -> Any:
    """The handlers as the mock resolves them, answering as this spec says."""
    return Answers(index, SPEC_ROOT).resolve


def test_every_operation_has_a_fast_path() -> None:
    compiled = compile_operations(SpecIndex(SPEC), resolver(SpecIndex(SPEC)))
    assert sorted(c.operation_id for c in compiled.values()) == sorted(
        op["operationId"] for item in SPEC["paths"].values() for op in item.values()
    )


class _Connexion:
    """Stands for connexion behind the fast path: records what was passed on, with its body."""

    def __init__(self) -> None:
        self.passed: list[tuple[str, bytes]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.passed.append((scope["path"], body))
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def fast_path() -> tuple[FastPath, _Connexion]:
    store = Store(today=lambda: TODAY)
    inner = _Connexion()
    index = SpecIndex(SPEC)
    return FastPath(
        inner, compile_operations(index, resolver(index)), account_of(store), index.key_header
    ), inner


KEYED = [(b"x-api-key", DEV_KEY.encode())]
JSON_HEADERS = [*KEYED, (b"content-type", b"application/json")]


def post(
    path: str, body: dict[str, Any], headers: list[tuple[bytes, bytes]] = JSON_HEADERS
) -> tuple[str, str, bytes, list[tuple[bytes, bytes]], bytes]:
    raw = json.dumps(body).encode()
    return "POST", BASE_PATH + path, b"", [*headers, (b"content-length", str(len(raw)).encode())], raw


PLAIN = [
    ("GET", BASE_PATH + "/licenses/available", b"customer_code=1&license_duration=1", KEYED, b""),
    (
        "GET",
        BASE_PATH + "/licenses/available",
        b"customer_code=999",
        KEYED,
        b"",
    ),  # a refusal, answered here too
    ("GET", BASE_PATH + "/directory/currencies", b"", KEYED, b""),
    ("GET", BASE_PATH + "/directory/licenses/versions", b"", KEYED, b""),
    post("/licenses/demo", {"customer_code": 1}),
    post("/licenses/bulk", {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "shop"}),
    post("/licenses/renew", {"customer_code": 2, "license_id": "LIC-000001"}),
    post("/licenses/cancel", {"customer_code": 2, "license_id": "LIC-000002"}),
]
GET_BODY = b'{"customer_code": 1}'  # the vendor's form of a GET
PASSED_ON = [
    ("GET", BASE_PATH + "/licenses/available", b"customer_code=abc", KEYED, b""),  # invalid value
    ("GET", BASE_PATH + "/licenses/available", b"customer_code=1&x=1", KEYED, b""),  # unknown name
    ("GET", BASE_PATH + "/licenses/available", b"customer_code=1&customer_code=2", KEYED, b""),  # twice
    ("GET", BASE_PATH + "/licenses/available", b"customer_code=%31", KEYED, b""),  # something to decode
    ("GET", BASE_PATH + "/licenses/available", b"lang=IT", KEYED, b""),  # a required one missing
    ("GET", BASE_PATH + "/licenses/available", b"customer_code=1", [], b""),  # no key
    ("GET", BASE_PATH + "/licenses/available", b"customer_code=1", [(b"x-api-key", b"wrong")], b""),
    ("GET", BASE_PATH + "/licenses/available", b"customer_code=1", [*KEYED, (b"x-api-key", b"no")], b""),
    ("GET", BASE_PATH + "/licenses/available", b"", [*JSON_HEADERS, (b"content-length", b"20")], GET_BODY),
    post("/licenses/demo", {"customer_code": "1"}),  # invalid body
    post("/licenses/demo", {"lang": "EN"}),  # a required field missing
    post("/licenses/demo", {"customer_code": 1}, [*KEYED, (b"content-type", b"text/plain")]),
    post("/licenses/demo", {"customer_code": 1}, [*JSON_HEADERS, (b"transfer-encoding", b"chunked")]),
    ("POST", BASE_PATH + "/licenses/demo", b"", [*JSON_HEADERS, (b"content-length", b"5")], b"[1,2]"),
    ("GET", BASE_PATH + "/licenses/unknown", b"", KEYED, b""),
]  # fmt: skip


def test_plain_valid_requests_are_answered_by_the_fast_path() -> None:
    app, inner = fast_path()
    for method, path, query, headers, body in PLAIN:
        status, _, _ = call(app, method, path, query, headers, body)
        assert status in (200, 404, 409), (path, query, body)
    assert inner.passed == []


def test_everything_else_goes_to_connexion_with_its_body() -> None:
    app, inner = fast_path()
    for method, path, query, headers, body in PASSED_ON:
        assert call(app, method, path, query, headers, body)[0] == 299, (path, query, body)
    assert inner.passed == [(path, body) for _, path, _, _, body in PASSED_ON]


def test_the_fast_path_can_be_turned_off(monkeypatch: Any) -> None:
    from mock_server.settings import from_args

    assert from_args([]).fast_path is True
    assert from_args(["--no-fast-path"]).fast_path is False
    monkeypatch.setenv("MOCK_NO_FAST_PATH", "1")
    assert from_args([]).fast_path is False

    assert "FastPath" in create_app(Store(), settings=Settings()).layers
    assert "FastPath" not in create_app(Store(), settings=Settings(fast_path=False)).layers
    assert "FastPath" not in create_app(Store(), settings=Settings(validate_responses=True)).layers
    assert "FastPath" not in create_app(Store(), settings=from_args([])).layers  # MOCK_NO_FAST_PATH=1, above
    # create_app reads no environment: an exported MOCK_NO_FAST_PATH cannot change what a test builds.
    assert "FastPath" in create_app(Store()).layers


def test_operations_the_fast_path_cannot_reproduce_are_left_to_connexion() -> None:
    import copy

    def compiled_after(change: Any) -> list[str]:
        spec = copy.deepcopy(SPEC)
        change(spec["paths"]["/licenses/available"]["get"], spec["paths"]["/licenses/demo"]["post"], spec)
        index = SpecIndex(spec)
        return sorted(c.operation_id for c in compile_operations(index, resolver(index)).values())

    everything = compiled_after(lambda get, post, spec: None)
    changes = {
        "an array parameter": lambda get, post, spec: get["parameters"].append(
            {"name": "lang", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}
        ),
        "a header parameter": lambda get, post, spec: get["parameters"].append(
            {"name": "lang", "in": "header", "schema": {"type": "string"}}
        ),
        "a styled parameter": lambda get, post, spec: get["parameters"].append(
            {"name": "lang", "in": "query", "style": "form", "schema": {"type": "string"}}
        ),
        "a nullable parameter": lambda get, post, spec: get["parameters"].append(
            {"name": "lang", "in": "query", "schema": {"type": "string", "nullable": True}}
        ),
        "no security": lambda get, post, spec: get.update(security=[]),
        "an optional body": lambda get, post, spec: post["requestBody"].update(required=False),
        "a second media type": lambda get, post, spec: post["requestBody"]["content"].update(
            {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}
        ),
    }
    for name, change in changes.items():
        left = set(everything) - set(compiled_after(change))
        assert len(left) == 1 and left <= {"listAvailableLicenses", "assignDemoLicense"}, name
