"""The nightly watch, end to end: four live runs against a Laravel-style server that changes between them
(recorded, baselined, a new deviation, the fix), and a history that survives a killed writer and a
second writer at the same time."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from contract.baseline_cli import main as baseline_main
from contract.history import History
from contract.history_cli import main as history_main
from standins.laravel_habits import INDEX, Habits
from standins.laravel_server import LaravelServer, serving
from tests.live import REPO
from tests.test_findings import contract_run

pytestmark = pytest.mark.e2e  # every test here starts a server or a process

SECRET = "watch-secret-7d2e"
# Lean: the smallest profile and a request budget (spent, the rest of generation is skipped and the run
# still ends as a run); what is watched here is the run's end, not how much it generates.
LEAN = {"HYPOTHESIS_PROFILE": "teeth", "MAX_REQUESTS": "60"}
DECIMALS = {
    "response_schema:Currency:content.exchange_rate:type",
    "response_schema:LicenseOffer:content.license_amount:type",
    "response_schema:LicenseOffer:content.license_points:type",
}
HTML = {f"content_type:GET:{op.path}" for op in INDEX.operations if op.method == "GET"}


@dataclass(frozen=True)
class Night:
    result: subprocess.CompletedProcess[str]
    doc: dict[str, Any]
    summary: str
    junit: str

    def ids(self, verdict: str) -> set[str]:
        return {f["id"] for f in self.doc["findings"] if f["verdict"] == verdict}


def night(folder: Path, url: str, **env: str) -> Night:
    result = contract_run(folder, url, key=SECRET, **LEAN, **env)
    reports = folder / "reports"
    return Night(
        result,
        json.loads((reports / "contract-findings.json").read_text(encoding="utf-8")),
        (reports / "contract-summary.md").read_text(encoding="utf-8"),
        (reports / "contract-findings-junit.xml").read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Night], Path]:
    """Run 1: decimals as strings. A baseline from it. Run 2: the same. Run 3: JSON sent as text/html
    too. Run 4: the vendor fixed both. One server, one host, habits switched between runs."""
    folder = tmp_path_factory.mktemp("watch")
    accepted = folder / "contract-baseline.yaml"
    server = LaravelServer(Habits(api_key=SECRET, decimal_strings=True))
    with serving(server.app()) as origin:
        url = origin + INDEX.base_path
        found = [night(folder, url)]
        assert (
            baseline_main(
                ["--history", str(folder / "reports" / "history.sqlite"), "--output", str(accepted)]
            )
            == 0
        )
        found.append(night(folder, url, BASELINE=str(accepted)))
        server.habits = replace(server.habits, html_content_type=True)
        found.append(night(folder, url, BASELINE=str(accepted)))
        server.habits = replace(server.habits, decimal_strings=False, html_content_type=False)
        found.append(night(folder, url, BASELINE=str(accepted)))
    return found, folder


def test_run_1_records_its_refutations_and_fails_without_a_baseline(nights: Any) -> None:
    (first, *_), folder = nights
    assert first.result.returncode == 1 and first.ids("refuted") >= DECIMALS
    assert "## What changed since the previous run on 127.0.0.1:" in first.summary
    assert "The first recorded run on 127.0.0.1:" in first.summary and "## Baseline: none" in first.summary
    assert first.summary.index("## What changed") < first.summary.index("## The run")


def test_a_baseline_made_from_run_1_makes_run_2_green(nights: Any) -> None:
    (first, second, *_), folder = nights
    assert second.result.returncode == 0, second.result.stdout[-3000:]
    assert second.ids("refuted") == first.ids("refuted")
    assert "Nothing changed: every assumption has the verdict it had in run 1." in second.summary
    assert "## Baseline: contract-baseline.yaml: passed" in second.summary
    assert 'failures="0"' in second.junit
    skipped = [s.get("message", "") for s in ElementTree.fromstring(second.junit).iter("skipped")]
    assert len([m for m in skipped if m.startswith("baselined: seen on ")]) == len(first.ids("refuted"))
    assert "contract: baseline contract-baseline.yaml passed" in second.result.stdout


def test_a_new_deviation_in_run_3_fails_it_naming_only_that_one(nights: Any) -> None:
    (first, _, third, _), folder = nights
    assert third.result.returncode == 1
    new = third.ids("refuted") - first.ids("refuted")
    assert new == HTML, new
    listed = ", ".join(f"`{key}`" for key in sorted(new))
    assert f"**{len(new)} refuted, not in the baseline** (each fails the run): {listed}\n" in third.summary
    assert f"### Newly refuted ({len(new)})" in third.summary
    assert third.junit.count("<failure ") == len(new)
    failing = [line for line in third.result.stdout.splitlines() if "not in the baseline" in line]
    assert failing and all(key not in failing[0] for key in first.ids("refuted"))


def test_the_fix_in_run_4_is_newly_confirmed_and_its_entry_stale(nights: Any) -> None:
    (*_, fourth), folder = nights
    assert fourth.result.returncode == 1
    confirmed = fourth.summary.split("### Newly confirmed", 1)[1].split("###", 1)[0]
    assert all(f"- `{key}` (was " in confirmed for key in DECIMALS), confirmed
    for key in DECIMALS:
        assert f"**stale**: `{key}` is confirmed now" in fourth.summary
    assert "stale (confirmed now)" in fourth.result.stdout


def test_the_history_holds_the_four_runs_without_the_key(
    nights: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _, folder = nights
    path = folder / "reports" / "history.sqlite"
    with History(path) as history:
        runs = history.runs()
        assert [run.id for run in runs] == [1, 2, 3, 4] and len({run.host for run in runs}) == 1
        assert {f["id"] for f in history.findings(4)} >= DECIMALS
    assert history_main(["--history", str(path)]) == 0
    listing = capsys.readouterr().out
    assert "4 run(s) from" in listing
    for key in DECIMALS:
        assert any(
            key in line and line.lstrip().startswith("confirmed  since") for line in listing.splitlines()
        )
    files = [p for p in path.parent.iterdir() if p.name.startswith("history.sqlite")]
    assert not [p.name for p in files if SECRET.encode() in p.read_bytes()]


SLOW_WRITER = """
import sys, time
from pathlib import Path
from contract.history import History
from tests.test_history import finding

