"""The suite's entry point: the target and the run built once, Hypothesis profiles, the reports at the end."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from contract import report
from contract.history import FILE_NAME as HISTORY_FILE
from contract.report import Report
from contract.spec import REPO
from contract_tests import hooks as _hooks  # noqa: F401 - its schemathesis hooks register on import
from contract_tests import results, run
from contract_tests.preflight import CannotTest, probe
from contract_tests.target import GuardedTransport, Target, TargetError, guard_every_session, is_loopback
from contract_tests.watch import Watch, WatchError

PROFILES: dict[str, dict[str, Any]] = {
    "dev": {"max_examples": 100},
    "ci": {"max_examples": 100, "derandomize": True},
    # Against a real server every request costs time (and is rate limited): fewer, still meaningful.
    "live": {"max_examples": 25, "derandomize": True},
    # The broken-mock tests only need the suite to notice: small and fast.
    "teeth": {"max_examples": 15, "derandomize": True},
}


def reports_folder() -> Path:
    return Path(os.environ.get("REPORTS_DIR") or REPO / "reports")


def default_profile(target: Target) -> str:
    # A real, rate-limited server gets the smaller live profile unless one is chosen.
    if target.live and not is_loopback(target.base_url):
        return "live"
    return "ci" if os.environ.get("CI") else "dev"


def pytest_configure(config: pytest.Config) -> None:
    try:
        target = Target.from_env()
    except TargetError as error:
        raise pytest.UsageError(f"contract run not started: {error}") from None
    current = run.begin(target)
    current.terminal = config.pluginmanager.getplugin("terminalreporter")
    for name, options in PROFILES.items():
        settings.register_profile(
            name, deadline=None, suppress_health_check=list(HealthCheck), print_blob=False, **options
        )
    config.stash[PROFILE] = os.environ.get("HYPOTHESIS_PROFILE") or default_profile(target)
    settings.load_profile(config.stash[PROFILE])
    if not target.live:
        return
    try:
        config.stash[WATCH] = Watch.start(target)  # the baseline and the history (contract_tests/watch.py)
    except WatchError as error:
        raise pytest.UsageError(f"contract run not started: {error}") from None
    guard_every_session(target)
    try:
        exchanges = probe(target, target.index, GuardedTransport(target))
    except CannotTest as error:
        # One sentence, before any per-operation noise: nothing could be tested.
        raise pytest.UsageError(f"contract run against {target.base_url} not started: {error}") from None
    for exchange in exchanges:
        current.observe(exchange)


PROFILE = pytest.StashKey[str]()
WATCH = pytest.StashKey[Watch | None]()


def redact_report(report_: pytest.TestReport) -> None:
    """A failure can quote what the server sent back, and a server may echo the key."""
    redact = run.current().target.redactor
    if not redact:
        return
    if report_.longrepr is not None and redact.found_in(str(report_.longrepr)):
        report_.longrepr = redact(str(report_.longrepr))
    report_.sections = [(title, redact(text)) for title, text in report_.sections]


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node: Any, call: Any, report: pytest.TestReport) -> None:
    # schemathesis rewrites a failure's text here, after it was logged: scrub it again.
    redact_report(report)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Before anything prints the report or writes it to the JUnit file.
    redact_report(report)
    # Failures that are not check failures (a crash, a refused unsafe request) go in the summary too.
    if report.failed and report.when == "call" and "FailureGroup" not in report.longreprtext:
        crash = getattr(report.longrepr, "reprcrash", None)
        message = crash.message if crash is not None else report.longreprtext.strip().splitlines()[-1]
        label = report.nodeid.split("::", 1)[-1]
        if "Invariants" in label:
            label = "business invariants (state machine)"
        current = run.current()
        current.results.error(label, current.target.redactor(message.strip().splitlines()[0])[:300])


def run_facts(config: pytest.Config, current: run.Run, outcome: str) -> dict[str, Any]:
    target = current.target
    seed = config.getoption("hypothesis_seed", None)
    paid = "allowed" if target.allow_paid else "not sent"
    if target.allow_paid and target.live:
        paid = f"at most {target.max_paid} (sent {target.paid_sent})"
    return {
        "base_url": target.base_url,
        "where": target.where.removeprefix("on "),
        "writes": "allowed" if target.allow_writes else "not sent (read-only run)",
        "paid_requests": paid,
        "requests_sent": target.requests_sent if target.live else None,
        "duration_s": round(time.monotonic() - current.started, 1),
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": report.commit(REPO),
        "spec_version": target.index.version,
        "tools": report.tool_versions(),
        "hypothesis": f"profile {config.stash[PROFILE]}, "
        + (
            f"seed {seed}"
            if seed
            else "derandomized"
            if settings().derandomize
            else "random seed (give --hypothesis-seed to replay)"
        ),
        "outcome": outcome,
    }


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    current = run.current()
    target = current.target
    findings = current.verdicts.findings()
    refuted = [f for f in findings if f.verdict.value == "refuted"]
    watch = session.config.stash.get(WATCH, None)
    by_baseline = None if watch is None else watch.conclude(findings, current.verdicts.context.catalogue)
    if (refuted or current.results.failed) if by_baseline is None else by_baseline:
        session.exitstatus = max(int(session.exitstatus), 1)
    outcome = "passed" if session.exitstatus == 0 else f"FAILED (exit status {int(session.exitstatus)})"
    findings_report = Report(
        title="Contract run",
        facts=run_facts(session.config, current, outcome),
        findings=findings,
        auth_tested_only=current.verdicts.auth_tested_only(),
        key_header=target.key_header,
        checks=results.rows(current.results, target.index, target.where),
    )
    if watch is not None and not watch.finish(findings_report, target):
        session.exitstatus = max(int(session.exitstatus), 1)
    folder = reports_folder()
    report.write(folder, "contract", findings_report, target.redactor)
    terminal = session.config.pluginmanager.getplugin("terminalreporter")
    if terminal is not None:
        terminal.write_line(
            f"contract: {findings_report.verdict_line()} findings; see {folder / 'contract-summary.md'}"
        )
        for line in watch.lines if watch is not None else ():
            terminal.write_line(target.redactor(line))


def pytest_unconfigure(config: pytest.Config) -> None:
    # Runs after the JUnit XML is written: scrub the key from every report, whatever wrote it,
    # the JUnit file included wherever --junitxml put it.
    current = run.active()
    if current is None:
        return  # the run never started: nothing was written
    redact = current.target.redactor
    folder = reports_folder()
    written = [p for p in folder.iterdir() if p.is_file()] if folder.exists() else []
    # Not the history (SQLite, redacted row by row as it is written: rewritten as text it would be lost).
    written = [p for p in written if not p.name.startswith(HISTORY_FILE)]
    junit = getattr(config.option, "xmlpath", None)
    for path in {*written, *([Path(junit)] if junit else [])}:
        redact.scrub_file(path)
