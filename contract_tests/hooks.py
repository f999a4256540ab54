"""The suite's schemathesis hooks, in one place: the sandbox customer, what the checks and findings saw."""

from __future__ import annotations

import time
from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation

from contract_tests.findings import Engine, Exchange
from contract_tests.results import RESULTS
from contract_tests.target import KEY_HEADER, TARGET

ENGINE = Engine()
INPUTS = (ParameterLocation.QUERY, ParameterLocation.BODY, ParameterLocation.PATH)
PROGRESS = {"every": 5.0, "last": 0.0, "seen": 0}
REPORTER: list[Any] = []  # pytest's config, set by conftest, for progress lines on the terminal


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    # Against a live server every write is for the sandbox customer, whatever was generated.
    if (
        TARGET.live
        and TARGET.customer_code is not None
        and isinstance(case.body, dict)
        and "customer_code" in case.body
    ):
        case.body["customer_code"] = TARGET.customer_code


def situation(case: Any, request: Any) -> str:
    """Whether the request carried the key, and whether its input was generated invalid on purpose."""
    if not TARGET.api_key or request.headers.get(KEY_HEADER) != TARGET.api_key:
        return "no_key"
    meta = case.meta
    negative = meta is not None and any(meta.is_negative_at(location) for location in INPUTS)
    return "invalid" if negative else "valid"


@schemathesis.hook
def after_validate(context: Any, case: Any, response: Any, results: list[Any]) -> None:
    checks = [
        (result.name, None if result.failure is None else TARGET.redact(str(result.failure.title)))
        for result in results
    ]
    RESULTS.record(f"{case.method.upper()} {case.path}", response.status_code, checks)
    request = response.request
    kind = situation(case, request)
    if kind == "invalid" and 200 <= response.status_code < 300:
        # A value generated to be invalid can be valid once on the wire (a number in a query
        # string); schemathesis re-checks it, and its negative_data_rejection says which it was.
        rejected = next((r for r in results if r.name == "negative_data_rejection"), None)
        if rejected is not None and rejected.failure is None:
            kind = "valid"
    body = request.body.encode() if isinstance(request.body, str) else request.body
    ENGINE.observe(
        Exchange(
            method=case.method.upper(),
            url=TARGET.redact_key(request.url or ""),
            path=case.path,
            situation=kind,
            request_headers={k: TARGET.redact_key(v) for k, v in request.headers.items()},
            request_body=body,
            status=response.status_code,
            content_type=(response.headers.get("content-type") or [""])[0],
            body=response.content,
        )
    )
    progress(f"{case.method.upper()} {case.path}")


def progress(label: str) -> None:
    PROGRESS["seen"] += 1
    now = time.monotonic()
    if not TARGET.live or not REPORTER or now - PROGRESS["last"] < PROGRESS["every"]:
        return
    PROGRESS["last"] = now
    seen, sent = int(PROGRESS["seen"]), TARGET.requests_sent
    terminal = REPORTER[0].pluginmanager.getplugin("terminalreporter")
    if terminal is not None:
        terminal.write_line(f"contract: {label}: {seen} responses checked, {sent} requests sent so far")
