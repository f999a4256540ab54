"""The report model: a run's facts, findings and coverage, and its JSON (`<prefix>-findings.json`).

The contract suite and traffic (the proxy, a HAR file) write the same shapes: `{"target": ...,
"coverage": {...}, "findings": [...]}`, with a Markdown summary and a JUnit case per finding beside
it (render.py). Every text goes through one `Redactor` on its way out: no key in any of them.
"""

from __future__ import annotations

import json
import platform
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from contract.model import Finding, Provenance, Verdict
from contract.redact import Redactor

VERDICTS = tuple(v.value for v in Verdict)
TOOLS = ("schemathesis", "hypothesis", "connexion", "httpx")


@dataclass(frozen=True)
class CheckRow:
    """One operation's line of the contract suite's table of schemathesis checks."""

    operation: str
    provenance: str
    responses: int
    checks_run: int
    checks_failed: int
    statuses: str  # "200×3, 404×1"
    failures: tuple[str, ...] = ()  # one sentence each, for the section under the table
    note: str = ""  # the operation's provenance note, shown beside its failures


@dataclass
class Report:
    title: str
    facts: dict[str, Any]  # the run: target, when, commit, spec version, tools, seed...
    findings: list[Finding]
    auth_tested_only: list[str]
    key_header: str
    checks: list[CheckRow] | None = None  # the contract suite's only
    extra: list[str] = field(default_factory=list)  # Markdown lines of the caller's, after the findings
    opening: list[str] = field(default_factory=list)  # Markdown lines first, under the title (what changed)
    accepted: dict[str, str] = field(default_factory=dict)  # refuted finding id -> the baseline's reason
    # The contract suite's: tested, testable read-only, needing writes (contract/coverage.py).
    tested: dict[str, int] | None = None
    curl_options: str = ""  # what the evidence's curl needs to reach the target (`--resolve ...`)

    @property
    def counts(self) -> Counter[Verdict]:
        return Counter(f.verdict for f in self.findings)

    def verdict_line(self) -> str:
        """The run's verdict in one line, the same in the console, the Markdown and the JUnit:
        `refuted N, untested M, confirmed K`."""
        counts = self.counts
        return ", ".join(f"{v.value} {counts[v]}" for v in Verdict)


def commit(repo: Path) -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        return "unknown"


def tool_versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in TOOLS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def coverage(
    findings: list[Finding], auth_only: list[str], tested: dict[str, int] | None = None
) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {"documented": Counter(), "inferred": Counter()}
    for finding in findings:
        kind = "documented" if finding.provenance is Provenance.DOCUMENTED else "inferred"
        counts[kind][finding.verdict.value] += 1
    return (
        {
            kind: {verdict: counts[kind][verdict] for verdict in VERDICTS}
            for kind in ("documented", "inferred")
        }
        | {"auth_tested_only": auth_only, "findings": len(findings)}
        | (tested or {})
    )


def finding_document(
    finding: Finding, key_header: str, redact: Redactor, curl_options: str = ""
) -> dict[str, Any]:
    sample = finding.evidence
    observed: dict[str, Any] = {"status": sample.status if sample else None, "times": finding.times}
    if sample is not None:
        observed["content_type"] = sample.content_type
        observed["body"] = redact(sample.body[:300].decode("utf-8", "replace"))
        observed["seen"] = dict(finding.seen[:5])
    claim = finding.assumption
    return {
        "id": finding.id,
        "operation": finding.operation,
        "operations": list(finding.operations),
        "subject": claim.subject.value,
        "assumption": claim.statement,
        "verdict": finding.verdict.value,
        "provenance": claim.provenance.value,
        "expected": claim.expected,
        "observed": observed,
        "source": claim.source,
        "evidence": redact.for_shell(sample.curl(key_header, curl_options)) if sample else None,
        "message": redact(finding.message),
        **suggested(finding),
        **({"why_untested": redact(finding.why_untested)} if finding.why_untested else {}),
    }


def suggested(finding: Finding) -> dict[str, Any]:
    """`proposed_edit` (what make adopt applies) and `suggestion`, its text: the two always agree."""
    if finding.edit is not None:
        return {"suggestion": finding.edit.text(), "proposed_edit": finding.edit.document()}
    return {"suggestion": finding.suggestion} if finding.suggestion else {}


def document(report: Report, redact: Redactor) -> dict[str, Any]:
    findings = [finding_document(f, report.key_header, redact, report.curl_options) for f in report.findings]
    for finding in findings:
        # A refutation the baseline accepts carries its reason (the JUnit skips it, saying why).
        if finding["verdict"] == Verdict.REFUTED and finding["id"] in report.accepted:
            finding["baselined"] = redact(report.accepted[finding["id"]])
    return {
        "target": report.facts,
        "coverage": coverage(report.findings, report.auth_tested_only, report.tested),
        "findings": findings,
    }


def write(folder: Path, prefix: str, report: Report, redact: Redactor) -> dict[str, Any]:
    """`<prefix>-findings.json`, `<prefix>-findings-junit.xml` and `<prefix>-summary.md` in `folder`."""
    from contract import render

    doc = document(report, redact)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{prefix}-findings.json").write_text(
        redact(json.dumps(doc, indent=2)) + "\n", encoding="utf-8"
    )
    (folder / f"{prefix}-findings-junit.xml").write_text(
        redact(render.junit(doc, f"{prefix}-findings")), encoding="utf-8"
    )
    (folder / f"{prefix}-summary.md").write_text(redact(render.markdown(doc, report)), encoding="utf-8")
    return doc


def verdict_words(doc: dict[str, Any]) -> str:
    """`refuted N, untested M, confirmed K`, from a findings document (the JSON's shape)."""
    found = Counter(f["verdict"] for f in doc["findings"])
    return ", ".join(f"{verdict} {found[verdict]}" for verdict in VERDICTS)
