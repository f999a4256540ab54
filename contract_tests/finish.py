"""The run's end, in steps a later change can add to.

At the end of the session (`write_reports`): the findings, each untested one with its reason (the
plan, contract/coverage.py), the reports in REPORTS_DIR (reports/), and the exit status: non-zero
when a finding is refuted or a test failed. After pytest has written its own JUnit file (`close`):
the key scrubbed from every file written, the findings added to that JUnit file as a suite of their
own (so it counts the same failures), the run's files kept under `runs/<UTC time>-<host>/`, and the
verdict as the console's last line: `contract: refuted N, untested M, confirmed K`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

from contract import report
from contract.coverage import counts, explain
from contract.history import FILE_NAME as HISTORY_FILE
from contract.render import junit_suite
from contract.report import Report
from contract.spec import REPO
from contract_tests import results
from contract_tests.run import Run

PREFIX = "contract"
FINDINGS_SUITE = "contract-findings"


def reports_folder() -> Path:
    return Path(os.environ.get("REPORTS_DIR") or REPO / "reports")


def note_failure(current: Run, report_: pytest.TestReport) -> None:
    """A failed test counts in the verdict; one that is not a check's failure (a crash, a broken
    invariant) goes in the summary's table too."""
    current.failed_tests += 1
    if report_.when != "call" or "FailureGroup" in report_.longreprtext:
        return
    crash = getattr(report_.longrepr, "reprcrash", None)
    message = crash.message if crash is not None else report_.longreprtext.strip().splitlines()[-1]
    label = report_.nodeid.split("::", 1)[-1]
    if "Invariants" in label:
        label = "business invariants (state machine)"
    current.results.error(label, current.target.redactor(message.strip().splitlines()[0])[:300])


def hypothesis_words(current: Run) -> str:
    if current.seed is not None:
        return f"profile {current.profile}, seed {current.seed} (replay: make contract SEED={current.seed})"
    fixed = "derandomized: the same examples every run" if settings().derandomize else "random"
    return f"profile {current.profile}, {fixed} (SEED=<n> draws others)"


def waits(current: Run) -> str | None:
    waited = current.target.pacer.waited
    if not current.throttled and not waited:
        return None
    return f"{current.throttled} throttled answer(s) waited out; {waited:.0f} s spent waiting for the limit"


def run_facts(current: Run, outcome: str) -> dict[str, Any]:
    target = current.target
    paid = "allowed" if target.allow_paid else "not sent"
    if target.allow_paid and target.live:
        paid = f"at most {target.max_paid} (sent {target.paid_sent})"
    resolve = target.resolve
    return {
        "base_url": target.base_url,
        "where": target.where.removeprefix("on "),
        "resolve": f"{resolve.host}:{resolve.port} at {resolve.address} (RESOLVE)" if resolve else None,
        "writes": "allowed" if target.allow_writes else "not sent (read-only run)",
        "paid_requests": paid,
        "requests_sent": target.requests_sent if target.live else None,
        "rate_limited": waits(current),
        "probes": f"{len(current.plan_run.answered)} sent of {len(current.plan.sent_by_plan())} planned",
        "duration_s": round(time.monotonic() - current.started, 1),
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": report.commit(REPO),
        "spec_version": target.index.version,
        "tools": report.tool_versions(),
        "seed": current.seed,
        "hypothesis": hypothesis_words(current),
        "outcome": outcome,
    }


def notes(current: Run) -> list[str]:
    """The summary's words on what the guard refused, one sentence each, and what was not sent."""
    lines: list[str] = []
    refused = Counter(current.target.refused)
    if refused:
        lines += ["## Refused by the safety guard", ""]
        lines += [f"- {sentence}" + (f" ({n}×)" if n > 1 else "") for sentence, n in refused.most_common()]
        lines.append("")
    return lines


def write_reports(session: pytest.Session, current: Run) -> None:
    target = current.target
    resolve = target.resolve
    findings = explain(current.plan, current.verdicts.findings(), current.plan_run.state(target))
    refuted = sum(1 for f in findings if f.verdict.value == "refuted")
    watch = current.watch
    # Under a baseline, the baseline decides; else any refutation or failed test fails the run.
    by_baseline = None if watch is None else watch.conclude(findings, current.verdicts.context.catalogue)
    fails = bool(refuted or current.failed_tests) if by_baseline is None else by_baseline
    if int(session.exitstatus) in (0, 1):
        session.exitstatus = 1 if fails else 0
    status = int(session.exitstatus)
    outcome = "passed" if status == 0 else f"FAILED (exit status {status})"
    current.report = Report(
        title="Contract run",
        facts=run_facts(current, outcome),
        findings=findings,
        auth_tested_only=current.verdicts.auth_tested_only(),
        key_header=target.key_header,
        checks=results.rows(current.results, target.index, target.where),
        extra=notes(current),
        tested=counts(current.plan, findings),
        curl_options=f"--resolve {resolve.host}:{resolve.port}:{resolve.address}" if resolve else "",
    )
    if watch is not None and not watch.finish(current.report, target):
        session.exitstatus = status = max(status, 1)  # the history was not recorded: said in the report
    report.write(reports_folder(), PREFIX, current.report, target.redactor)
    current.exit_status = status


def close(config: pytest.Config, current: Run) -> None:
    folder = reports_folder()
    junit = getattr(config.option, "xmlpath", None)
    junit_path = Path(junit) if junit else None
    redact = current.target.redactor
    if current.report is not None and junit_path is not None and junit_path.is_file():
        add_findings_suite(junit_path, report.document(current.report, redact))
    written = [p for p in folder.iterdir() if p.is_file()] if folder.exists() else []
    # Not the history (SQLite, redacted row by row as it is written: rewritten as text it would be lost).
    written = [p for p in written if not p.name.startswith(HISTORY_FILE)]
    for path in {*written, *([junit_path] if junit_path else [])}:
        redact.scrub_file(path)  # the key, whatever wrote the file, the JUnit file included
    if current.report is None:
        return
    ours = [p for p in written if p.name.startswith(PREFIX)]
    kept = keep_run(
        folder, current, [p for p in {*ours, *([junit_path] if junit_path else [])} if p.is_file()]
    )
    for line in current.watch.lines if current.watch is not None else ():
        current.say(redact(line))
    current.say(
        f"contract: {current.report.verdict_line()} (exit status {current.exit_status}); "
        f"{folder / 'contract-summary.md'}, this run also in {kept}"
    )


def add_findings_suite(path: Path, doc: dict[str, Any]) -> None:
    """pytest's JUnit file, with the findings as a suite of their own: it fails as the run does."""
    tree = ElementTree.parse(path)
    root = tree.getroot()
    if root.tag != "testsuites":
        wrapper = ElementTree.Element("testsuites")
        wrapper.append(root)
        tree, root = ElementTree.ElementTree(wrapper), wrapper
    root.append(ElementTree.fromstring(junit_suite(doc, FINDINGS_SUITE)))
    tree.write(path, encoding="utf-8", xml_declaration=True)


def keep_run(folder: Path, current: Run, files: list[Path]) -> Path:
    """A copy of this run's files under runs/<UTC time>-<host>/ (the latest stay where they were)."""
    host = urlsplit(current.target.base_url).hostname if current.target.live else "in-process"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = folder / "runs" / f"{stamp}-{host}"
    suffix = 1
    while kept.exists():
        suffix += 1
        kept = folder / "runs" / f"{stamp}-{host}-{suffix}"
    kept.mkdir(parents=True)
    for path in files:
        shutil.copy2(path, kept / path.name)
    return kept
