"""Rule family `rate_limit`: whether the server limits the rate of requests, and how.

The spec documents no 429, so it assumes the API answers every request. A throttled answer (429, or
a 503 carrying rate-limit headers) refutes that, and so does an answer that announces a limit
(`X-RateLimit-Limit`): one finding for the whole API, with the headers seen and the spec edit that
would document the limit. A throttled answer is this family's alone (`claims`): it says nothing of
the path, the key, the status or the body of the request it refused, which the contract suite sends
again once the wait is over.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contract.model import Assumption, Exchange, Observation, Provenance, Subject, Verdict, assumption_id
from contract.rules.edits import Change, Edit, schema_of
from contract.rules.edits import edit as rules_edit
from contract.spec import Operation

if TYPE_CHECKING:
    from contract.rules import Context

THROTTLED = "429"
LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
HEADERS = ("Retry-After", *LIMIT_HEADERS)


def throttled(exchange: Exchange) -> bool:
    """A 429, or a 503 that says it is about the rate (a plain 503 is the documented outage)."""
    if exchange.status == 429:
        return True
    return exchange.status == 503 and any(exchange.header(name) for name in LIMIT_HEADERS)


def documented(context: Context) -> bool:
    return any(THROTTLED in op.statuses for op in context.index.operations)


def assumption(context: Context) -> Assumption:
    if documented(context):
        statement = "a throttled request is answered 429 with Retry-After, as documented"
        expected = "429 with Retry-After or X-RateLimit-Reset"
    else:
        statement = "the API answers every request: it has no rate limit (the spec documents no 429)"
        expected = "no 429, no X-RateLimit-* headers"
    return Assumption(
        id=assumption_id(Subject.RATE_LIMIT),
        subject=Subject.RATE_LIMIT,
        statement=statement,
        expected=expected,
        provenance=Provenance.INFERRED,  # the vendor says nothing about rate limits
        source=context.where("paths"),
    )


def assumptions(context: Context, op: Operation) -> Iterator[Assumption]:
    yield assumption(context)


def claims(context: Context, op: Operation, exchange: Exchange) -> bool:
    return throttled(exchange)


def headers_seen(exchange: Exchange) -> str:
    return ", ".join(f"{name}: {exchange.header(name)}" for name in HEADERS if exchange.header(name))


def observe(context: Context, op: Operation, exchange: Exchange) -> Iterator[Observation]:
    claim = assumption(context)
    limited = throttled(exchange)
    announced = exchange.header("X-RateLimit-Limit") is not None
    if documented(context):
        if limited:
            told = exchange.header("Retry-After") or exchange.header("X-RateLimit-Reset")
            verdict = Verdict.CONFIRMED if told else Verdict.REFUTED
            yield Observation(
                claim, op.label, verdict, str(exchange.status), exchange, message="a 429 that says no wait"
            )
        return
    if not limited and not announced:
        yield Observation(claim, op.label, Verdict.CONFIRMED, "no limit announced", exchange)
        return
    what = (
        f"the server limits the rate: {op.label} answered {exchange.status}"
        if limited
        else "the server announces a rate limit"
    )
    yield Observation(
        claim,
        op.label,
        Verdict.REFUTED,
        str(exchange.status) if limited else "announced",
        exchange,
        message=f"{what} ({headers_seen(exchange)})",
        edit=edit(context, claim, exchange),
        weight=1 if limited else 0,  # a 429 is the better evidence: it shows the answer to expect
    )


COMPONENT = "TooManyRequests"


def edit(context: Context, claim: Assumption, exchange: Exchange) -> Edit:
    """A response component documenting the limit as seen (its headers, the body of a 429), listed in
    the index, and a `429` referring to it in every operation."""
    body = exchange.json() if throttled(exchange) else None
    example = body if isinstance(body, dict) else {"message": "Too Many Attempts."}
    seen = [name for name in HEADERS if exchange.header(name)] or list(HEADERS)
    response = {
        "description": "Too many requests; wait `Retry-After` seconds, then send the request again.",
        "headers": {
            name: {"description": f"{name}, as the server sends it.", "schema": {"type": "integer"}}
            for name in seen
        },
        "content": {
            "application/json": {
                "schema": schema_of(example),
                "examples": {"tooManyRequests": {"summary": "Throttled (observed)", "value": example}},
            }
        },
        "x-provenance-note": f"Seen by a contract run ({headers_seen(exchange) or 'no headers'}).",
    }
    root = context.where("paths").partition("#")[0]
    folder = root.rsplit("/", 1)[0]
    changes = [
        Change("create-file", f"{folder}/components/responses/{COMPONENT}.yaml", "", response),
        Change(
            "add-entry",
            root,
            "/components/responses",
            {"key": COMPONENT, "value": {"$ref": f"components/responses/{COMPONENT}.yaml"}},
        ),
    ]
    for op in context.index.operations:
        file, _, pointer = context.where("paths", op.path, op.method.lower(), "responses").partition("#")
        changes.append(
            Change(
                "add-entry",
                file,
                pointer,
                {"key": THROTTLED, "value": {"$ref": f"#/components/responses/{COMPONENT}"}},
            )
        )
    return rules_edit(
        claim,
        f"the server limits the rate: document a {THROTTLED} ({COMPONENT}) on every operation",
        *changes,
    )
