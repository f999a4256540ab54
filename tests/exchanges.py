"""Exchanges built by hand, and the findings the rules make of them: for the rule families' unit tests."""

from __future__ import annotations

import json
from typing import Any

from contract.model import Exchange, Finding, Situation
from contract.rules import Context
from contract.verdicts import Verdicts
from tests.documented import INDEX

CONTEXT = Context(INDEX)


def exchange(
    path: str,
    status: int,
    body: Any,
    situation: str = "valid",
    method: str = "GET",
    headers: dict[str, str] | None = None,
    content_type: str | None = None,
    expects: str | None = None,
) -> Exchange:
    """An answer to `method path`: a JSON body as JSON (bytes as an HTML page), with these headers."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    kind = content_type or ("application/json" if not isinstance(body, bytes) else "text/html")
    sent = {"X-API-KEY": "$API_KEY"} if situation != "no_key" else {}
    return Exchange(
        method,
        f"https://api.example/customerarea{path}",
        path,
        Situation(situation),
        sent,
        None,
        status,
        kind,
        raw,
        response_headers=headers or {},
        expects=expects,
    )


def findings(*exchanges: Exchange) -> list[Finding]:
    folded = Verdicts(CONTEXT)
    for item in exchanges:
        folded.add(item)
    return folded.findings()


def judged(*exchanges: Exchange) -> dict[str, Finding]:
    """The findings with a verdict, by id."""
    return {f.id: f for f in findings(*exchanges) if f.verdict != "untested"}


def verdicts(*exchanges: Exchange) -> dict[tuple[str, str], Finding]:
    return {(f.operation, f.subject): f for f in findings(*exchanges) if f.verdict != "untested"}
