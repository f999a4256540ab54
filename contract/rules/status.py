"""Rule family `status`: invalid input gets the validation status, a valid request a documented one, and
each documented status is seen in some situation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from contract.model import (
    Assumption,
    Exchange,
    Observation,
    Provenance,
    Situation,
    Subject,
    Verdict,
    assumption_id,
)
from contract.rules.edits import proposed
from contract.spec import Operation

if TYPE_CHECKING:
    from contract.rules import Context

VALIDATION = "validation-error"
NOT_FOR_VALID_INPUT = ("unauthorized", VALIDATION)  # the roles of answers a valid, keyed request never gets


def invalid_input(context: Context, op: Operation) -> Assumption:
    """One claim per validation response: operations that share the component share the claim."""
    index = context.index
    statuses = index.statuses_of_role(op, VALIDATION)
    status = statuses[0] if statuses else None
    ref = index.ref_name(op.definition["responses"][status]) if status else None
    return Assumption(
        id=assumption_id(Subject.STATUS, "invalid", ref or op.label),
        subject=Subject.STATUS,
        statement=f"invalid input is answered {status}" if status else "invalid input is refused",
        expected=f"{status} with the validation body" if status else "the validation body",
        provenance=Provenance.of(index.response_provenance(op, status)) if status else Provenance.INFERRED,
        source=context.where("components", "responses", ref)
        if ref
        else context.where("paths", op.path, op.method.lower(), "responses", *([status] if status else [])),
    )


def _for_valid_input(context: Context, op: Operation) -> list[str]:
    excluded = {s for role in NOT_FOR_VALID_INPUT for s in context.index.statuses_of_role(op, role)}
    return [s for s in op.statuses if s not in excluded and s != "default"]


def valid_input(context: Context, op: Operation) -> Assumption:
    statuses = _for_valid_input(context, op)
    documented = all(context.index.response_provenance(op, s) == "documented" for s in statuses)
    return Assumption(
        id=assumption_id(Subject.STATUS, "valid", op.method, op.path),
        subject=Subject.STATUS,
        statement=f"a valid request to {op.label} gets a documented status",
        expected=", ".join(sorted(statuses)),
        provenance=Provenance.DOCUMENTED if documented else Provenance.INFERRED,
        source=context.where("paths", op.path, op.method.lower(), "responses"),
    )


def documented_status(context: Context, op: Operation, status: str) -> Assumption:
    return Assumption(
        id=assumption_id(Subject.STATUS, "documented", op.method, op.path, status),
        subject=Subject.STATUS,
        statement=f"{op.label} answers {status} in its situation",
        expected=status,
        provenance=Provenance.of(context.index.response_provenance(op, status)),
        source=context.where("paths", op.path, op.method.lower(), "responses", status),
    )


def assumptions(context: Context, op: Operation) -> Iterator[Assumption]:
    yield invalid_input(context, op)
    yield valid_input(context, op)
    for status in op.statuses:
        if status != "default":
            yield documented_status(context, op, status)


def observe(context: Context, op: Operation, exchange: Exchange) -> Iterator[Observation]:
    status = str(exchange.status)
    if status in op.statuses:
        yield Observation(
            documented_status(context, op, status), op.label, Verdict.CONFIRMED, status, exchange
        )
    if exchange.situation is Situation.INVALID:
        yield _invalid(context, op, exchange)
    elif exchange.situation is Situation.VALID:
        yield _valid(context, op, exchange)


def _invalid(context: Context, op: Operation, exchange: Exchange) -> Observation:
    claim = invalid_input(context, op)
    status = str(exchange.status)
    if status in context.index.statuses_of_role(op, VALIDATION):
        return Observation(claim, op.label, Verdict.CONFIRMED, status, exchange)
    if 200 <= exchange.status < 300:
        return Observation(
            claim, op.label, Verdict.REFUTED, status, exchange, message="invalid input was accepted"
        )
    body = exchange.json()
    validation = context.index.schema_of_role(VALIDATION)
    if isinstance(body, dict) and not context.schemas.component_errors(validation, body):
        ref = claim.id.rsplit(":", 1)[-1]
        return Observation(
            claim,
            op.label,
            Verdict.REFUTED,
            status,
            exchange,
            message=(
                f"invalid input is answered with the vendor's documented validation body under "
                f"HTTP {status}, not {claim.expected.split(' ')[0]}"
            ),
            suggestion=(
                f"# {claim.source}: the same body, under the status the server uses\n"
                f"# in each operation file (openapi/paths/*.yaml), responses:\n"
                f"'{status}':\n  $ref: '#/components/responses/{ref}'"
            ),
        )
    return Observation(
        claim, op.label, Verdict.REFUTED, status, exchange, message=f"invalid input is answered {status}"
    )


def _valid(context: Context, op: Operation, exchange: Exchange) -> Observation:
    status = str(exchange.status)
    main = valid_input(context, op)
    if status in _for_valid_input(context, op):
        return Observation(main, op.label, Verdict.CONFIRMED, status, exchange)
    extra = Assumption(
        id=assumption_id(Subject.STATUS, "valid", op.method, op.path, status),
        subject=Subject.STATUS,
        statement=f"{op.label} answers a valid request {status}",
        expected=main.expected,
        provenance=Provenance.INFERRED,
        source=main.source,
    )
    refused = status in context.index.statuses_of_role(op, VALIDATION)
    what = "refused as invalid" if refused else f"answered with the undocumented status {status}"
    example = (
        f"  content:\n    application/json:\n      example: {json.dumps(exchange.json())[:300]}"
        if exchange.is_json
        else f"  # the answer was not JSON ({exchange.content_type or 'no Content-Type'})"
    )
    return Observation(
        extra,
        op.label,
        Verdict.REFUTED,
        status,
        exchange,
        message=f"a valid request to {op.label} was {what}",
        suggestion=proposed(
            extra,
            f"# {extra.source}: document what the server answers\n'{status}':\n"
            f"  description: What the server answers here (observed; say when in the description).\n"
            + example,
        ),
    )
