"""The media-type layer: Content-Type's type and subtype in lower case before connexion reads them."""

from __future__ import annotations

from mock_server.asgi import ASGIApp, Receive, Scope, Send, headers_of


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
