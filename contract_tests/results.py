"""What the suite saw, per operation, and the Markdown summary a QA lead reads."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from contract_tests.target import Target
from tools.spec_index import SpecIndex


@dataclass
class Failure:
    check: str
    title: str
    status: int | None


@dataclass
class OperationResults:
    cases: int = 0
    checks_run: Counter[str] = field(default_factory=Counter)
    checks_failed: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Results:
    def __init__(self) -> None:
        self.operations: dict[str, OperationResults] = defaultdict(OperationResults)
        self._lock = threading.Lock()

    def record(self, label: str, status: int | None, checks: list[tuple[str, str | None]]) -> None:
        """One response and its checks: (check name, failure title or None)."""
        with self._lock:
            results = self.operations[label]
            results.cases += 1
            if status is not None:
                results.statuses[status] += 1
            for name, failure in checks:
                results.checks_run[name] += 1
                if failure is not None:
                    results.checks_failed[name] += 1
                    if len(results.failures) < 20 or not any(f.check == name for f in results.failures):
                        results.failures.append(Failure(name, failure, status))

    def error(self, label: str, message: str) -> None:
        with self._lock:
            self.operations[label].errors.append(message)

    @property
    def failed(self) -> bool:
        return any(r.checks_failed or r.errors for r in self.operations.values())


def provenance_of(spec: dict[str, Any], label: str) -> tuple[str, str]:
    method, _, path = label.partition(" ")
    operation = SpecIndex(spec).operation(method, path)
    return ("-", "") if operation is None else (operation.provenance, operation.provenance_note)


def subject(spec: dict[str, Any], label: str) -> str:
    """How a failure's operation is named: 'inferred path /licenses/renew' when its path is inferred."""
    provenance, note = provenance_of(spec, label)
    method, _, path = label.partition(" ")
    if provenance == "inferred" and "path" in note.lower():
        return f"inferred path {path} ({method})"
    return f"{provenance} operation {method} {path}"


UNDECLARED = "undeclared methods"


def grouped(results: Results, spec: dict[str, Any]) -> dict[str, OperationResults]:
    """The spec's operations one per row; the probes with undeclared methods (expecting 405) in one."""
    rows: dict[str, OperationResults] = {}
    for label, r in results.operations.items():
        method, _, path = label.partition(" ")
        if not (method.isupper() and path.startswith("/")) or method.lower() in spec["paths"].get(path, {}):
            rows[label] = r
            continue
        row = rows.setdefault(UNDECLARED, OperationResults())
        row.cases += r.cases
        row.checks_run.update(r.checks_run)
        row.checks_failed.update(r.checks_failed)
        row.statuses.update(r.statuses)
        row.failures += r.failures
        row.errors += r.errors
    return rows


def summary(results: Results, spec: dict[str, Any], target: Target, outcome: str) -> str:
    writes = "allowed" if target.allow_writes else "not sent (read-only run)"
    paid = "not sent" if not target.allow_paid else "allowed"
    if target.allow_paid and target.live:
        paid = f"at most {target.max_paid} (sent {target.paid_sent})"
    lines = [
        "# Contract run",
        "",
        f"- Target: {target.base_url} ({target.where.removeprefix('on ')})",
        f"- When: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Writes: {writes}; paid requests: {paid}",
        f"- Outcome: {outcome}",
        "",
        "| operation | provenance | responses | checks run | checks failed | statuses seen |",
        "|---|---|---|---|---|---|",
    ]
    for label, r in sorted(grouped(results, spec).items()):
        statuses = ", ".join(f"{s}×{n}" for s, n in sorted(r.statuses.items()))
        lines.append(
            f"| `{label}` | {provenance_of(spec, label)[0]} | {r.cases} | {sum(r.checks_run.values())} "
            f"| {sum(r.checks_failed.values()) + len(r.errors)} | {statuses} |"
        )
    problems = [
        (label, r) for label, r in sorted(grouped(results, spec).items()) if r.checks_failed or r.errors
    ]
    lines += ["", "## Failures", ""]
    if not problems:
        lines.append("None: every check passed.")
    for label, r in problems:
        note = provenance_of(spec, label)[1]
        lines.append(f"### `{label}`")
        lines.append("")
        if note:
            lines.append(f"Provenance: {provenance_of(spec, label)[0]}: {note}")
            lines.append("")
        for check, count in r.checks_failed.most_common():
            # Samples are kept for the first failures of an operation only.
            sample = next((f for f in r.failures if f.check == check), None)
            answered = (
                f" answered {sample.status}" if sample is not None and sample.status is not None else ""
            )
            what = f"{subject(spec, label)}{answered} {target.where}"
            title = sample.title if sample is not None else "(no sample kept)"
            lines.append(f"- `{check}` failed {count} time(s): {what}: {title}")
        for message in r.errors[:5]:
            lines.append(f"- error: {message}")
        lines.append("")
    return "\n".join(lines) + "\n"


RESULTS = Results()
