"""The verdict over two bundles and the two clients' surfaces: every change found by the rules, merged
to one per (rule, subject, words) with the operations it touches, Specmatic's second opinion weighed
in, the bump asked for. `judge` is pure: the same input gives the same verdict."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from contract.spec import SpecIndex
from tools.compat_rules.change import Change
from tools.compat_rules.client import Surface, client_changes
from tools.compat_rules.operations import spec_changes
from tools.compat_rules.rules import bump_of
from tools.specmatic import Break

SOURCES = ("spec", "python", "typescript", "specmatic")


@dataclass(frozen=True)
class Verdict:
    changes: tuple[Change, ...]  # breaking first, then by subject, rule and source
    second_opinion: str = ""  # what Specmatic said against the rules, when it ran
    clients: tuple[str, ...] = ()  # the clients whose surfaces were compared: "python", "typescript"

    @property
    def breaking(self) -> bool:
        return any(change.breaking for change in self.changes)

    @property
    def bump(self) -> str:
        return bump_of([change.rule for change in self.changes])


def judge(
    old: dict[str, Any],
    new: dict[str, Any],
    surfaces: Mapping[str, tuple[Surface, Surface]] | None = None,
    specmatic: list[Break] | None = None,
) -> Verdict:
    """The verdict from the bundle `old` to `new`; `surfaces`: source ("python", "typescript") ->
    (the client's surface at the base, now); `specmatic`: its findings, when it ran."""
    found = spec_changes(old, new)
    for source, (before, after) in sorted((surfaces or {}).items()):
        found += client_changes(source, before, after, SpecIndex(old), SpecIndex(new))
    opinion = ""
    if specmatic is not None:
        extra, opinion = second_opinion(found, specmatic)
        found += extra
    return Verdict(merged(found), opinion, tuple(sorted(surfaces or {})))


def merged(changes: Iterable[Change]) -> tuple[Change, ...]:
    """One change per (rule, subject, words, source), touching the operations of all of them."""
    by_key: dict[tuple[str, str, str, str, str], Change] = {}
    for change in changes:
        key = (change.rule, change.subject, change.words, change.source, change.leaf)
        seen = by_key.get(key)
        by_key[key] = (
            change if seen is None else Change(*key[:3], seen.operations | change.operations, *key[3:])
        )
    return tuple(
        sorted(
            by_key.values(),
            key=lambda c: (not c.breaking, c.subject, c.rule, SOURCES.index(c.source), c.words),
        )
    )


def second_opinion(changes: list[Change], found: list[Break]) -> tuple[list[Change], str]:
    """Specmatic's findings against the rules' breaking changes: those it shares, and those only it has,
    which make the verdict stricter (`specmatic-only`). Where the rules find a break it does not, the
    rules' verdict stands: the stricter one wins."""
    breaking = [change for change in changes if change.breaking]
    extra, shared = [], 0
    for item in found:
        leaf = item.where.rsplit(".", 1)[-1]
        if any(
            item.operation in change.operations and (change.leaf == leaf or change.subject == item.operation)
            for change in breaking
        ):
            shared += 1
            continue
        words = (
            f"Specmatic finds `{item.where}` breaking ({item.message}) and no rule does: "
            "the stricter verdict wins"
        )
        extra.append(
            Change(
                "specmatic-only",
                f"{item.operation} {item.where}",
                words,
                frozenset({item.operation}),
                "specmatic",
                leaf,
            )
        )
    opinion = f"Specmatic (second opinion) agrees on {shared} finding(s)"
    if extra:
        opinion += f", and finds {len(extra)} breaking change(s) the rules do not: the stricter verdict wins"
    if breaking and not shared:
        opinion += "; it flags none of the rules' breaking changes: the rules' verdict stands"
    return extra, opinion