class Slow(History):
    def _insert_finding(self, run_id, found, redact):
        super()._insert_finding(run_id, found, redact)
        if found["id"] == "path:GET:/10":
            print("writing", flush=True)
            time.sleep(120)

with Slow(Path(sys.argv[1])) as history:
    history.record({}, "http://127.0.0.1:9/ca", [finding(f"path:GET:/{n}", "refuted") for n in range(20)])
"""


def python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_run_killed_while_it_writes_leaves_the_history_intact(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    with History(path) as history:
        history.record({}, "http://127.0.0.1:9/ca", [{"id": "auth:GET:/a", "verdict": "confirmed"}])
    writer = python(SLOW_WRITER, str(path))
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n", writer.communicate()
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=10)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM findings").fetchone() == (1,)
    with History(path) as history:
        assert [run.id for run in history.runs()] == [1]
        again = history.record({}, "http://127.0.0.1:9/ca", [{"id": "auth:GET:/a", "verdict": "refuted"}])
    assert again.previous is not None and again.previous.id == 1


RECORDER = """
import sys
from pathlib import Path
from contract.history import History
from tests.test_history import finding

with History(Path(sys.argv[1])) as history:
    for night in range(20):
        history.record({}, sys.argv[2], [finding(f"path:GET:/{n}", "confirmed") for n in range(40)])
"""


def test_two_processes_recording_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    writers = [python(RECORDER, str(path), f"http://{host}/ca") for host in ("a.example", "b.example")]
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    with History(path) as history:
        assert [len(history.runs(host)) for host in ("a.example", "b.example")] == [20, 20]
        assert all(len(history.findings(run.id)) == 40 for run in history.runs())
