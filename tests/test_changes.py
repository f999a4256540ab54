"""What changed since the previous run on the host (contract/changes.py), and the summary it opens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contract import changes, render
from contract.history import History, RunRecord
from contract.model import Verdict
from contract.redact import NOTHING
from contract.report import Report, document
from tests.test_findings import exchange, findings
from tests.test_history import record

R, C, U = Verdict.REFUTED, Verdict.CONFIRMED, Verdict.UNTESTED


def compared(tmp_path: Path, *runs: dict[str, str]) -> changes.Changes:
    """Record every run but the last on one host, then compare the last with them."""
    with History(tmp_path / "h.sqlite") as history:
        recorded = [record(history, verdicts, day=day) for day, verdicts in enumerate(runs)]
    last = recorded[-1]
    now = {key: Verdict(verdict) for key, verdict in runs[-1].items()}
    return changes.compare(last.run, last.previous, last.before, now)


def test_each_kind_of_change_is_listed_with_since_when_the_old_verdict_held(tmp_path: Path) -> None:
    found = compared(
        tmp_path,
        {"a:x": "confirmed", "b:x": "refuted", "c:x": "confirmed", "d:x": "refuted"},
        {"a:x": "confirmed", "b:x": "refuted", "c:x": "confirmed", "d:x": "refuted"},
        {"a:x": "refuted", "b:x": "confirmed", "c:x": "untested", "d:x": "refuted"},
    )
    assert [(c.id, c.verdict, c.before, c.since) for c in found.changed] == [
        ("a:x", R, C, "2026-12-01T02:00:00Z"),
        ("b:x", C, R, "2026-12-01T02:00:00Z"),
        ("c:x", U, C, "2026-12-01T02:00:00Z"),
    ]
    text = "\n".join(changes.markdown(found, {"a:x": "the field is gone"}))
    assert "## What changed since the previous run on api.example" in text
    assert "Run 3 of 2026-12-03 02:00 UTC, against the previous one: run 2 of 2026-12-02 02:00 UTC" in text
    assert (
        "### Newly refuted (1)\n\n- `a:x` (was confirmed since 2026-12-01 02:00 UTC): the field is gone"
        in text
    )
    assert "### Newly confirmed (1)" in text and "### Newly untested (1)" in text and "d:x" not in text
    assert changes.terminal_line(found).endswith("1 newly refuted, 1 newly confirmed, 1 newly untested")


def test_a_new_assumption_is_listed_only_when_refuted_and_a_dropped_one_is_counted(tmp_path: Path) -> None:
    found = compared(
        tmp_path,
        {"a:x": "confirmed", "gone:x": "confirmed"},
        {"a:x": "confirmed", "new:refuted": "refuted", "new:ok": "confirmed", "new:untested": "untested"},
    )
    assert [(c.id, c.before) for c in found.changed] == [("new:refuted", None)]
    assert found.new == {C: 1, U: 1} and found.gone == ["gone:x"]
    text = "\n".join(changes.markdown(found, {}))
    assert "- `new:refuted` (new in the spec)" in text
    assert "2 assumption(s) new since run 1 (1 confirmed, 1 untested)" in text and "`gone:x`" in text


def test_the_first_run_on_a_host_and_a_run_where_nothing_changed_say_so(tmp_path: Path) -> None:
    first = compared(tmp_path / "1", {"a:x": "refuted"})
    assert "The first recorded run on api.example (run 1" in "\n".join(changes.markdown(first, {}))
    same = compared(tmp_path / "2", {"a:x": "refuted"}, {"a:x": "refuted"})
    assert (
        same.changed == []
        and "Nothing changed: every assumption has the verdict it had in run 1."
        in "\n".join(changes.markdown(same, {}))
    )


def test_the_summary_puts_what_the_caller_gives_right_after_the_verdict(tmp_path: Path) -> None:
    run = RunRecord(
        2, "2026-12-02T02:00:00Z", "api.example", "https://api.example/ca", "abc", "2.0.0", "-", "-"
    )
    opening = changes.markdown(changes.Changes(run, None), {})
    found = findings(exchange("/directory/currencies", 200, {"code": 200, "content": []}))
    facts = {"base_url": "https://api.example/ca", "when": str(dt.date(2026, 12, 2))}
    report = Report("Contract run", facts, found, [], "X-API-KEY", opening=opening)
    text = render.markdown(document(report, NOTHING), report)
    lines = text.splitlines()
    assert lines[0] == "# Contract run" and lines[2].startswith("**Verdict: ")
    assert lines[4].startswith("## What changed since the previous run")
    assert text.index("## What changed") < text.index("## The run") < text.index("- Base url:")
