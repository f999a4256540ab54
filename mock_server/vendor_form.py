"""The vendor's curl form: GET parameters sent as a JSON body, read as the query string.

The vendor documents the offers' parameters as body parameters of a GET, and its Laravel
backend reads a parameter from the query or from a JSON body alike. Here a JSON object sent
with a GET is folded into the query (the query wins on conflict), so connexion validates both
forms the same way. A body that is not a JSON object is the operation's validation answer.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from mock_server.answers import Answers
from mock_server.asgi import ASGIApp, Receive, Scope, Send, read_body, replaying, send_json, without_headers


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


class VendorGetBody:
    def __init__(self, app: ASGIApp, answers: Answers) -> None:
        self.app, self.answers = app, answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)  # BodyLimit, above, has bounded it
        if not body.strip():
            await self.app(scope, replaying(body, receive), send)
            return
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            why = "it is nested too deeply" if isinstance(error, RecursionError) else str(error)
            errors = {"body": [f"The body of a GET is read as JSON parameters and is not valid JSON: {why}."]}
            await send_json(send, *self.answers.at(scope).invalid(errors))
            return
        if not isinstance(data, dict):
            await send_json(send, *self.answers.at(scope).invalid({"body": ["The body must be an object."]}))
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        present = {name for name, _ in query}
        query += [
            (name, _query_value(value))
            for name, value in data.items()
            if name not in present and value is not None
        ]
        scope = without_headers(scope, "content-type", "content-length", "transfer-encoding")
        scope["query_string"] = urlencode(query).encode("latin-1")
        await self.app(scope, replaying(b"", receive), send)
