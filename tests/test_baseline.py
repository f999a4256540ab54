"""The baseline (contract/baseline.py): a file read entry by entry, a run judged against it, the JUnit
skipping what it accepts with the reason, and `make baseline` writing one from the latest run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from contract import baseline, render
from contract.baseline import Baseline, BaselineError, Entry, judge, load
from contract.baseline_cli import main as baseline_main
from contract.history import History
from contract.model import Verdict
from contract.redact import NOTHING
from contract.report import Report, document
from tests.test_findings import exchange, findings
from tests.test_history import record

TODAY = dt.date(2026, 12, 3)
R, C, U = Verdict.REFUTED, Verdict.CONFIRMED, Verdict.UNTESTED
GOOD = """\
host: api.fsflt.net
accepted:
  - id: path:POST:/licenses/demo
    reason: the vendor has not told us the real path yet
  - id: status:invalid:ValidationFailed
    reason: Laravel answers 500
    expires: 2027-03-31
  - id: auth:POST:/licenses/bulk
    reason: until the vendor answers
    expires: "2026-12-03"
"""


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contract-baseline.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_is_read_with_its_host_reasons_and_dates(tmp_path: Path) -> None:
    read = load(written(tmp_path, GOOD))
    assert read.host == "api.fsflt.net"
    assert [(e.id, e.expires) for e in read.entries] == [
        ("path:POST:/licenses/demo", None),
        ("status:invalid:ValidationFailed", dt.date(2027, 3, 31)),
        ("auth:POST:/licenses/bulk", dt.date(2026, 12, 3)),
    ]
    assert load(written(tmp_path, "")).entries == ()


@pytest.mark.parametrize(
    "text, said",
    [
        ("accepted: [", "is not valid YAML at line 1, column"),
        ("- a\n- b\n", "is a mapping with a list `accepted`"),
        ("accepted: []\nowner: qa\n", "unknown key(s) owner: only host and accepted"),
        ("accepted:\n  - just-an-id\n", "entry 1 is not a mapping of id, reason and expires"),
        ("accepted:\n  - id: auth:GET:/x\n", "entry 1 (`auth:GET:/x`) has no `reason`"),
        ("accepted:\n  - id: auth:GET:/x\n    reason: ' '\n", "entry 1 (`auth:GET:/x`) has no `reason`"),
        ("accepted:\n  - id: nonsense\n    reason: r\n", "entry 1 (`nonsense`): `id` is a finding's id"),
        ("accepted:\n  - id: auth:GET:/x\n    reason: r\n    expires: soon\n", "`expires` is a date such as"),
        (
            "accepted:\n  - id: auth:GET:/x\n    reason: r\n    why: x\n",
            "unknown key(s) why: only id, reason",
        ),
        (
            "accepted:\n  - {id: 'auth:GET:/x', reason: r}\n  - {id: 'auth:GET:/x', reason: s}\n",
            "entry 2 (`auth:GET:/x`) repeats an id",
        ),
    ],
)
def test_a_bad_file_is_one_sentence_naming_the_entry(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(BaselineError) as error:
        load(written(tmp_path, text))
    message = str(error.value)
    assert said in message and str(tmp_path) in message and "\n" not in message, message


def test_a_missing_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot read the baseline .*: No such file"):
        load(tmp_path / "absent.yaml")


def test_a_run_fails_only_for_a_new_refutation_a_stale_entry_or_an_expired_one() -> None:
    entries = (
        Entry("a:accepted", "r"),
        Entry("b:stale", "r"),
        Entry("c:expired", "r", dt.date(2026, 12, 2)),
        Entry("d:last-day", "r", TODAY),
        Entry("e:untested", "r"),
        Entry("f:unknown", "r"),
    )
    verdicts = {"a:accepted": R, "b:stale": C, "c:expired": R, "d:last-day": R, "e:untested": U, "g:new": R}
    judged = judge(Baseline(Path("b.yaml"), entries), {**verdicts, "h:fine": C}, TODAY)
    assert [e.id for e in judged.accepted] == ["a:accepted", "d:last-day"]
    assert (judged.new, [e.id for e in judged.stale], [e.id for e in judged.expired]) == (
        ["g:new"],
        ["b:stale"],
        ["c:expired"],
    )
    assert [e.id for e in judged.untested] == ["e:untested"] and [e.id for e in judged.unknown] == [
        "f:unknown"
    ]
    assert judged.failed
    text = "\n".join(baseline.markdown(judged))
    assert "**1 refuted, not in the baseline** (each fails the run): `g:new`" in text
    assert "**stale**: `b:stale` is confirmed now" in text and "**expired**: `c:expired`" in text
    line = baseline.terminal_line(judged)
    assert "FAILED" in line and "1 stale (confirmed now): `b:stale`" in line


@pytest.mark.parametrize("verdicts", [{"a:x": R}, {"a:x": U}, {"a:x": R, "b:x": C}])
def test_a_run_whose_every_refutation_is_accepted_passes(verdicts: dict[str, Verdict]) -> None:
    judged = judge(Baseline(Path("b.yaml"), (Entry("a:x", "r"),)), verdicts, TODAY)
    assert not judged.failed and "passed" in baseline.terminal_line(judged)


def test_without_a_baseline_nothing_is_accepted() -> None:
    judged = judge(Baseline(Path("b.yaml"), ()), {"a:x": R}, TODAY)
    assert judged.failed and judged.new == ["a:x"]


def test_baseline_variable_chooses_the_file_or_none(tmp_path: Path) -> None:
    assert baseline.default_path({"BASELINE": "off"}) == (None, True)
    assert baseline.default_path({"BASELINE": str(tmp_path / "b.yaml")}) == (tmp_path / "b.yaml", True)
    root, asked = baseline.default_path({})
    assert not asked and (root is None or root.name == "contract-baseline.yaml")


def test_the_junit_skips_an_accepted_refutation_with_its_reason_and_fails_the_others() -> None:
    missing = {
        "code": 200,
        "content": [{"currency_code": "EUR", "currency_name": "Euro", "exchange_rate": 1}],
    }
    found = findings(exchange("/directory/currencies", 200, missing))
    (refuted,) = [f for f in found if f.verdict is R]
    accepted = {refuted.id: "the vendor drops the symbol (ticket 12)"}
    doc = document(Report("Contract run", {}, found, [], "X-API-KEY", accepted=accepted), NOTHING)
    junit = render.junit(doc, "contract-findings")
    assert 'failures="0"' in junit and junit.count("<failure ") == 0
    assert '<skipped message="baselined: the vendor drops the symbol (ticket 12)"/>' in junit
    plain = render.junit(document(Report("Contract run", {}, found, [], "X-API-KEY"), NOTHING), "x")
    assert 'failures="1"' in plain and "baselined" not in plain


def test_make_baseline_writes_the_latest_runs_refutations_and_keeps_reviewed_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history, output = tmp_path / "h.sqlite", tmp_path / "contract-baseline.yaml"
    with History(history) as opened:
        record(opened, {"path:GET:/a": "refuted", "auth:GET:/a": "confirmed"})
    assert baseline_main(["--history", str(history), "--output", str(output)]) == 0
    first = load(output)
    assert first.host == "api.example" and [e.id for e in first.entries] == ["path:GET:/a"]
    assert first.entries[0].reason.startswith("seen on 2026-12-01: ")
    reviewed = output.read_text().replace(first.entries[0].reason, "renamed upstream, ticket 7")
    output.write_text(reviewed + "  - id: auth:GET:/a\n    reason: was refuted once\n")
    with History(history) as opened:
        record(
            opened,
            {"path:GET:/a": "refuted", "auth:GET:/a": "confirmed", "status:valid:GET:/a": "refuted"},
            1,
        )
    assert baseline_main(["--history", str(history), "--output", str(output)]) == 0
    second = load(output)
    assert [(e.id, e.reason) for e in second.entries][0] == ("path:GET:/a", "renamed upstream, ticket 7")
    assert [e.id for e in second.entries] == ["path:GET:/a", "status:valid:GET:/a"]
    said = capsys.readouterr().out
    assert "1 new" in said and "dropped (confirmed now): auth:GET:/a" in said


def test_make_baseline_refuses_another_hosts_baseline_and_an_empty_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history, output = tmp_path / "h.sqlite", written(tmp_path, GOOD)
    assert baseline_main(["--history", str(history), "--output", str(output)]) == 1
    assert "no history at" in capsys.readouterr().err
    with History(history) as opened:
        record(opened, {"path:GET:/a": "refuted"})
    assert baseline_main(["--history", str(history), "--output", str(output)]) == 1
    error = capsys.readouterr().err
    assert "is the baseline of api.fsflt.net, and the latest run is on api.example" in error
    assert output.read_text() == GOOD
