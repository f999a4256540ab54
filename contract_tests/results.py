"""What schemathesis' checks saw, per operation: the rows of the summary's table of checks."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from contract.report import CheckRow
from contract.spec import SpecIndex


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


def provenance_of(index: SpecIndex, label: str) -> tuple[str, str]:
    method, _, path = label.partition(" ")
    operation = index.operation(method, path)
    return ("-", "") if operation is None else (operation.provenance, operation.provenance_note)


def subject(index: SpecIndex, label: str) -> str:
    """How a failure's operation is named: 'inferred path /licenses/renew' when its path is inferred."""
    provenance, note = provenance_of(index, label)
    method, _, path = label.partition(" ")
    if provenance == "inferred" and "path" in note.lower():
        return f"inferred path {path} ({method})"
    return f"{provenance} operation {method} {path}"


UNDECLARED = "undeclared methods"


def grouped(results: Results, index: SpecIndex) -> dict[str, OperationResults]:
    """The spec's operations one per row; the probes with undeclared methods (expecting 405) in one."""
    rows: dict[str, OperationResults] = {}
    for label, r in results.operations.items():
        method, _, path = label.partition(" ")
        if not (method.isupper() and path.startswith("/")) or index.operation(method, path) is not None:
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


def rows(results: Results, index: SpecIndex, where: str) -> list[CheckRow]:
    """The table's rows, each failure in words: which check, how often, on which operation, `where`."""
    found = []
    for label, r in sorted(grouped(results, index).items()):
        provenance, note = provenance_of(index, label)
        failures = []
        for check, count in r.checks_failed.most_common():
            # Samples are kept for the first failures of an operation only.
            sample = next((f for f in r.failures if f.check == check), None)
            answered = (
                f" answered {sample.status}" if sample is not None and sample.status is not None else ""
            )
            title = sample.title if sample is not None else "(no sample kept)"
            failures.append(
                f"- `{check}` failed {count} time(s): {subject(index, label)}{answered} {where}: {title}"
            )
        failures += [f"- error: {message}" for message in r.errors[:5]]
        found.append(
            CheckRow(
                operation=label,
                provenance=provenance,
                responses=r.cases,
                checks_run=sum(r.checks_run.values()),
                checks_failed=sum(r.checks_failed.values()) + len(r.errors),
                statuses=", ".join(f"{s}×{n}" for s, n in sorted(r.statuses.items())),
                failures=tuple(failures),
                note=note,
            )
        )
    return found
