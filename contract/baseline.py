"""The baseline: deviations of a server accepted for now (`contract-baseline.yaml`, committed and reviewed
like code), and the judgement of a run's findings against it.

    host: api.fsflt.net            # optional: the server whose deviations these are
    accepted:
      - id: path:POST:/licenses/demo
        reason: the vendor has not told us the real path yet (ticket 4711)
        expires: 2027-03-31        # optional: after that day the entry fails the run

A run judged against a baseline fails only for a refuted finding the baseline does not accept, an
entry whose finding is now confirmed (the baseline is stale), or an entry past its expiry date. A
file that cannot be read is one sentence naming the entry, never a traceback (`BaselineError`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from contract.model import Subject, Verdict
from contract.spec import REPO

FILE_NAME = "contract-baseline.yaml"
OFF = "off"  # BASELINE=off: no baseline, even when the file exists
KEYS = {"id", "reason", "expires"}
SUBJECTS = tuple(subject.value for subject in Subject)


class BaselineError(ValueError):
    """The baseline file cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Entry:
    id: str
    reason: str
    expires: dt.date | None = None

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


@dataclass(frozen=True)
class Baseline:
    path: Path
    entries: tuple[Entry, ...]
    host: str | None = None

    def entry(self, key: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.id == key), None)


def default_path(env: Mapping[str, str]) -> tuple[Path | None, bool]:
    """The baseline a run uses, and whether it was asked for: BASELINE=<path> (`off`: none), else
    contract-baseline.yaml at the repository's root when it exists."""
    given = env.get("BASELINE", "").strip()
    if given:
        return (None, True) if given.lower() == OFF else (Path(given), True)
    path = REPO / FILE_NAME
    return (path if path.is_file() else None), False


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise BaselineError(f"{where}: `expires` is a date such as 2027-03-31, not {value!r}") from None


def _entry(raw: Any, number: int, path: Path) -> Entry:
    where = f"{path}, entry {number}"
    if not isinstance(raw, dict):
        raise BaselineError(f"{where} is not a mapping of id, reason and expires, but {raw!r}")
    key = raw.get("id")
    if isinstance(key, str) and key:
        where += f" (`{key}`)"
    unknown = sorted(str(name) for name in set(raw) - KEYS)
    if unknown:
        raise BaselineError(f"{where} has unknown key(s) {', '.join(unknown)}: only id, reason and expires")
    if not isinstance(key, str) or key.split(":")[0] not in SUBJECTS:
        raise BaselineError(
            f"{where}: `id` is a finding's id from contract-findings.json, such as "
            f"`auth:POST:/licenses/demo` (one of {', '.join(SUBJECTS)}, a colon, ...), not {key!r}"
        )
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise BaselineError(f"{where} has no `reason`: say why this deviation is accepted")
    return Entry(key, reason.strip(), _date(raw.get("expires"), where))


def load(path: Path) -> Baseline:
    """The baseline in `path`, checked entry by entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"cannot read the baseline {path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not YAML"
        raise BaselineError(f"the baseline {path} is not valid YAML{at}: {problem}") from None
    if data is None:
        data = {"accepted": []}
    if not isinstance(data, dict) or not isinstance(data.get("accepted", []), list):
        raise BaselineError(
            f"the baseline {path} is a mapping with a list `accepted` (and an optional `host`)"
        )
    unknown = sorted(str(name) for name in set(data) - {"host", "accepted"})
    if unknown:
        raise BaselineError(
            f"the baseline {path} has unknown key(s) {', '.join(unknown)}: only host and accepted"
        )
    host = data.get("host")
    if host is not None and (not isinstance(host, str) or not host.strip()):
        raise BaselineError(f"the baseline {path}: `host` is a host such as api.fsflt.net, not {host!r}")
    entries: list[Entry] = []
    for number, raw in enumerate(data.get("accepted") or [], start=1):
        entry = _entry(raw, number, path)
        if any(known.id == entry.id for known in entries):
            raise BaselineError(f"{path}, entry {number} (`{entry.id}`) repeats an id listed above it")
        entries.append(entry)
    return Baseline(path, tuple(entries), host.strip().lower() if host else None)


@dataclass
class Judgement:
    """A run's findings against a baseline: what it accepts, and what fails the run."""

    baseline: Baseline
    accepted: list[Entry] = field(default_factory=list)  # refuted, and accepted
    new: list[str] = field(default_factory=list)  # refuted, in no entry: fails
    stale: list[Entry] = field(default_factory=list)  # confirmed now: fails
    expired: list[Entry] = field(default_factory=list)  # past its date: fails
    untested: list[Entry] = field(default_factory=list)  # untested this run: still accepted
    unknown: list[Entry] = field(default_factory=list)  # no such assumption in this run

    @property
    def failed(self) -> bool:
        return bool(self.new or self.stale or self.expired)

    @property
    def reasons(self) -> dict[str, str]:
        """The accepted refutations' reasons, by finding id (the JUnit's skipped cases)."""
        return {entry.id: entry.reason for entry in self.accepted}


