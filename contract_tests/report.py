"""The findings' reports: `contract-findings.json` (the source), a Markdown summary, a JUnit case each.

The same shapes serve the contract suite and traffic (the proxy, a HAR file): `{"target": ...,
"coverage": {...}, "findings": [...]}`. The key appears in none of them: evidence carries
`$API_KEY`, and every text goes through the caller's `redact`.
"""

from __future__ import annotations

import json
import platform
import subprocess
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from contract_tests.findings import Finding

VERDICTS = ("refuted", "untested", "confirmed")
TOOLS = ("schemathesis", "hypothesis", "connexion", "httpx")


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


def coverage(findings: list[Finding], auth_only: list[str]) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {"documented": Counter(), "inferred": Counter()}
    for finding in findings:
        counts["documented" if finding.provenance == "documented" else "inferred"][finding.verdict] += 1
    return {
        kind: {verdict: counts[kind][verdict] for verdict in VERDICTS} for kind in ("documented", "inferred")
    } | {"auth_tested_only": auth_only, "findings": len(findings)}


def document(
    target: dict[str, Any], findings: list[Finding], auth_only: list[str], redact: Any
) -> dict[str, Any]:
    return {
        "target": target,
        "coverage": coverage(findings, auth_only),
        "findings": [finding.as_dict(redact) for finding in findings],
    }


def markdown(doc: dict[str, Any], title: str = "Contract run") -> str:
    target, cover = doc["target"], doc["coverage"]
    refuted = [f for f in doc["findings"] if f["verdict"] == "refuted"]
    lines = [f"# {title}", ""]
    for name, value in target.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        lines.append(f"- {name.replace('_', ' ').capitalize()}: {value}")
    lines += ["", "## Coverage", ""]
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
    lines += ["", f"## Findings: {len(refuted)} refuted", ""]
    for verdict in VERDICTS:
        chosen = [f for f in doc["findings"] if f["verdict"] == verdict]
        if not chosen:
            continue
        lines += [f"### {verdict.capitalize()} ({len(chosen)})", ""]
        for f in chosen:
            observed = f["observed"]
            seen = (
                f" (seen {observed['times']}×, e.g. {observed['status']})" if observed.get("status") else ""
            )
            lines.append(
                f"- **`{f['operation']}`** [{f['subject']}, {f['provenance']}]: {f['message']}{seen}"
            )
            if verdict == "refuted":
                lines.append(f"  - expected: {f['expected']}; in `{f['source']}`")
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
                        "    ```",
                    ]
        lines.append("")
    return "\n".join(lines) + "\n"


def junit(doc: dict[str, Any], suite: str = "contract-findings") -> str:
    findings = doc["findings"]
    failures = sum(1 for f in findings if f["verdict"] == "refuted")
    skipped = sum(1 for f in findings if f["verdict"] == "untested")
    cases = []
    for f in findings:
        name = quoteattr(f"{f['subject']}: {f['assumption']}")
        classname = quoteattr(f["operation"])
        body = ""
        if f["verdict"] == "refuted":
            detail = escape(json.dumps(f, indent=2))
            body = f"<failure message={quoteattr(f['message'])}>{detail}</failure>"
        elif f["verdict"] == "untested":
            body = f"<skipped message={quoteattr(f['message'])}/>"
        cases.append(f"  <testcase classname={classname} name={name}>{body}</testcase>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<testsuite name="{suite}" tests="{len(findings)}" failures="{failures}" skipped="{skipped}">\n'
        + "\n".join(cases)
        + "\n</testsuite>\n"
    )


def write(folder: Path, prefix: str, doc: dict[str, Any], title: str) -> None:
    """`<prefix>-findings.json` and `<prefix>-findings-junit.xml` (the caller writes its Markdown summary)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{prefix}-findings.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    (folder / f"{prefix}-findings-junit.xml").write_text(junit(doc, f"{prefix}-findings"), encoding="utf-8")
