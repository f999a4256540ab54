"""The findings rules: pure functions from one exchange to what it says of each assumption of the spec.

Each family is a module of its own, with `assumptions(context, op)` (the claims it knows before
anything is sent, so that what was never observed is reported untested) and `observe(context, op,
exchange)` (the observations one exchange makes):

    path.py     the operation exists at its path (a 404 with a non-JSON body for every request refutes it)
    auth.py     it requires the key (a request without one must get the 401 the spec documents)
    rate_limit.py   whether the server limits the rate; a throttled answer (429) is its alone
    envelope.py the body's `code` agrees with the HTTP status, `content` is what the spec promises; a
                refusal inside a success envelope is its alone
    path.py     the operation exists at its path (a 404 with a non-JSON body for every request refutes it)
    auth.py     it requires the key (a request without one must get the 401 the spec documents)
    status.py   invalid input gets the validation status; a valid request a documented status; each
                documented status is seen; each refusal the spec's examples name in its situation
    answer.py   answers are JSON, and each body, field by field, is as its schema says

A family may also have `claims(context, op, exchange)`: True when the exchange is its alone (a 429
tells nothing of the path, the key or the body; a refusal inside a success envelope is no success),
so that no other family counts it; and `settle(findings)`, which drops findings another one explains.
`verdicts.py` (beside this package) folds observations into one finding per assumption.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contract.model import Assumption, Exchange, Finding, Observation, Subject
from contract.schemas import Schemas
from contract.sources import SourceMap
from contract.spec import Operation, SpecIndex

if TYPE_CHECKING:
    from contract.verdicts import Tally


@dataclass(frozen=True, eq=False)
class Context:
    """What the rules read: the spec, where each claim is written, and the schemas' validators."""

    index: SpecIndex
    sources: SourceMap = field(default_factory=SourceMap)

    @functools.cached_property
    def schemas(self) -> Schemas:
        return Schemas(self.index.spec)

    def where(self, *at: str) -> str:
        return self.sources(tuple(at))

    @functools.cached_property
    def catalogue(self) -> dict[str, tuple[Assumption, frozenset[str]]]:
        """Every assumption known before anything is observed, with the operations it is about."""
        found: dict[str, tuple[Assumption, set[str]]] = {}
        for op in self.index.operations:
            for family in FAMILIES:
                for assumption in family.assumptions(self, op):
                    found.setdefault(assumption.id, (assumption, set()))[1].add(op.label)
        return {key: (assumption, frozenset(ops)) for key, (assumption, ops) in found.items()}


Describe = Callable[[Assumption, "Tally"], str]
Settle = Callable[[list[Finding]], list[Finding]]


class Family:
    """One rule family: a module with `assumptions` and `observe`, and `DESCRIBE` where a subject's
    refuted finding is worded from all its refutations rather than from the heaviest one."""

    def __init__(self, module: Any) -> None:
        self.assumptions: Callable[[Context, Operation], Iterable[Assumption]] = module.assumptions
        self.observe: Callable[[Context, Operation, Exchange], Iterable[Observation]] = module.observe
        self.describe: dict[Subject, Describe] = getattr(module, "DESCRIBE", {})
        self.claims: Callable[[Context, Operation, Exchange], bool] = getattr(
            module, "claims", lambda *_: False
        )
        self.settle: Settle | None = getattr(module, "settle", None)


def _families() -> tuple[Family, ...]:
    from contract.rules import answer, auth, envelope, path, rate_limit, status

    return tuple(Family(module) for module in (rate_limit, envelope, path, auth, status, answer))


FAMILIES = _families()


def evaluate(context: Context, exchange: Exchange) -> list[Observation]:
    """Everything one exchange says, for the operation it was sent to (nothing for another path).
    An exchange a family claims as its own (a throttled answer) is observed by that family alone."""
    op = context.index.operation(exchange.method, exchange.path)
    if op is None:
        return []
    owner = next((family for family in FAMILIES if family.claims(context, op, exchange)), None)
    families = (owner,) if owner is not None else FAMILIES
    return [found for family in families for found in family.observe(context, op, exchange)]


def settle(findings: list[Finding]) -> list[Finding]:
    """The findings with those another one explains left out (each family's `settle`)."""
    for family in FAMILIES:
        if family.settle is not None:
            findings = family.settle(findings)
    return findings


def describer(subject: Subject) -> Describe | None:
    """The family's own wording of a refuted finding from all its refutations, where it has one."""
    return next((f.describe[subject] for f in FAMILIES if subject in f.describe), None)
