"""The body-limit layer: bodies over 64 KiB are refused (payload_too_large) before they are read."""

from __future__ import annotations

from mock_server.answers import PAYLOAD_TOO_LARGE, Answers
from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, read_body, replaying, send_json

MAX_BODY = 64 * 1024  # the spec documents it: license requests are a few hundred bytes


class BodyLimit:
    """Bodies over MAX_BODY are refused before anything reads them, under the status the spec gives
    `payload_too_large` for the request's operation.

    A declared Content-Length over the limit is refused at once; a body without one (chunked)
    is read up to the limit here and handed on whole, so no layer below sees a partial body.
    """

    def __init__(self, app: ASGIApp, answers: Answers, limit: int = MAX_BODY) -> None:
        self.app, self.answers, self.limit = app, answers, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, "content-length")
        chunked = "chunked" in (header(scope, "transfer-encoding") or "").lower()
        if declared is not None and declared.strip().isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        if chunked:
            try:
                body = await read_body(receive, self.limit)
            except ValueError:
                await self._refuse(scope, send)
                return
            receive = replaying(body, receive)
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = f"The request body is larger than {self.limit} bytes."
        await send_json(send, *self.answers.at(scope).refused(PAYLOAD_TOO_LARGE, message))
