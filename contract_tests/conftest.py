"""Hypothesis profiles, and the reports written when the run ends (the key scrubbed from all)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from contract_tests import hooks, report
from contract_tests.preflight import CannotTest, probe
from contract_tests.results import RESULTS, summary
from contract_tests.target import TARGET, GuardedTransport, guard_every_session, is_loopback
from tools.spec_index import SpecIndex

REPO = Path(__file__).resolve().parent.parent
REPORTS = Path(os.environ.get("REPORTS_DIR", REPO / "reports"))
SUMMARY = REPORTS / "contract-summary.md"
STARTED: list[float] = []

_common = {"deadline": None, "suppress_health_check": list(HealthCheck), "print_blob": False}
settings.register_profile("dev", max_examples=100, **_common)
settings.register_profile("ci", max_examples=100, derandomize=True, **_common)
# Against a real server every request costs time (and is rate limited): fewer, still meaningful.
settings.register_profile("live", max_examples=25, derandomize=True, **_common)
# The broken-mock tests only need the suite to notice: small and fast.
settings.register_profile("teeth", max_examples=15, derandomize=True, **_common)


def default_profile() -> str:
    # A real, rate-limited server gets the smaller live profile unless one is chosen.
    if TARGET.live and not is_loopback(TARGET.base_url):
        return "live"
    return "ci" if os.environ.get("CI") else "dev"


PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or default_profile()
settings.load_profile(PROFILE)


def pytest_configure(config: pytest.Config) -> None:
    STARTED.append(time.monotonic())
    hooks.REPORTER.append(config)
    if not TARGET.live:
        return
    guard_every_session(TARGET)
    try:
        exchanges = probe(TARGET, SpecIndex.load(), GuardedTransport(TARGET))
    except CannotTest as error:
        # One sentence, before any per-operation noise: nothing could be tested.
        raise pytest.UsageError(f"contract run against {TARGET.base_url} not started: {error}") from None
    for exchange in exchanges:
        hooks.ENGINE.observe(exchange)


def redact_report(report: pytest.TestReport) -> None:
    """A failure can quote what the server sent back, and a server may echo the key."""
    key = TARGET.api_key
    if not key:
        return
    if report.longrepr is not None and key in str(report.longrepr):
        report.longrepr = TARGET.redact(str(report.longrepr))
    report.sections = [(title, TARGET.redact(text)) for title, text in report.sections]


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
        RESULTS.error(label, TARGET.redact(message.strip().splitlines()[0])[:300])


def run_facts(config: pytest.Config) -> dict[str, Any]:
    spec = SpecIndex.load().spec
    seed = config.getoption("hypothesis_seed", None)
    return {
        "base_url": TARGET.base_url,
        "where": TARGET.where.removeprefix("on "),
        "writes": "allowed" if TARGET.allow_writes else "not sent (read-only run)",
        "requests_sent": TARGET.requests_sent if TARGET.live else None,
        "duration_s": round(time.monotonic() - STARTED[0], 1) if STARTED else None,
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": report.commit(REPO),
        "spec_version": spec["info"]["version"],
        "tools": report.tool_versions(),
        "hypothesis": f"profile {PROFILE}, "
        + (
            f"seed {seed}"
            if seed
            else "derandomized"
            if settings().derandomize
            else "random seed (give --hypothesis-seed to replay)"
        ),
    }


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    findings = hooks.ENGINE.evaluate()
    exchanges = hooks.ENGINE.exchanges
    auth_only = sorted(
        label for label, seen in exchanges.items() if seen and all(e.situation == "no_key" for e in seen)
    )
    doc = report.document(run_facts(session.config), findings, auth_only, TARGET.redact)
    refuted = [f for f in findings if f.verdict == "refuted"]
    if refuted or RESULTS.failed:
        session.exitstatus = max(int(session.exitstatus), 1)
    outcome = "passed" if session.exitstatus == 0 else f"FAILED (exit status {int(session.exitstatus)})"
    report.write(REPORTS, "contract", doc, "Contract run")
    spec: dict[str, Any] = SpecIndex.load().spec
    text = (
        report.markdown(doc)
        + "\n"
        + summary(RESULTS, spec, TARGET, outcome).replace("# Contract run", "## Checks", 1)
    )
    SUMMARY.write_text(TARGET.redact(text), encoding="utf-8")
    terminal = session.config.pluginmanager.getplugin("terminalreporter")
    if terminal is not None:
        terminal.write_line(
            f"contract: {len(refuted)} refuted, {sum(f.verdict == 'untested' for f in findings)} untested, "
            f"{sum(f.verdict == 'confirmed' for f in findings)} confirmed findings; see {SUMMARY}"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    # Runs after the JUnit XML is written: scrub the key from every report, whatever wrote it,
    # the JUnit file included wherever --junitxml put it.
    if not TARGET.api_key:
        return
    reports = [p for p in REPORTS.iterdir() if p.is_file()] if REPORTS.exists() else []
    junit = getattr(config.option, "xmlpath", None)
    for path in {*reports, *([Path(junit)] if junit else [])}:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if TARGET.api_key in text:
                path.write_text(TARGET.redact(text), encoding="utf-8")
