"""Verdicts: observations folded into one finding per assumption, as they come, in bounded memory.

Per assumption and operation a tally keeps counters and two observations (the first, and the
heaviest refutation), never the exchanges themselves: a proxy that sees traffic for a day holds no
more than a run of ten requests. A finding is then `refuted` (one counter-example, or for a path,
nothing but counter-examples), `confirmed` or `untested`. An operation whose path is refuted tests
nothing else: its other observations are left out. Reading the findings changes nothing.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from contract.model import Assumption, Exchange, Finding, Fold, Observation, Situation, Subject, Verdict
from contract.rules import Context, describer, evaluate, settle

ORDER = {Verdict.REFUTED: 0, Verdict.UNTESTED: 1, Verdict.CONFIRMED: 2}
MAX_ASSUMPTIONS = 2000  # a server that names fields at random cannot grow the tallies without end


@dataclass
class Tally:
    """What was observed of one assumption (for one operation, or merged over several)."""

    seen: Counter[tuple[Verdict, str]] = field(default_factory=Counter)
    first: tuple[int, Observation] | None = None  # (arrival, the first confirmation)
    # (-weight, no edit proposed, arrival, the refutation): the heaviest, then one that proposes an edit
    strongest: tuple[int, bool, int, Observation] | None = None
    situations: set[Situation] = field(default_factory=set)  # of the refutations

    def add(self, arrival: int, observation: Observation) -> None:
        self.seen[(observation.verdict, observation.seen)] += 1
        if observation.verdict is Verdict.REFUTED:
            self.situations.add(observation.exchange.situation)
            self._keep_strongest((-observation.weight, observation.edit is None, arrival, observation))
        elif self.first is None or arrival < self.first[0]:
            self.first = (arrival, observation)

    def _keep_strongest(self, candidate: tuple[int, bool, int, Observation]) -> None:
        if self.strongest is None or candidate[:3] < self.strongest[:3]:
            self.strongest = candidate

    def merge(self, other: Tally) -> None:
        self.seen.update(other.seen)
        self.situations |= other.situations
        if other.first is not None and (self.first is None or other.first[0] < self.first[0]):
            self.first = other.first
        if other.strongest is not None:
            self._keep_strongest(other.strongest)

    def count(self, verdict: Verdict) -> int:
        return sum(n for (v, _), n in self.seen.items() if v is verdict)


class Verdicts:
    """Findings as exchanges come in (the contract suite, the proxy, a HAR file all feed one)."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self._tallies: dict[str, dict[str, Tally]] = defaultdict(dict)
        self._claims: dict[str, Assumption] = {}
        self._situations: dict[str, set[Situation]] = defaultdict(set)
        self._arrivals = itertools.count()
        self.overflow = 0  # observations of new assumptions past MAX_ASSUMPTIONS, dropped
        self._lock = threading.Lock()

    def add(self, exchange: Exchange) -> list[Observation]:
        """Fold one exchange in; its observations are returned (the proxy prints what it refutes)."""
        observations = evaluate(self.context, exchange)
        self.fold(observations)
        return observations

    def fold(self, observations: Iterable[Observation]) -> None:
        with self._lock:
            for observation in observations:
                key = observation.assumption.id
                if key not in self._claims:
                    if len(self._claims) >= MAX_ASSUMPTIONS:
                        self.overflow += 1
                        continue
                    self._claims[key] = observation.assumption
                per_operation = self._tallies[key]
                tally = per_operation.get(observation.operation)
                if tally is None:
                    tally = per_operation[observation.operation] = Tally()
                tally.add(next(self._arrivals), observation)
                self._situations[observation.operation].add(observation.exchange.situation)

    def auth_tested_only(self) -> list[str]:
        """The operations every exchange of which went without a key: only their key check was tested."""
        with self._lock:
            return sorted(label for label, seen in self._situations.items() if seen == {Situation.NO_KEY})

    def findings(self) -> list[Finding]:
        """Every assumption's verdict: refuted first, then untested, then confirmed."""
        with self._lock:  # the tallies go on changing while a proxy forwards traffic
            return self._findings(self._claims, self._tallies)

    def _findings(self, claims: dict[str, Assumption], tallies: dict[str, dict[str, Tally]]) -> list[Finding]:
        absent = _absent_paths(claims, tallies)
        found: list[Finding] = []
        catalogue = self.context.catalogue
        for key in {*catalogue, *claims}:
            claim = catalogue[key][0] if key in catalogue else claims[key]
            declared = catalogue[key][1] if key in catalogue else frozenset()
            if claim.subject is not Subject.PATH:
                if declared and declared <= absent:
                    continue  # a path that is not there tests nothing else: its own claims are not reported
                per_op = {op: t for op, t in tallies.get(key, {}).items() if op not in absent}
            else:
                per_op = tallies.get(key, {})
            if not per_op and key not in catalogue:
                continue
            finding = _finding(claim, per_op, declared)
            if finding is not None:
                found.append(finding)
        return sorted(settle(found), key=lambda f: (ORDER[f.verdict], f.operation, f.subject.value, f.id))


def _absent_paths(claims: dict[str, Assumption], tallies: dict[str, dict[str, Tally]]) -> set[str]:
    """The operations whose path claim is refuted: every exchange met a missing route."""
    return {
        op
        for key, claim in claims.items()
        if claim.subject is Subject.PATH
        for op, tally in tallies[key].items()
        if tally.count(Verdict.REFUTED) and not tally.count(Verdict.CONFIRMED)
    }


def _finding(claim: Assumption, per_op: dict[str, Tally], declared: frozenset[str]) -> Finding | None:
    merged = Tally()
    for tally in per_op.values():
        merged.merge(tally)
    refuted, confirmed = merged.count(Verdict.REFUTED), merged.count(Verdict.CONFIRMED)
    if refuted and (claim.fold is Fold.ANY_REFUTES or not confirmed):
        verdict = Verdict.REFUTED
    elif confirmed:
        verdict = Verdict.CONFIRMED
    else:
        verdict = Verdict.UNTESTED
    if verdict is Verdict.REFUTED and claim.told_by_fields:
        return None  # the findings of its fields say what is wrong, one each
    operations = tuple(sorted(per_op)) or tuple(sorted(declared))
    seen = Counter({what: n for (v, what), n in merged.seen.items() if v is verdict})
    if verdict is Verdict.UNTESTED:
        return Finding(claim, verdict, operations, message=f"{claim.statement}: untested")
    chosen = merged.strongest if verdict is Verdict.REFUTED else merged.first
    sample = chosen[-1] if chosen else None
    describe = describer(claim.subject) if verdict is Verdict.REFUTED else None
    message = describe(claim, merged) if describe else (sample.message if sample and sample.message else "")
    return Finding(
        claim,
        verdict,
        operations,
        seen=tuple(seen.most_common()),
        message=message or f"{claim.statement}: {verdict.value}",
        evidence=sample.exchange if sample else None,
        suggestion=sample.suggestion if verdict is Verdict.REFUTED and sample else None,
        edit=sample.edit if verdict is Verdict.REFUTED and sample else None,
    )


def refutations(observations: list[Observation]) -> list[str]:
    """What one exchange refutes on its own, in words (the proxy's line per exchange): a missing
    path alone when the path is missing, since such an answer tests nothing else."""
    refuted = [o for o in observations if o.verdict is Verdict.REFUTED]
    missing = [o for o in refuted if o.assumption.subject is Subject.PATH]
    return [o.message for o in (missing or refuted)]
