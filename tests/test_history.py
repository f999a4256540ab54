"""The history of live runs (contract/history.py): one transaction per run, safe beside a second writer,
no key in the file, each verdict's streak; `make history`'s listing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from contract.history import History, HistoryError, default_path, host_of, public_url
from contract.history_cli import main as history_main
from contract.redact import Redactor

KEY = "history-key-5f1c"
BASE_URL = "https://api.example/customerarea"
START = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)


def finding(key: str, verdict: str, message: str = "") -> dict[str, Any]:
    return {
        "id": key,
        "verdict": verdict,
        "operation": "GET /licenses/available",
        "subject": key.split(":")[0],
        "provenance": "inferred",
        "message": message or f"{key} {verdict}",
        "evidence": 'curl -s -H "X-API-KEY: $API_KEY" https://api.example/customerarea/licenses/available',
    }


def record(
    history: History, verdicts: Mapping[str, str], day: int = 0, base_url: str = BASE_URL, **facts: Any
) -> Any:
    found = [finding(key, verdict) for key, verdict in verdicts.items()]
    at = START + dt.timedelta(days=day)
    return history.record({"commit": "abc1234", "spec_version": "2.0.0", **facts}, base_url, found, at=at)


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_run_and_every_finding_are_recorded_and_read_back(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as history:
        recorded = record(history, {"path:GET:/a": "refuted", "auth:GET:/a": "confirmed"}, seed="seed 42")
        assert recorded.previous is None and recorded.before == {}
        (run,) = history.runs()
        assert (run.host, run.commit, run.spec_version, run.seed) == (
            "api.example",
            "abc1234",
            "2.0.0",
            "seed 42",
        )
        assert run.at == "2026-12-01T02:00:00Z" and run == recorded.run
        stored = history.findings(run.id)
    assert [(f["id"], f["verdict"]) for f in stored] == [
        ("auth:GET:/a", "confirmed"),
        ("path:GET:/a", "refuted"),
    ]
    assert stored[1]["evidence"].startswith("curl ")


def test_the_key_is_nowhere_in_the_files_bytes(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    leaky = finding("status:valid:GET:/a", "refuted", f"the server echoed {KEY}")
    leaky["evidence"] = f"curl -H 'X-API-KEY: {KEY}' https://api.example/customerarea/a?key={KEY}"
    with History(path) as history:
        history.record(
            {"base_url": f"https://u:{KEY}@api.example/customerarea?k={KEY}", "note": KEY},
            f"https://u:{KEY}@api.example/customerarea?key={KEY}",
            [leaky],
            Redactor(KEY),
        )
        (run,) = history.runs()
    assert run.base_url == "https://api.example/customerarea" and run.host == "api.example"
    files = [p for p in tmp_path.iterdir() if p.name.startswith("h.sqlite")]
    assert files and not [p.name for p in files if KEY.encode() in p.read_bytes()]


class Interrupted(History):
    """Fails after its second finding, as a run killed while it writes."""

    def _insert_finding(self, run_id: int, finding: Mapping[str, Any], redact: Redactor) -> None:
        super()._insert_finding(run_id, finding, redact)
        if finding["id"].endswith("/2"):
            raise KeyboardInterrupt


def test_a_run_interrupted_while_it_writes_leaves_nothing_of_itself(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with History(path) as history:
        record(history, {"path:GET:/kept": "confirmed"})
    with Interrupted(path) as interrupted, pytest.raises(KeyboardInterrupt):
        record(interrupted, {f"path:GET:/{n}": "refuted" for n in range(5)}, day=1)
    assert (count(path, "runs"), count(path, "findings")) == (1, 1)
    with History(path) as history:
        assert record(history, {"path:GET:/kept": "refuted"}, day=2).previous.id == 1


def test_two_runs_writing_at_once_both_record_every_finding(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    History(path).close()

    def runs(host: str) -> None:
        with History(path) as history:
            for day in range(15):
                record(history, {f"path:GET:/{n}": "confirmed" for n in range(30)}, day, f"http://{host}/ca")

    writers = [threading.Thread(target=runs, args=(host,)) for host in ("one.example", "two.example")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert (count(path, "runs"), count(path, "findings")) == (30, 900)
    with History(path) as history:
        assert [len(history.runs(host)) for host in ("one.example", "two.example")] == [15, 15]


def test_a_writer_waits_for_another_runs_transaction_and_then_records(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    History(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.25, lambda: holder.execute("COMMIT")).start()
    with History(path, busy_seconds=0.05) as history:  # shorter than the lock: the retries carry it
        record(history, {"auth:GET:/a": "confirmed"})
    holder.close()
    assert count(path, "runs") == 1


def test_a_reader_in_the_middle_of_a_read_never_blocks_a_run_recording(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with History(path) as history:
        record(history, {"auth:GET:/a": "confirmed"})
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM runs").fetchone() == (1,)  # a read snapshot, held open
    with History(path, busy_seconds=0.05) as history:  # WAL: the writer needs no wait for the reader
        record(history, {"auth:GET:/a": "refuted"}, day=1)
    assert reader.execute("SELECT COUNT(*) FROM runs").fetchone() == (1,)  # its snapshot, unchanged
    reader.execute("COMMIT")
    reader.close()
    assert count(path, "runs") == 2


def test_a_history_locked_for_good_is_one_sentence_and_records_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    History(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(HistoryError, match="stayed locked by another run .*: nothing recorded"):
        History(path, busy_seconds=0.01)
    holder.execute("ROLLBACK")
    holder.close()
    assert count(path, "runs") == 0


@pytest.mark.parametrize(
    "content, said",
    [
        (b"not a database, a text file\n" * 50, "is not a run history"),
        (None, "is a SQLite file of something else"),
    ],
)
def test_a_file_that_is_not_a_history_is_refused_in_one_sentence(
    tmp_path: Path, content: bytes | None, said: str
) -> None:
    path = tmp_path / "other.sqlite"
    if content is None:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE state (body TEXT)")
    else:
        path.write_bytes(content)
    with pytest.raises(HistoryError, match=said) as error:
        History(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)
    with pytest.raises(HistoryError, match="is a folder"):
        History(tmp_path)


def test_each_streak_says_since_when_its_verdict_has_held_and_what_it_was(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as history:
        record(history, {"a:x": "confirmed", "b:x": "refuted"}, day=0)
        record(history, {"a:x": "refuted", "b:x": "refuted"}, day=1)
        record(history, {"a:x": "refuted", "b:x": "refuted"}, day=2)
        record(history, {"a:x": "untested"}, day=3, base_url="http://other.example:8080/ca")
        streaks = history.streaks("api.example")
        assert history.hosts() == ["other.example:8080", "api.example"]
    changed, steady = streaks["a:x"], streaks["b:x"]
    assert (changed.verdict, changed.since_run, changed.since, changed.before) == (
        "refuted",
        2,
        "2026-12-02T02:00:00Z",
        "confirmed",
    )
    assert (steady.since_run, steady.before, steady.last_run) == (1, None, 3)


def test_the_previous_run_is_the_latest_on_the_same_host(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as history:
        first = record(history, {"a:x": "confirmed"}, day=0)
        record(history, {"a:x": "refuted"}, day=1, base_url="http://127.0.0.1:8080/customerarea")
        third = record(history, {"a:x": "refuted"}, day=2)
    assert third.previous == first.run and third.before["a:x"].verdict == "confirmed"


def test_host_and_url_keep_no_userinfo_query_or_fragment() -> None:
    assert host_of("https://user:pw@API.example:8443/ca?k=1") == "api.example:8443"
    assert public_url("https://user:pw@api.example/ca?k=1#x") == "https://api.example/ca"
    assert default_path({"HISTORY": "/x/h.db"}) == Path("/x/h.db")
    assert default_path({"REPORTS_DIR": "/r"}) == Path("/r/history.sqlite")


def test_make_history_lists_each_assumption_with_when_its_verdict_last_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "h.sqlite"
    with History(path) as history:
        record(history, {"a:x": "confirmed", "b:x": "refuted"}, day=0)
        record(history, {"a:x": "refuted", "b:x": "refuted"}, day=1)
    assert history_main(["--history", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = [line for line in lines if line.startswith("  ")]
    assert "refuted    since 2026-12-02 02:00 UTC (run   2; was confirmed" in listed[0] and "a:x" in listed[0]
    assert "since 2026-12-01 02:00 UTC (run   1; since the first run" in listed[1] and "b:x" in listed[1]
    assert history_main(["--history", str(tmp_path / "none.sqlite")]) == 1
    assert "no history at" in capsys.readouterr().out
