"""Rule family `envelope`: a body's `code` agrees with the HTTP status, and a success's `content` is what the
spec promises.

The vendor's own pages show a refusal inside the success envelope (`{"code": 401, "content": []}`
under another status), and PHP writes an empty array where an object is due. Two claims, each one
finding for the whole API:

- `envelope:code`: the body's `code` is in the HTTP status's class, or in a class the spec's own
  examples of that status show (the vendor's validation body says 500 under our 422);
- `envelope:content`: a success's `content` is an object where the spec promises one, never `[]`.

A 2xx that breaks either is no success: it is this family's alone (`claims`), so that no other family
takes it for one (an empty list of offers, a documented 200).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from contract.model import Assumption, Exchange, Observation, Provenance, Subject, Verdict, assumption_id
from contract.rules.edits import proposed
from contract.spec import Operation

if TYPE_CHECKING:
    from contract.rules import Context

EMPTY: tuple[Any, ...] = ([], {}, None, "")


def code_claim(context: Context) -> Assumption:
    return Assumption(
        id=assumption_id(Subject.ENVELOPE, "code"),
        subject=Subject.ENVELOPE,
        statement="a body's `code` agrees with the HTTP status (no refusal inside a success envelope)",
        expected="`code` in the status's class, or as the spec's examples of that status show",
        provenance=Provenance.INFERRED,
        source=context.where("info", "description"),
    )


def content_claim(context: Context) -> Assumption:
    return Assumption(
        id=assumption_id(Subject.ENVELOPE, "content"),
        subject=Subject.ENVELOPE,
        statement="a success's `content` is an object where the spec promises one (never an empty array)",
        expected="`content`: an object",
        provenance=Provenance.INFERRED,
        source=context.where("info", "description"),
    )


def promised_object(context: Context, op: Operation, status: int) -> str | None:
    """The schema a 2xx's `content` must be, when it is an object (its name, or "an object")."""
    schema = context.index.response_schema(op, str(status))
    if schema is None or not 200 <= status < 300:
        return None
    node = (context.index.resolve(schema).get("properties") or {}).get("content")
    target = context.index.resolve(node) if node is not None else {}
    if target.get("type") != "object" and "properties" not in target:
        return None
    return context.index.ref_name(node) or "an object"


def assumptions(context: Context, op: Operation) -> Iterator[Assumption]:
    yield code_claim(context)
    if any(s.isdigit() and promised_object(context, op, int(s)) for s in op.statuses):
        yield content_claim(context)


def body_code(exchange: Exchange) -> int | None:
    body = exchange.json()
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def classes(context: Context, op: Operation, status: int) -> set[int]:
    """The classes a body's `code` may be in under `status`: its own, and its examples' codes'."""
    found = {status // 100}
    for example in context.index.named_examples(op):
        code = example.value.get("code") if isinstance(example.value, dict) else None
        if example.status == str(status) and isinstance(code, int):
            found.add(code // 100)
    return found


def empty_where_object(context: Context, op: Operation, exchange: Exchange) -> str | None:
    promised = promised_object(context, op, exchange.status)
    body = exchange.json()
    if promised is None or not isinstance(body, dict) or "content" not in body:
        return None
    return promised if body["content"] in EMPTY else None


def claims(context: Context, op: Operation, exchange: Exchange) -> bool:
    if not 200 <= exchange.status < 300:
        return False
    code = body_code(exchange)
    refused = code is not None and code // 100 not in classes(context, op, exchange.status)
    return refused or empty_where_object(context, op, exchange) is not None


def observe(context: Context, op: Operation, exchange: Exchange) -> Iterator[Observation]:
    code = body_code(exchange)
    status = exchange.status
    if code is not None:
        claim = code_claim(context)
        if code // 100 in classes(context, op, status):
            yield Observation(claim, op.label, Verdict.CONFIRMED, str(status), exchange)
        else:
            yield _disagreement(claim, op, exchange, code)
            return
    promised = promised_object(context, op, status)
    if promised is None:
        return
    content = exchange.json().get("content") if isinstance(exchange.json(), dict) else None
    claim = content_claim(context)
    if isinstance(content, dict) and content:
        yield Observation(claim, op.label, Verdict.CONFIRMED, str(status), exchange)
    elif empty_where_object(context, op, exchange) is not None:
        shown = json.dumps(content)
        yield Observation(
            claim,
            op.label,
            Verdict.REFUTED,
            f"{status} content {shown}",
            exchange,
            message=(
                f"{op.label} answered {status} with `content` {shown} where the spec promises {promised} "
                "(PHP's empty array: a refusal, or nothing found, inside the success envelope)"
            ),
            suggestion=proposed(
                claim,
                f'# {claim.source}: the server answers {status} {{"code": {code or status}, '
                f'"content": {shown}}} for a request it does not serve;\n'
                "# say so in the operation's 200 description, and read it as a refusal in the clients",
            ),
        )


def _disagreement(claim: Assumption, op: Operation, exchange: Exchange, code: int) -> Observation:
    status = exchange.status
    inside = 200 <= status < 300
    what = "a refusal inside the success envelope" if inside else "the body's code disagrees with the status"
    excerpt = exchange.body[:200].decode("utf-8", "replace")
    return Observation(
        claim,
        op.label,
        Verdict.REFUTED,
        f"HTTP {status}, code {code}",
        exchange,
        message=f"{op.label} answered HTTP {status} with `code` {code} in its body: {what}",
        suggestion=proposed(
            claim,
            f'# {claim.source}: the server answers HTTP {status} with {{"code": {code}, ...}};\n'
            "# document it in the Envelope section, and in the operation's answers, e.g.\n"
            f"'{status}':\n  description: A refusal, its real status in `code` ({code}).\n"
            f"  content:\n    application/json:\n      example: {excerpt}",
        ),
        weight=1 if inside else 0,
    )
