"""Deliberately broken variants of the mock, for proving that the contract suite notices.

Each is an app factory the suite can run against in-process:
CONTRACT_APP=tests.broken_mocks:<name> python -m pytest contract_tests
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from contract.spec import SpecIndex
from mock_server.app import create_app
from mock_server.dataset import dev_key
from mock_server.settings import from_args
from mock_server.store import Store


def mock() -> Any:
    """The mock as `make mock` would build it from this environment (MOCK_API_KEY included)."""
    return create_app(settings=from_args([]))


Rewrite = Callable[[dict[str, Any], int, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]
DEV_KEY = dev_key().encode()


class Rewriting:
    """Wraps the mock and rewrites its answers (status, headers, body) before they leave."""

    def __init__(
        self,
        app: Any,
        rewrite: Rewrite | None = None,
        request: Callable[[dict[str, Any]], None] | None = None,
    ):
        self.app, self.rewrite, self.request = app, rewrite, request
        self.store = getattr(app, "store", None)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.request is not None:
            self.request(scope)
        if self.rewrite is None:
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in start["headers"]}
                    status, headers, body = self.rewrite(scope, start["status"], headers, b"".join(chunks))
                    headers["content-length"] = str(len(body))
                    await send(
                        {
                            "type": "http.response.start",
                            "status": status,
                            "headers": [
                                (k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


def _json_rewrite(change: Callable[[Any], None]) -> Rewrite:
    def rewrite(
        scope: dict[str, Any], status: int, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if status == 200 and headers.get("content-type", "").startswith("application/json") and body:
            data = json.loads(body)
            change(data)
            body = json.dumps(data).encode()
        return status, headers, body

    return rewrite


def _each_item(data: Any) -> list[dict[str, Any]]:
    content = data.get("content") if isinstance(data, dict) else None
    if isinstance(content, list):
        return [item for item in content if isinstance(item, dict)]
    return [content] if isinstance(content, dict) else []


def number_as_string() -> Any:
    """Amounts and codes sent as strings, as a PHP backend easily does."""

    def change(data: Any) -> None:
        for item in _each_item(data):
            for field in ("license_amount", "credit_remaining", "exchange_rate", "version_code"):
                if field in item:
                    item[field] = str(item[field])

    return Rewriting(mock(), _json_rewrite(change))


def required_field_dropped() -> Any:
    def change(data: Any) -> None:
        for item in _each_item(data):
            for field in ("license_id", "license_code", "currency_code", "version_code"):
                item.pop(field, None)

    return Rewriting(mock(), _json_rewrite(change))


def auth_ignored() -> Any:
    """Requests without a valid key are served as the default reseller's."""

    def let_in(scope: dict[str, Any]) -> None:
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"x-api-key"]
        scope["headers"] = [*headers, (b"x-api-key", DEV_KEY)]

    return Rewriting(mock(), request=let_in)


def _status_rewrite(old: int, new: int, body: bytes | None = None) -> Rewrite:
    def rewrite(
        scope: dict[str, Any], status: int, headers: dict[str, str], content: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        return (
            (new, headers, content if body is None else body) if status == old else (status, headers, content)
        )

    return rewrite


def server_error_on_bad_input() -> Any:
    body = json.dumps({"code": 500, "message": "Server Error"}).encode()
    return Rewriting(mock(), _status_rewrite(422, 500, body))


def undocumented_status() -> Any:
    """Unknown customers and licenses answered 410 Gone, which the spec does not list."""
    return Rewriting(mock(), _status_rewrite(404, 410))


def wrong_content_type() -> Any:
    def rewrite(
        scope: dict[str, Any], status: int, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if headers.get("content-type", "").startswith("application/json"):
            headers["content-type"] = "text/html; charset=utf-8"
        return status, headers, body

    return Rewriting(mock(), rewrite)


def invalid_input_accepted() -> Any:
    """Validation errors turned into successes: the operation's documented 200 example is answered."""
    index = SpecIndex.load()
    success = {
        (op.method, index.base_path + op.path): json.dumps(
            next(iter(index.examples(op)["200"].values()))
        ).encode()
        for op in index.operations
    }

    def rewrite(
        scope: dict[str, Any], status: int, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        answer = success.get((scope["method"], scope["path"]))
        return (200, headers, answer) if status == 422 and answer else (status, headers, body)

    return Rewriting(mock(), rewrite)


class _NoDemoLimit(Store):
    # The refusal turned into a success: every demo is assigned.
    max_demos_per_customer = 10**9


def refusal_turned_success() -> Any:
    return create_app(_NoDemoLimit(), settings=from_args([]))


def key_echoed() -> Any:
    """A server that echoes the request's key into a field of the wrong type: a failure message
    that quotes the body quotes the key, and every report must still hide it."""

    def rewrite(
        scope: dict[str, Any], status: int, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        key = next((v for k, v in scope["headers"] if k.lower() == b"x-api-key"), b"").decode("latin-1")
        if status == 200 and key:
            data = json.loads(body)
            for item in _each_item(data):
                item["license_amount" if "license_amount" in item else "license_id"] = key
            body = json.dumps(data).encode()
        return status, headers, body

    return Rewriting(mock(), rewrite)