def judge(baseline: Baseline, verdicts: Mapping[str, Verdict], today: dt.date) -> Judgement:
    """Each refuted finding accepted or new; each entry accepted, stale, expired, untested or unknown."""
    judged = Judgement(baseline)
    for entry in baseline.entries:
        verdict = verdicts.get(entry.id)
        if entry.expired(today):
            judged.expired.append(entry)
        elif verdict is Verdict.CONFIRMED:
            judged.stale.append(entry)
        elif verdict is Verdict.REFUTED:
            judged.accepted.append(entry)
        elif verdict is Verdict.UNTESTED:
            judged.untested.append(entry)
        else:
            judged.unknown.append(entry)
    listed = {entry.id for entry in baseline.entries}
    judged.new = sorted(
        key for key, verdict in verdicts.items() if verdict is Verdict.REFUTED and key not in listed
    )
    return judged


def _ids(entries: list[Entry]) -> str:
    return ", ".join(f"`{entry.id}`" for entry in entries)


def markdown(judged: Judgement) -> list[str]:
    """The summary's `## Baseline` section: what fails the run first, then what is accepted."""
    lines = [f"## Baseline: {judged.baseline.path.name}: {'FAILED' if judged.failed else 'passed'}", ""]
    if judged.new:
        lines.append(
            f"- **{len(judged.new)} refuted, not in the baseline** (each fails the run): "
            + ", ".join(f"`{key}`" for key in judged.new)
        )
    for entry in judged.stale:
        lines.append(
            f"- **stale**: `{entry.id}` is confirmed now: the deviation is gone, remove its entry "
            "(this fails the run until then)"
        )
    for entry in judged.expired:
        lines.append(
            f"- **expired**: `{entry.id}` was accepted until {entry.expires}: fix the spec, or renew "
            "the entry with a reason (this fails the run)"
        )
    if judged.accepted:
        lines.append(
            f"- {len(judged.accepted)} refuted finding(s) accepted (skipped in the JUnit with their reason): "
            + _ids(judged.accepted)
        )
    if judged.untested:
        lines.append(
            f"- {len(judged.untested)} entry(ies) untested in this run, still accepted: "
            + _ids(judged.untested)
        )
    if judged.unknown:
        lines.append(
            f"- {len(judged.unknown)} entry(ies) match no assumption of this run (a typo? a spec change?): "
            + _ids(judged.unknown)
        )
    if not judged.baseline.entries:
        lines.append("- the baseline accepts nothing: every refuted finding fails the run")
    return [*lines, ""]


def terminal_line(judged: Judgement) -> str:
    """`contract: baseline contract-baseline.yaml: 4 accepted; FAILED: 1 new: `x`; 1 stale: `y``."""
    parts = [f"{len(judged.accepted)} accepted"]
    failing = [
        (len(judged.new), "refuted, not in the baseline", ", ".join(f"`{key}`" for key in judged.new)),
        (len(judged.stale), "stale (confirmed now)", _ids(judged.stale)),
        (len(judged.expired), "expired", _ids(judged.expired)),
    ]
    parts += [f"{count} {what}: {ids}" for count, what, ids in failing if count]
    verdict = "FAILED" if judged.failed else "passed"
    return f"contract: baseline {judged.baseline.path.name} {verdict}: " + "; ".join(parts)
