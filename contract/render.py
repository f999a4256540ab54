"""The report in words: the Markdown summary a QA lead reads; one JUnit test case per finding for CI."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from contract.report import VERDICTS, CheckRow, Report, verdict_words


def _facts(facts: dict[str, Any]) -> list[str]:
    lines = []
    for name, value in facts.items():
        if value is None:
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        lines.append(f"- {name.replace('_', ' ').capitalize()}: {value}")
    return lines


def _finding_lines(f: dict[str, Any]) -> list[str]:
    observed = f["observed"]
    seen = f" (seen {observed['times']}×, e.g. {observed['status']})" if observed.get("status") else ""
    lines = [f"- **`{f['operation']}`** [{f['subject']}, {f['provenance']}]: {f['message']}{seen}"]
    if f.get("why_untested"):
        lines.append(f"  - why: {f['why_untested']}; id `{f['id']}`")
    if f["verdict"] != "refuted":
        return lines
    if f.get("baselined"):
        lines.append(f"  - accepted by the baseline: {f['baselined']}")
    lines.append(f"  - expected: {f['expected']}; in `{f['source']}`; id `{f['id']}`")
    if observed.get("body"):
        lines.append(f"  - body: `{observed['body'][:160]}`")
    if f.get("evidence"):
        lines.append(f"  - reproduce: `{f['evidence']}`")
    if f.get("suggestion"):
        lines += [
            "  - proposed edit:",
            "",
            "    ```yaml",
            *("    " + x for x in f["suggestion"].splitlines()),
        ]
        lines.append("    ```")
    return lines


def checks_section(rows: list[CheckRow]) -> list[str]:
    lines = [
        "## Checks",
        "",
        "| operation | provenance | responses | checks run | checks failed | statuses seen |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| `{row.operation}` | {row.provenance} | {row.responses} | {row.checks_run} "
            f"| {row.checks_failed} | {row.statuses} |"
        )
    lines += ["", "### Failures", ""]
    failing = [row for row in rows if row.failures]
    if not failing:
        lines.append("None: every check passed.")
    for row in failing:
        lines += [f"#### `{row.operation}`", ""]
        if row.note:
            lines += [f"Provenance: {row.provenance}: {row.note}", ""]
        lines += [*row.failures, ""]
    return lines


def headline(doc: dict[str, Any]) -> list[str]:
    """The summary's first lines: the verdict, then tested / testable read-only / needing writes."""
    cover = doc["coverage"]
    lines = [f"**Verdict: {verdict_words(doc)}**", ""]
    if "tested" in cover:
        lines += [
            f"- tested: {cover['tested']} of {cover['assumptions']} assumptions",
            f"- testable read-only: {cover['testable_read_only']}, tested {cover['tested_read_only']}",
            f"- needing writes: {cover['needing_writes']}, tested {cover['tested_needing_writes']}",
            "",
        ]
    return lines


def markdown(doc: dict[str, Any], report: Report) -> str:
    cover = doc["coverage"]
    refuted = [f for f in doc["findings"] if f["verdict"] == "refuted"]
    # What the caller puts first (a live run: what changed, the baseline) pushes the facts under a heading.
    run = ["## The run", ""] if report.opening else []
    lines = [
        f"# {report.title}",
        "",
        *headline(doc),
        *report.opening,
        *run,
        *_facts(doc["target"]),
        "",
        "## Coverage",
        "",
    ]
    for kind in ("documented", "inferred"):
        counts = cover[kind]
        lines.append(
            f"- {kind} assumptions: {counts['confirmed']} confirmed, {counts['refuted']} refuted, "
            f"{counts['untested']} untested"
        )
    if cover["auth_tested_only"]:
        lines.append(
            f"- only the key check was tested for: {', '.join(f'`{op}`' for op in cover['auth_tested_only'])}"
        )
    accepted = sum(1 for f in refuted if f.get("baselined"))
    by_baseline = f" ({accepted} accepted by the baseline)" if accepted else ""
    lines += ["", f"## Findings: {len(refuted)} refuted{by_baseline}", ""]
    for verdict in VERDICTS:
        chosen = [f for f in doc["findings"] if f["verdict"] == verdict]
        if chosen:
            lines += [f"### {verdict.capitalize()} ({len(chosen)})", ""]
            lines += [line for f in chosen for line in _finding_lines(f)]
            lines.append("")
    lines += report.extra
    if report.checks is not None:
        lines += checks_section(report.checks)
    return "\n".join(lines).rstrip("\n") + "\n"


def junit(doc: dict[str, Any], suite: str) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + junit_suite(doc, suite)


def junit_suite(doc: dict[str, Any], suite: str) -> str:
    """One `<testsuite>` of a test case per finding: refuted ones fail, untested ones are skipped."""
    findings = doc["findings"]
    failures = sum(1 for f in findings if f["verdict"] == "refuted" and not f.get("baselined"))
    skipped = sum(1 for f in findings if f["verdict"] == "untested" or f.get("baselined"))
    cases = []
    for f in findings:
        name = quoteattr(f"{f['subject']}: {f['assumption']}")
        classname = quoteattr(f["operation"])
        body = ""
        if f.get("baselined"):
            body = f"<skipped message={quoteattr('baselined: ' + f['baselined'])}/>"
        elif f["verdict"] == "refuted":
            detail = escape(json.dumps(f, indent=2))
            body = f"<failure message={quoteattr(f['message'])}>{detail}</failure>"
        elif f["verdict"] == "untested":
            body = f"<skipped message={quoteattr(f.get('why_untested') or f['message'])}/>"
        cases.append(
            f"  <testcase classname={classname} name={name} id={quoteattr(f['id'])}>{body}</testcase>"
        )
    return (
        f'<testsuite name="{suite}" tests="{len(findings)}" failures="{failures}" skipped="{skipped}">\n'
        + "\n".join(cases)
        + "\n</testsuite>\n"
    )
