"""The run's end, watched (contract_tests/watch.py), in-process: which runs it watches, which baseline
applies, what it records, and a history it cannot write failing the run in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract import baseline as baseline_module
from contract.history import History
from contract.model import Verdict
from contract.report import Report
from contract.rules import Context
from contract_tests.target import Target
from contract_tests.watch import Watch, WatchError
from tests.documented import INDEX
from tests.test_findings import exchange, findings

URL = "https://api.example/customerarea"
CATALOGUE = Context(INDEX).catalogue
NO_SYMBOL = {"code": 200, "content": [{"currency_code": "EUR", "currency_name": "Euro", "exchange_rate": 1}]}


def live(**env: str) -> Target:
    return Target.from_env({"BASE_URL": URL, "API_KEY": "run-end-key-1", **env})


def started(tmp_path: Path, **env: str) -> Watch:
    watch = Watch.start(live(), {"HISTORY": str(tmp_path / "h.sqlite"), **env})
    assert watch is not None
    return watch


def ended(watch: Watch, target: Target) -> tuple[bool | None, bool, Report]:
    found = findings(exchange("/directory/currencies", 200, NO_SYMBOL))
    failed = watch.conclude(found, CATALOGUE)
    report = Report("Contract run", {"commit": "abc"}, found, [], "X-API-KEY")
    return failed, watch.finish(report, target), report


def test_the_in_process_mock_is_neither_recorded_nor_baselined(tmp_path: Path) -> None:
    assert Watch.start(Target.from_env({}), {"HISTORY": str(tmp_path / "h.sqlite")}) is None
    assert not (tmp_path / "h.sqlite").exists()


def test_a_live_run_without_a_baseline_is_recorded_and_says_so_first(tmp_path: Path) -> None:
    watch = started(tmp_path, BASELINE="off")
    failed, recorded, report = ended(watch, live())
    assert failed is None and recorded
    text = "\n".join(report.opening)
    assert text.startswith("## What changed since the previous run on api.example")
    assert "## Baseline: none\n\n- BASELINE=off: no baseline" in text
    assert watch.lines[-1] == f"contract: recorded as run 1 in {tmp_path / 'h.sqlite'}"
    with History(tmp_path / "h.sqlite") as history:
        assert Verdict.REFUTED in {Verdict(f["verdict"]) for f in history.findings(1)}


def test_under_a_baseline_a_new_refutation_fails_and_accepted_ones_carry_their_reason(tmp_path: Path) -> None:
    missing = "response_schema:Currency:content.currency_symbol:missing"
    path = tmp_path / "b.yaml"
    path.write_text(f"accepted:\n  - id: {missing}\n    reason: no symbol yet\n", encoding="utf-8")
    failed, _, report = ended(started(tmp_path, BASELINE=str(path)), live())
    assert failed is False and report.accepted == {missing: "no symbol yet"}
    path.write_text("accepted: []\n", encoding="utf-8")
    failed, _, report = ended(started(tmp_path, BASELINE=str(path)), live())
    assert (
        failed is True
        and f"refuted, not in the baseline** (each fails the run): `{missing}`" in "\n".join(report.opening)
    )


def test_another_hosts_baseline_is_not_applied_by_default_and_refused_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "contract-baseline.yaml").write_text("host: api.fsflt.net\naccepted: []\n", encoding="utf-8")
    monkeypatch.setattr(baseline_module, "REPO", tmp_path)
    watch = started(tmp_path)
    assert watch.baseline is None and "is the baseline of api.fsflt.net: not applied" in watch.note
    with pytest.raises(WatchError, match="accepts the deviations of api.fsflt.net, not of api.example"):
        started(tmp_path, BASELINE=str(tmp_path / "contract-baseline.yaml"))


def test_a_history_that_cannot_be_written_at_the_end_fails_the_run_in_words(tmp_path: Path) -> None:
    watch = started(tmp_path / "gone", BASELINE="off")
    (tmp_path / "gone" / "h.sqlite").unlink()
    (tmp_path / "gone").rmdir()
    (tmp_path / "gone").write_text("a file where the history's folder was")
    _, recorded, report = ended(watch, live())
    assert not recorded and report.facts["outcome"].startswith("FAILED: the history was not recorded")
    assert report.opening[0] == "## History not recorded" and "FAILED" in watch.lines[-1]
