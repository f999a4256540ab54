"""The run's verdict is one (contract_tests/finish.py, contract/render.py): the Markdown's first line, the
console's last, and the findings' suite in pytest's own JUnit file all say `refuted N, untested M,
confirmed K`."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from contract import report
from contract.redact import Redactor
from contract.report import Report
from contract_tests.finish import FINDINGS_SUITE, add_findings_suite
from tests.exchanges import exchange, findings

NO_WRITES = {"needing_writes": 0, "tested_needing_writes": 0}
PYTEST_JUNIT = (
    '<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" '
    'errors="0" failures="0" skipped="1" tests="9"><testcase name="test_operation"/></testsuite></testsuites>'
)


def a_report() -> Report:
    seen = findings(
        exchange("/licenses/available", 200, {"code": 404, "content": []}),  # refuted: inside the envelope
        exchange("/directory/currencies", 401, {"message": "Invalid token or unauthorized admin"}, "no_key"),
    )
    tested = dict(tested=1, assumptions=2, testable_read_only=1, tested_read_only=1)
    return Report("Contract run", {"base_url": "x"}, seen, [], "X-API-KEY", tested=tested | NO_WRITES)


def test_the_junit_file_of_pytest_counts_the_findings_as_the_verdict_does(tmp_path: Path) -> None:
    run = a_report()
    doc = report.document(run, Redactor())
    junit = tmp_path / "contract-junit.xml"
    junit.write_text(PYTEST_JUNIT, encoding="utf-8")
    add_findings_suite(junit, doc)
    suites = {suite.get("name"): suite for suite in ElementTree.parse(junit).getroot()}
    assert set(suites) == {"pytest", FINDINGS_SUITE}
    counts = run.counts
    found = suites[FINDINGS_SUITE]
    assert (found.get("failures"), found.get("skipped"), found.get("tests")) == (
        str(counts["refuted"]),
        str(counts["untested"]),
        str(len(run.findings)),
    )
    assert int(found.get("failures") or 0) >= 1


def test_the_summary_opens_with_the_verdict_and_what_was_tested(tmp_path: Path) -> None:
    run = a_report()
    report.write(tmp_path, "contract", run, Redactor())
    lines = (tmp_path / "contract-summary.md").read_text(encoding="utf-8").splitlines()
    assert lines[2] == f"**Verdict: {run.verdict_line()}**"
    assert run.verdict_line().startswith("refuted 1, untested ")
    assert lines[4:7] == [
        "- tested: 1 of 2 assumptions",
        "- testable read-only: 1, tested 1",
        "- needing writes: 0, tested 0",
    ]
