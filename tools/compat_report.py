"""make compat's verdict in words: the terminal's report and CHANGELOG.md's section.

Each change of the spec is one entry: what it means for a caller, its rule, the operations it touches,
and under it what changes for callers of the Python client and of the TypeScript types. A change only a
client shows (a renamed function, say) is an entry of its own; documentation changes are one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.compat_rules.change import Change
from tools.compat_rules.verdict import Verdict

DOCUMENTATION = "documentation-changed"
SHOWN_PLACES = 6
SOURCE_NAMES = {"python": "Python client", "typescript": "TypeScript types", "specmatic": "Specmatic"}


@dataclass(frozen=True)
class Base:
    """What the working tree is compared with."""

    ref: str  # as given: "HEAD~1"
    commit: str  # its hash (12 digits)
    date: str  # its commit date, YYYY-MM-DD
    version: str  # its info.version


@dataclass
class Entry:
    head: Change
    clients: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> bool:
        return self.head.breaking or any(change.breaking for change in self.clients)


def entries(verdict: Verdict) -> list[Entry]:
    """The changes grouped: each spec change with the clients' changes of the same thing under it."""
    heads = [
        Entry(c) for c in verdict.changes if c.source in ("spec", "specmatic") and c.rule != DOCUMENTATION
    ]
    loose = []
    for change in (c for c in verdict.changes if c.source in ("python", "typescript")):
        entry = next((e for e in heads if same_thing(e.head, change)), None)
        if entry is None:
            loose.append(Entry(change))
        else:
            entry.clients.append(change)
    return sorted(heads + loose, key=lambda e: (not e.breaking, e.head.subject, e.head.rule))


def same_thing(head: Change, change: Change) -> bool:
    """A client's change of the field a spec change names, or of the function of the operation it names."""
    if head.subject == change.subject:
        return True
    operation_level = head.subject in head.operations
    return (
        operation_level and change.rule.startswith("client-function") and change.operations == head.operations
    )


def operations_said(change: Change, every: frozenset[str]) -> str:
    if not change.operations:
        return "no operation"
    if len(every) > 1 and change.operations >= every:
        return f"every operation ({len(every)})"
    return ", ".join(sorted(change.operations))


def documentation_said(verdict: Verdict) -> str | None:
    places = sorted({c.subject for c in verdict.changes if c.rule == DOCUMENTATION})
    if not places:
        return None
    shown = ", ".join(places[:SHOWN_PLACES]) + (", ..." if len(places) > SHOWN_PLACES else "")
    return (
        f"descriptions, examples or extensions changed in {len(places)} place(s) ({shown}): "
        "nothing changes for callers"
    )


def render(verdict: Verdict, base: Base, version: str, every: frozenset[str]) -> tuple[str, bool]:
    """The terminal's report, and whether the gate passes (a break needs a new major version)."""
    lines = [
        f"make compat: generated/openapi.yaml at {base.ref} (commit {base.commit}, {base.date}; info.version "
        f"{base.version}) -> the working tree (info.version {version})"
    ]
    for entry in entries(verdict):
        level = "BREAKING  " if entry.breaking else "compatible"
        lines.append(f"{level} {entry.head.words}")
        lines.append(
            f"           {source_said(entry.head)}{entry.head.rule}; {operations_said(entry.head, every)}"
        )
        for change in entry.clients:
            lines.append(f"           {change.source}: {brief(change.words)} ({change.rule})")
    documentation = documentation_said(verdict)
    if documentation:
        lines.append(f"compatible {documentation} ({DOCUMENTATION})")
    for client in sorted(SOURCE_NAMES.keys() - {"specmatic"} - set(verdict.clients)):
        lines.append(f"{SOURCE_NAMES[client]}: not committed at {base.ref}, not compared")
    if verdict.second_opinion:
        lines.append(verdict.second_opinion)
    old, new = semver(base.version), semver(version)
    ok = not verdict.breaking or new[0] > old[0]
    if verdict.bump == "none":
        lines.append("no change to the contract")
    elif ok:
        made = "" if new > old else " (not made yet)"
        lines.append(f"{verdict.bump} change: expects a {verdict.bump} bump of info.version{made}")
    else:
        lines.append(
            f"FAILED: breaking change(s) need info.version {old[0] + 1}.0.0 or later, it is {version}"
        )
    return "\n".join(lines) + "\n", ok


def changelog_section(verdict: Verdict, base: Base, version: str, today: str, every: frozenset[str]) -> str:
    """CHANGELOG.md's section for `version`: one line per change, breaking ones first."""
    lines = [
        f"## {version} ({today})",
        "",
        f"Compared with {base.version}: the bundle at commit {base.commit} ({base.date}). "
        f"A {verdict.bump} change.",
    ]
    groups: dict[bool, list[str]] = {True: [], False: []}
    for entry in entries(verdict):
        head = entry.head
        clients = "".join(f" {SOURCE_NAMES[c.source]}: {brief(c.words)}." for c in entry.clients)
        operations = f"Operations: {operations_said(head, every)}."
        groups[entry.breaking].append(
            f"- {sentence(source_said(head) + head.words)}{clients} {operations} (`{head.rule}`)"
        )
    documentation = documentation_said(verdict)
    if documentation:
        groups[False].append(f"- {sentence(documentation)} (`{DOCUMENTATION}`)")
    for breaking, title in ((True, "Breaking for existing callers:"), (False, "Compatible:")):
        if groups[breaking]:
            lines += ["", title, "", *groups[breaking]]
    return "\n".join(lines) + "\n"


def source_said(change: Change) -> str:
    """ "Python client: " before what only a client shows, nothing before a change of the spec."""
    return f"{SOURCE_NAMES[change.source]}: " if change.source != "spec" else ""


def sentence(words: str) -> str:
    """`words` as a sentence: a capital first, a full stop last."""
    return words[0].upper() + words[1:] + ("" if words.endswith(".") else ".")


def brief(words: str) -> str:
    """What a client's change is, without why it matters: its entry's first words say that."""
    return words.split(": ", 1)[0]


def semver(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(".")[:3])
    except ValueError:
        raise SystemExit(f"make compat: info.version {text!r} is not semver (MAJOR.MINOR.PATCH)") from None
