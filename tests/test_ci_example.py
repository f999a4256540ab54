"""The nightly job's example (examples/ci/contract-nightly.yml) is a valid GitHub Actions workflow with the
essentials: a schedule, read-only, the key from the secret store, the history kept, the reports uploaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from check_jsonschema import main as check_jsonschema

from tests.live import REPO

WORKFLOW = REPO / "examples" / "ci" / "contract-nightly.yml"


def workflow(path: Path = WORKFLOW) -> dict[Any, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def steps() -> list[dict[str, Any]]:
    (job,) = workflow()["jobs"].values()
    return list(job["steps"])


def step(uses: str) -> tuple[int, dict[str, Any]]:
    return next((n, s) for n, s in enumerate(steps()) if str(s.get("uses", "")).startswith(uses))


def test_it_is_valid_against_the_github_workflow_schema(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        check_jsonschema(["--builtin-schema", "vendor.github-workflows", str(WORKFLOW)])
    assert done.value.code == 0, capsys.readouterr()


def test_it_runs_every_night_and_on_demand() -> None:
    triggers = workflow().get(True) or workflow()["on"]  # YAML 1.1 reads the key `on` as true
    (schedule,) = triggers["schedule"]
    minute, hour, *every_day = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and every_day == ["*", "*", "*"]
    assert "workflow_dispatch" in triggers


def test_it_is_read_only_with_the_key_from_the_secret_store() -> None:
    code = [line.split("#", 1)[0] for line in WORKFLOW.read_text(encoding="utf-8").splitlines()]
    assert not [line for line in code if "ALLOW_" in line]  # neither writes nor paid requests
    assert workflow()["permissions"] == {"contents": "read"}
    (run,) = [s for s in steps() if s.get("run") == "make contract"]
    assert run["env"]["API_KEY"].replace(" ", "") == "${{secrets.FLASHSTART_API_KEY}}"
    assert [s for s in steps() if "API_KEY" in s.get("env", {})] == [run]  # no other step sees it
    (job,) = workflow()["jobs"].values()
    assert job["env"]["BASE_URL"] == "https://api.fsflt.net/customerarea"


def test_the_history_is_restored_before_the_run_and_kept_after_it_even_when_red() -> None:
    restored, restore = step("actions/cache/restore@")
    saved, save = step("actions/cache/save@")
    ran = next(n for n, s in enumerate(steps()) if s.get("run") == "make contract")
    assert restored < ran < saved and save.get("if") == "always()"
    assert restore["with"]["path"] == save["with"]["path"] == "reports/history.sqlite"
    assert restore["with"]["restore-keys"] and save["with"]["key"] == restore["with"]["key"]


def test_the_reports_and_the_history_are_uploaded_as_artifacts_even_when_red() -> None:
    uploaded, upload = step("actions/upload-artifact@")
    assert upload.get("if") == "always()" and upload["with"]["path"].rstrip("/") == "reports"
    assert uploaded > next(n for n, s in enumerate(steps()) if s.get("run") == "make contract")
