"""Rule family `path`: the operation exists at its path (a non-JSON 404 for every request refutes it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contract.model import (
    Assumption,
    Exchange,
    Fold,
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
    from contract.verdicts import Tally


def assumption(context: Context, op: Operation) -> Assumption:
    return Assumption(
        id=assumption_id(Subject.PATH, op.method, op.path),
        subject=Subject.PATH,
        statement=f"{op.method} {op.path} exists",
        expected=f"{op.path} answers {op.method}",
        provenance=Provenance.of(op.provenance),
        source=context.where("paths", op.path, op.method.lower()),
        # One request answered elsewhere shows the path exists; a 404 page for one does not refute it.
        fold=Fold.ALL_REFUTE,
    )


def assumptions(context: Context, op: Operation) -> Iterator[Assumption]:
    yield assumption(context, op)


def missing(exchange: Exchange) -> bool:
    """A route the server does not have: a 404 that is not the API's JSON (a web server's page)."""
    return exchange.status == 404 and not exchange.is_json


def observe(context: Context, op: Operation, exchange: Exchange) -> Iterator[Observation]:
    claim = assumption(context, op)
    if not missing(exchange):
        yield Observation(claim, op.label, Verdict.CONFIRMED, str(exchange.status), exchange)
        return
    file = claim.source.split("/paths/")[-1].split("#")[0]
    yield Observation(
        claim,
        op.label,
        Verdict.REFUTED,
        f"{exchange.status} {exchange.content_type or '-'}",
        exchange,
        message="the path does not exist on this server (404 with a non-JSON body)",
        suggestion=proposed(
            claim,
            f"# {claim.source}: this path answered 404 before the key was checked. Find the real path\n"
            f"# of `{op.operation_id}` and move the entry in openapi/openapi.yaml:\npaths:\n"
            f"  /the/real/path:\n    $ref: paths/{file}",
        ),
        # A keyed request that met the same page is the better evidence: the key is not the cause.
        weight=0 if exchange.situation is Situation.NO_KEY else 1,
    )


def describe(claim: Assumption, tally: Tally) -> str:
    before = ", before the key was checked" if Situation.NO_KEY in tally.situations else ""
    return f"the path does not exist on this server (404 with a non-JSON body{before})"


DESCRIBE = {Subject.PATH: describe}
