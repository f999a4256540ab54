"""The fast path (mock_server/fast.py) answers exactly what connexion's stack answers.

Two mocks over identical stores, one as `make mock` serves (fast path on), one with every request
through connexion; the same sequences of requests, valid and invalid, go to both; every answer
must be the same status, the same headers and the same bytes, and so must the stores after.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.spec import SpecIndex
from mock_server.app import create_app
from mock_server.settings import Settings
from mock_server.store import Store
from tests.conftest import DEV_KEY, SECOND_KEY, TODAY

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def call(
    app: Any,
    method: str,
    path: str,
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    body: bytes = b"",
) -> Answer:
    """One request straight into the ASGI app, as uvicorn would make it."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8080"), *(headers or [])],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
        "extensions": {},
        "state": {},
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)  # no more: a client waiting for its answer
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], sorted(start["headers"]), payload


def pair() -> tuple[Any, Any, Store, Store]:
    fast_store, slow_store = Store(today=lambda: TODAY), Store(today=lambda: TODAY)
    fast = create_app(fast_store, settings=Settings())
    slow = create_app(slow_store, settings=Settings(fast_path=False))
    return fast, slow, fast_store, slow_store


SPEC = SpecIndex.load().spec
BASE_PATH = SpecIndex.load().base_path
OPERATIONS = [(method.upper(), BASE_PATH + path) for path, item in SPEC["paths"].items() for method in item]

# Mostly valid requests, each part wrong now and then, in every way the rules can catch.
VALID_QUERY = {
    "customer_code": ["1", "2", "3", "100", "999"],
    "lang": ["EN", "it", "XX"],
    "currency_code": ["EUR", "USD", "ZZZ"],
    "version_code": ["0", "1", "7"],
    "license_duration": ["1", "12", "999"],
    "license_code": ["CL-Q-A005-M1", "CL-P-A050-M12", "CL-NOPE"],
}
BAD_QUERY = [
    "0",
    "-1",
    "1_0",
    " 1",
    "1.0",
    "9007199254740993",
    "abc",
    "",
    "1234",
    "en-GB",
    "eur",
    "%31",
    "1+2",
    "true",
]
VALID_BODY: dict[str, list[Any]] = {
    "customer_code": [1, 2, 3, 100, 999],
    "lang": ["EN", "it", "xx"],
    "accept_notifications": [True, False],
    "license_code": ["CL-Q-A005-M1", "CL-Q-A010-M12", "CL-P-A050-M12", "CL-NOPE"],
    "license_info": ["shop", "x" * 255],
    "currency_code": ["EUR", "USD", "ZZZ"],
    "license_id": ["LIC-000001", "LIC-000003", "LIC-000006", "LIC-000007", "LIC-999999"],
}
BAD_BODY: list[Any] = [
    0,
    -1,
    "1",
    1.5,
    True,
    None,
    9007199254740993,
    "",
    "x" * 300,
    "bad\u0007",
    "nope",
    [],
    {},
]
FIELDS = {
    "/licenses/demo": ["customer_code", "lang", "accept_notifications"],
    "/licenses/bulk": [
        "customer_code",
        "license_code",
        "license_info",
        "accept_notifications",
        "currency_code",
    ],
    "/licenses/renew": ["customer_code", "license_id"],
    "/licenses/cancel": ["customer_code", "license_id"],
}
PARAMETERS = {
    path: [SpecIndex.ref_name(p) for p in item.get("get", {}).get("parameters", [])]
    for path, item in SPEC["paths"].items()
}
QUERY_NAME = {p: SPEC["components"]["parameters"][p]["name"] for p in SPEC["components"]["parameters"]}
KEYS = [[(b"x-api-key", DEV_KEY.encode())]] * 6 + [
    [(b"x-api-key", SECOND_KEY.encode())],
    [(b"x-api-key", b"wrong-key")],
    [],
    [(b"x-api-key", DEV_KEY.encode()), (b"x-api-key", b"wrong-key")],
]  # header names come lowercased from the server (ASGI)
CONTENT_TYPES = [b"application/json"] * 6 + [
    b"application/json; charset=utf-8",
    b"APPLICATION/JSON",
    b"text/plain",
    b"application/x-www-form-urlencoded",
    None,
]
RAW_BODIES = [b"", b"[]", b"null", b"{", b'{"customer_code": 1,}', b"\xff\xfe", b'"text"', b"NaN", b"{}"]


def rarely(draw: st.DrawFn, one_in: int = 6) -> bool:
    return draw(st.integers(0, one_in - 1)) == 0


@st.composite
def query_for(draw: st.DrawFn, path: str) -> bytes:
    pairs = []
    for parameter in PARAMETERS.get(path, []):
        name = QUERY_NAME[parameter]
        if name == "customer_code" and not rarely(draw) or draw(st.booleans()):
            bad = rarely(draw)
            pairs.append((name, draw(st.sampled_from(BAD_QUERY if bad else VALID_QUERY[name]))))
    if rarely(draw):  # a name the operation does not have, or one given twice
        pairs.append(
            (draw(st.sampled_from(["x", "apiKey", *VALID_QUERY])), draw(st.sampled_from(VALID_QUERY["lang"])))
        )
    return "&".join(f"{name}={value}" for name, value in draw(st.permutations(pairs))).encode()


@st.composite
def body_for(draw: st.DrawFn, path: str) -> bytes:
    if rarely(draw, 12):
        return draw(st.sampled_from(RAW_BODIES))
    data = {}
    for name in FIELDS.get(path, ["customer_code"]):
        if not rarely(draw, 8):
            data[name] = draw(st.sampled_from(BAD_BODY if rarely(draw) else VALID_BODY[name]))
    if rarely(draw, 10):
        data["extra"] = 1
    return json.dumps(data).encode()


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, bytes, list[tuple[bytes, bytes]], bytes]:
    method, full_path = draw(st.sampled_from(OPERATIONS))
    path = full_path.removeprefix(BASE_PATH)
    if rarely(draw, 12):  # the other method on the path
        method = "POST" if method == "GET" else "GET"
    headers = list(draw(st.sampled_from(KEYS)))
    body = b""
    if method == "POST" or rarely(draw, 10):  # the vendor's GET with a JSON body too
        body = draw(body_for(path) if method == "POST" else body_for("/licenses/demo"))
        content_type = draw(st.sampled_from(CONTENT_TYPES))
        if content_type is not None:
            headers.append((b"content-type", content_type))
        headers.append((b"content-length", str(len(body)).encode()))
    query = draw(query_for(path)) if method == "GET" or rarely(draw, 10) else b""
    return method, full_path, query, headers, body


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(requests(), min_size=1, max_size=12))
def test_the_fast_path_answers_what_connexion_answers(sequence: list[Any]) -> None:
    fast, slow, fast_store, slow_store = pair()
    for method, path, query, headers, body in sequence:
        expected = call(slow, method, path, query, headers, body)
        assert expected[0] < 500, (method, path, query, headers, body, expected)
        assert call(fast, method, path, query, headers, body) == expected, (
            method,
            path,
            query,
            headers,
            body,
        )
    assert fast_store.dump() == slow_store.dump()
