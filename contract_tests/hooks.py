"""The suite's schemathesis hooks, in one place: the sandbox customer, what the checks and findings saw."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import schemathesis
from schemathesis.core.parameters import ParameterLocation

from contract.model import Exchange, Situation
from contract.wire import valid
from contract_tests.run import current

INPUTS = (ParameterLocation.QUERY, ParameterLocation.BODY, ParameterLocation.PATH)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    # Against a live server every write is for the sandbox customer, whatever was generated.
    target = current().target
    if (
        target.live
        and target.customer_code is not None
        and isinstance(case.body, dict)
        and "customer_code" in case.body
    ):
        case.body["customer_code"] = target.customer_code


def situation(case: Any, request: Any) -> Situation:
    """Whether the request carried the key, and whether its input was generated invalid on purpose."""
    target = current().target
    if not target.api_key or request.headers.get(target.key_header) != target.api_key:
        return Situation.NO_KEY
    meta = case.meta
    negative = meta is not None and any(meta.is_negative_at(location) for location in INPUTS)
    return Situation.INVALID if negative else Situation.VALID


@schemathesis.hook
def after_validate(context: Any, case: Any, response: Any, results: list[Any]) -> None:
    run = current()
    target = run.target
    redact = target.redactor
    checks = [
        (result.name, None if result.failure is None else redact(str(result.failure.title)))
        for result in results
    ]
    run.results.record(f"{case.method.upper()} {case.path}", response.status_code, checks)
    request = response.request
    kind = situation(case, request)
    body = request.body.encode() if isinstance(request.body, str) else request.body
    if kind is Situation.INVALID and on_the_wire_valid(case, request, body):
        # A value generated to be invalid can be valid once on the wire (a number in a query
        # string, a currency code the pattern allows): read as sent, whatever the answer.
        kind = Situation.VALID
    shell = redact.for_shell
    run.observe(
        Exchange(
            method=case.method.upper(),
            url=shell(request.url or ""),
            path=case.path,
            situation=kind,
            request_headers={k: shell(v) for k, v in request.headers.items()},
            request_body=body,
            status=response.status_code,
            content_type=(response.headers.get("content-type") or [""])[0],
            body=response.content,
            response_headers={k: v[0] for k, v in response.headers.items() if v},
        )
    )


def on_the_wire_valid(case: Any, request: Any, body: bytes | None) -> bool:
    """Whether the request as sent is valid input for its operation (contract/wire.py)."""
    query = urlsplit(request.url or "").query
    given = next((v for k, v in request.headers.items() if k.lower() == "content-type"), None)
    content_type = given[0] if isinstance(given, list) else given
    return valid(current().target.index, case.method.upper(), case.path, query, body or b"", content_type)
