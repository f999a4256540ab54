"""What changed since the previous run on the same host: each assumption newly refuted, newly confirmed or
newly untested, with since when its old verdict had held; the section that opens a live run's summary.

Pure: the previous run's streaks (contract/history.py) and this run's verdicts in, the changes and
their Markdown out. An assumption the previous run did not have (the spec changed) is new: refuted,
it is newly refuted; confirmed or untested, it is counted, not listed, so that a spec change does not
bury what the server changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from contract.history import RunRecord, Streak, shown
from contract.model import Verdict

TITLES = {
    Verdict.REFUTED: "Newly refuted",
    Verdict.CONFIRMED: "Newly confirmed",
    Verdict.UNTESTED: "Newly untested",
}


@dataclass(frozen=True)
class Change:
    id: str
    verdict: Verdict  # now
    before: Verdict | None  # in the previous run; None: the assumption is new
    since: str | None  # since when `before` had held


@dataclass
class Changes:
    run: RunRecord
    previous: RunRecord | None
    changed: list[Change] = field(default_factory=list)
    new: Counter[Verdict] = field(default_factory=Counter)  # new assumptions neither listed nor refuted
    gone: list[str] = field(default_factory=list)  # in the previous run, in neither this one nor its spec

    def of(self, verdict: Verdict) -> list[Change]:
        return [change for change in self.changed if change.verdict is verdict]


def compare(
    run: RunRecord,
    previous: RunRecord | None,
    before: Mapping[str, Streak],
    now: Mapping[str, Verdict],
    hidden: Collection[str] = (),
) -> Changes:
    """This run's verdicts (its findings' and those it implies: contract/implied.py) against each
    assumption's streak as of the previous run on the host. `hidden`: claims of the spec this run has
    no finding for (a body its fields' findings tell of, the claims of an absent path), not gone."""
    changes = Changes(run, previous)
    if previous is None:
        return changes
    for key in sorted(now):
        verdict, streak = now[key], before.get(key)
        if streak is not None and streak.last_run != previous.id:
            streak = None  # not in the previous run: the spec had dropped it since
        if streak is None:
            if verdict is Verdict.REFUTED:
                changes.changed.append(Change(key, verdict, None, None))
            else:
                changes.new[verdict] += 1
        elif streak.verdict is not verdict:
            changes.changed.append(Change(key, verdict, streak.verdict, streak.since))
    changes.gone = sorted(
        k for k, s in before.items() if s.last_run == previous.id and k not in now and k not in hidden
    )
    return changes


def _was(change: Change) -> str:
    if change.before is None:
        return "new in the spec"
    return f"was {change.before.value} since {shown(change.since or '')}"


def markdown(changes: Changes, messages: Mapping[str, str]) -> list[str]:
    """`## What changed since the previous run on <host>`, then one list per kind of change."""
    run, previous = changes.run, changes.previous
    lines = [f"## What changed since the previous run on {run.host}", ""]
    if previous is None:
        return [
            *lines,
            f"The first recorded run on {run.host} (run {run.id}, {shown(run.at)}): nothing to compare "
            "with yet; the next run says what changed.",
            "",
        ]
    lines += [
        f"Run {run.id} of {shown(run.at)}, against the previous one: {previous.describe()}. Each line says "
        "what the assumption was before, and since when; its new verdict holds since this run.",
        "",
    ]
    for verdict, title in TITLES.items():
        chosen = changes.of(verdict)
        if not chosen:
            continue
        lines += [f"### {title} ({len(chosen)})", ""]
        for change in chosen:
            message = messages.get(change.id, "")
            lines.append(f"- `{change.id}` ({_was(change)})" + (f": {message}" if message else ""))
        lines.append("")
    if not changes.changed:
        lines += [f"Nothing changed: every assumption has the verdict it had in run {previous.id}.", ""]
    if changes.new:
        counted = ", ".join(f"{n} {v.value}" for v, n in sorted(changes.new.items()))
        lines += [f"- {sum(changes.new.values())} assumption(s) new since run {previous.id} ({counted})."]
    if changes.gone:
        lines += [
            f"- {len(changes.gone)} assumption(s) of run {previous.id} not in this run (the spec changed): "
            + ", ".join(f"`{key}`" for key in changes.gone[:20])
            + (", ..." if len(changes.gone) > 20 else "")
        ]
    if changes.new or changes.gone:
        lines.append("")
    return lines


def terminal_line(changes: Changes) -> str:
    """The console's line: `contract: since run 3: 1 newly refuted, 2 newly confirmed, 0 newly untested`."""
    if changes.previous is None:
        return f"contract: the first recorded run on {changes.run.host}"
    counts = ", ".join(f"{len(changes.of(v))} {title.lower()}" for v, title in TITLES.items())
    return f"contract: since run {changes.previous.id} on {changes.run.host}: {counts}"
