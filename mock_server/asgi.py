"""Small ASGI helpers shared by the mock's layers."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from mock_server.bodies import api_error

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


MAX_BODY = 64 * 1024  # the spec documents it: license requests are a few hundred bytes


class BodyLimit:
    """Bodies over MAX_BODY are answered 413 before anything reads them.

    A declared Content-Length over the limit is refused at once; a body without one (chunked)
    is read up to the limit here and handed on whole, so no layer below sees a partial body.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, "content-length")
        chunked = "chunked" in (header(scope, "transfer-encoding") or "").lower()
        if declared is not None and declared.strip().isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        if chunked:
            try:
                body = await read_body(receive, self.limit)
            except ValueError:
                await self._refuse(send)
                return
            receive = replaying(body, receive)
        await self.app(scope, receive, send)

    async def _refuse(self, send: Send) -> None:
        message = f"The request body is larger than {self.limit} bytes."
        await send_json(send, 413, api_error(413, "payload_too_large", message))


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


class MediaTypeCase:
    """Media types are case-insensitive (RFC 9110 8.3.1); connexion matches them as written, and
    took `APPLICATION/JSON` for no JSON at all (a 500). The type and subtype are lowercased
    here; parameters (a multipart boundary is case-sensitive) are left as they are."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            value = headers_of(scope).get(b"content-type")
            if value is not None:
                media_type, sep, parameters = value.partition(b";")
                if media_type != media_type.lower():
                    scope = {
                        **scope,
                        "headers": [
                            (k, media_type.lower() + sep + parameters if k.lower() == b"content-type" else v)
                            for k, v in scope["headers"]
                        ],
                    }
        await self.app(scope, receive, send)


def without_headers(scope: Scope, *names: str) -> Scope:
    drop = {n.lower().encode("latin-1") for n in names}
    return {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() not in drop]}
