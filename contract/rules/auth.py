"""Rule family `auth`: every operation requires the key; a request without a valid one gets the spec's 401."""

from __future__ import annotations

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
from contract.spec import Operation

if TYPE_CHECKING:
    from contract.rules import Context

ROLE = "unauthorized"


def assumption(context: Context, op: Operation) -> Assumption:
    index = context.index
    statuses = index.statuses_of_role(op, ROLE)
    status = statuses[0] if statuses else "401"
    return Assumption(
        id=assumption_id(Subject.AUTH, op.method, op.path),
        subject=Subject.AUTH,
        statement=f"{op.label} requires the key",
        expected=f'{status} {{"message": ...}} without a valid {index.key_header}',
        # The vendor says every operation needs the key (the docs' "optional" on two is a slip).
        provenance=Provenance.DOCUMENTED,
        source=context.where("paths", op.path, op.method.lower(), "responses", status),
    )


def assumptions(context: Context, op: Operation) -> Iterator[Assumption]:
    yield assumption(context, op)


def observe(context: Context, op: Operation, exchange: Exchange) -> Iterator[Observation]:
    if exchange.situation is not Situation.NO_KEY:
        return
    claim = assumption(context, op)
    if str(exchange.status) in context.index.statuses_of_role(op, ROLE):
        yield Observation(claim, op.label, Verdict.CONFIRMED, str(exchange.status), exchange)
        return
    served = 200 <= exchange.status < 300
    answered = "answers without a key" if served else "does not check the key first"
    yield Observation(
        claim,
        op.label,
        Verdict.REFUTED,
        str(exchange.status),
        exchange,
        message=(
            f"{op.label} {answered} ({exchange.status} without one): "
            "contradicts the vendor's docs (every operation needs the key)"
        ),
        weight=1 if served else 0,  # an answer served without a key is the strongest sample
    )
