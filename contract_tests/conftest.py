"""Hypothesis profiles, and the reports written when the run ends (the key scrubbed from all)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

import contract_tests.hooks  # noqa: F401  (registers the schemathesis hooks)
from contract_tests.results import RESULTS, summary
from contract_tests.target import TARGET, is_loopback

REPO = Path(__file__).resolve().parent.parent
REPORTS = Path(os.environ.get("REPORTS_DIR", REPO / "reports"))
SUMMARY = REPORTS / "contract-summary.md"

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


settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or default_profile())


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


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    spec: dict[str, Any] = yaml.safe_load((REPO / "generated" / "openapi.yaml").read_text(encoding="utf-8"))
    outcome = "passed" if exitstatus == 0 else f"FAILED (pytest exit status {exitstatus})"
    REPORTS.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(TARGET.redact(summary(RESULTS, spec, TARGET, outcome)), encoding="utf-8")


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
