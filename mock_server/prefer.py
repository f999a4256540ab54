"""The `Prefer` layer: screen states without code, as Prism reads the header.

`Prefer: code=409` answers the documented response of that status (its first named example);
`Prefer: example=insufficientCredit` answers that named example; both together pick the example
within that status. An undocumented status or example is refused with the operation's validation
answer (the spec's status: 422 today) listing the documented ones. A forced answer changes no state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contract.spec import SpecIndex
from mock_server.answers import Answers
from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, send_json


def preferences(scope: Scope) -> dict[str, str]:
    """The `Prefer` header's key=value tokens (RFC 7240), for the keys this mock reads."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name.lower() != b"prefer":
            continue
        for token in bytes(value).decode("latin-1").replace(";", ",").split(","):
            key, _, val = token.strip().partition("=")
            if key.strip().lower() in ("code", "example"):
                found[key.strip().lower()] = val.strip().strip('"')
    return found


class Prefer:
    """Answers `Prefer` with a documented response, changing nothing.

    The real API checks the key before anything else, so a forced answer needs a valid key too
    (a frontend app that forgets the key finds out here, not against the real service); only a
    forced 401 needs none. A `default` response stands for every status the operation does not
    list: `Prefer: code=502` answers it with 502; `code=default` and its examples by name, with 500.
    """

    def __init__(
        self, app: ASGIApp, index: SpecIndex, answers: Answers, valid_key: Callable[[str], bool]
    ) -> None:
        self.app, self.index, self.answers, self.valid_key = app, index, answers, valid_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = (
            self.index.routes.get((scope.get("method", ""), scope.get("path", "")))
            if scope["type"] == "http"
            else None
        )
        wanted = preferences(scope) if operation is not None else {}
        if not wanted or operation is None:
            await self.app(scope, receive, send)
            return
        chosen = self._choose(self.index.examples(operation), wanted.get("code"), wanted.get("example"))
        answers = self.answers.at(scope)
        if isinstance(chosen, str):
            message = chosen.format(label=f"{scope['method']} {scope['path']}")
            await send_json(send, *answers.invalid({"Prefer": [message]}))
            return
        code, body = chosen
        key = header(scope, self.index.key_header)
        if code != answers.unauthorized.status and (key is None or not self.valid_key(key)):
            await send_json(send, *answers.unauthorized)  # the key is checked first, as the real API does
            return
        scope.setdefault("state", {})["mock_forced"] = True
        # RFC 7240: say which preference was honoured, so a screen test can tell a forced answer.
        applied = ", ".join(f"{name}={value}" for name, value in sorted(wanted.items()))
        await send_json(send, code, body, headers={"Preference-Applied": applied})

    @staticmethod
    def _choose(
        statuses: dict[str, dict[str, Any]], status: str | None, example: str | None
    ) -> tuple[int, Any] | str:
        """The (status, body) to answer, or a message (with `{label}`) saying what is documented."""
        if status is not None and status not in statuses:
            if "default" not in statuses or not (status.isdigit() and 100 <= int(status) <= 599):
                return f"code={status} is not documented for {{label}}; documented: {', '.join(statuses)}"
            candidates = {"default": statuses["default"]}
        else:
            candidates = {status: statuses[status]} if status is not None else statuses
        for code, examples in candidates.items():
            # A `default` response answers with the status asked for, else 500.
            answered = int(code) if code != "default" else int(status) if status and status.isdigit() else 500
            if example is None and examples:
                return answered, next(iter(examples.values()))
            if example in examples:
                return answered, examples[example]
        names = [f"{name} ({code})" for code, examples in candidates.items() for name in examples]
        with_code = f" with code={status}" if status else ""
        return f"example={example} is not documented for {{label}}{with_code}; documented: {', '.join(names)}"
