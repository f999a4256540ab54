"""Small ASGI helpers shared by the mock's layers: answering JSON, reading and replaying bodies, headers."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def send_json(send: Send, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
    payload = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


async def read_body(receive: Receive, limit: int | None = None) -> bytes:
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            raise ValueError(f"the body is larger than {limit} bytes")
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A receive channel that gives `body` once, then whatever the client sends next."""
    sent = False

    async def replay() -> MutableMapping[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def headers_of(scope: Scope) -> dict[bytes, bytes]:
    """The request's headers by lowercase name (the first of repeated ones), worked out once.

    Every layer asks for a header or two; the mapping is kept in the scope with the header
    list it was made from, so a layer that replaces the list gets a fresh one.
    """
    return _parsed(scope)[1]


def repeated_headers(scope: Scope) -> frozenset[bytes]:
    """The lowercase names the request sends more than once."""
    return _parsed(scope)[2]


def _parsed(scope: Scope) -> tuple[Any, dict[bytes, bytes], frozenset[bytes]]:
    raw = scope.get("headers", [])
    cached = scope.get("mock.headers")
    if cached is not None and cached[0] is raw:
        return cached  # type: ignore[no-any-return]
    found: dict[bytes, bytes] = {}
    repeated = set()
    for key, value in raw:
        name = bytes(key).lower()
        if name in found:
            repeated.add(name)
        else:
            found[name] = bytes(value)
    parsed = scope["mock.headers"] = (raw, found, frozenset(repeated))
    return parsed


def header(scope: Scope, name: str) -> str | None:
    value = headers_of(scope).get(name.lower().encode("latin-1"))
    return None if value is None else value.decode("latin-1")


def without_headers(scope: Scope, *names: str) -> Scope:
    drop = {n.lower().encode("latin-1") for n in names}
    return {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() not in drop]}
