"""make adopt's round trip against a Laravel-style server of ours (a throttle, JSON as text/html, the
validation body under 500, PHP's arrays): run the findings suite, adopt every finding with an edit into a
copy of the repository, bundle; the spec lint, Spectral and the mock's own in-process contract suite pass
with the adopted spec, a second run against the same server confirms each adopted finding, make compat
asks for the bump."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from standins.laravel_habits import Habits, Throttle
from standins.laravel_server import LaravelServer, serving
from tests.live import REPO, contract_run, findings_of, refuted

pytestmark = pytest.mark.e2e

KEY = "adopt-round-trip-key-7e2a"
HOST = "api.adopt.test"
# The Spectral make lint runs (the Makefile's SPECTRAL).
SPECTRAL = next(
    line.split(":=", 1)[1].strip()
    for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    if line.startswith("SPECTRAL :=")
)


def repository_copy(folder: Path) -> Path:
    """The working tree's files (committed or not, not ignored) in `folder`, committed there as the base."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file() and not name.startswith("reports/"):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        git = ["git", "-c", "user.email=adopt@test", "-c", "user.name=adopt", *command]
        subprocess.run(git, cwd=folder, check=True, capture_output=True)
    return folder


def python(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("BASE_URL", "API_KEY", "MOCK_SPEC")} | env
    return subprocess.run(
        [sys.executable, *args], cwd=folder, env=environment, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    copy = repository_copy(tmp_path_factory.mktemp("repo"))
    habits = Habits(
        api_key=KEY, throttle=Throttle(20, 2), html_content_type=True, validation_500=True, php_arrays=True
    )
    app = LaravelServer(habits).app()
    found: dict[str, Any] = {}
    with serving(app) as root:
        port = root.rsplit(":", 1)[1]
        base = f"http://{HOST}:{port}/customerarea"

        def run(name: str) -> dict[str, Any]:
            folder = tmp_path_factory.mktemp(name)
            contract_run(
                folder,
                base,
                KEY,
                cwd=copy,
                RESOLVE=f"{HOST}:{port}:127.0.0.1",
                RATE_LIMIT="1000",
                MAX_REQUESTS="60",
            )
            return findings_of(folder) | {"path": folder / "reports" / "contract-findings.json"}

        found["before"] = run("before")
        report = str(found["before"]["path"])
        found["adopt"] = python(copy, "-m", "tools.adopt", "--findings", report)
        found["bundle"] = python(copy, "-m", "tools.bundle")
        found["after"] = run("after")
    found["lint"] = python(copy, "-m", "tools.lint")
    found["mock_suite"] = python(
        copy,
        "-m",
        "pytest",
        "contract_tests",
        "-q",
        "-p",
        "no:cacheprovider",
        HYPOTHESIS_PROFILE="teeth",
        REPORTS_DIR=str(tmp_path_factory.mktemp("mock") / "reports"),
    )
    found["spectral"] = subprocess.run(
        ["npx", "--yes", SPECTRAL, "lint", "--fail-severity=error", "generated/openapi.yaml"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    found["compat"] = python(copy, "-m", "tools.compat", "--base", "HEAD", "--no-specmatic")
    found["copy"] = copy
    return found


def adopted(found: dict[str, Any]) -> list[str]:
    lines = found["adopt"].stdout.splitlines()
    return [line.removeprefix("applied ").split(": ", 1)[0] for line in lines if line.startswith("applied ")]


def test_every_finding_with_an_edit_is_adopted_but_those_contradicting_the_vendors_docs(
    round_trip: Any,
) -> None:
    before = refuted(round_trip["before"])
    with_edit = {
        f["id"]
        for f in before
        if "proposed_edit" in f and not f["proposed_edit"]["contradicts_documentation"]
    }
    assert round_trip["adopt"].returncode == 0, round_trip["adopt"].stderr
    assert set(adopted(round_trip)) == with_edit and len(with_edit) >= 5, round_trip["adopt"].stdout
    assert "response_schema:CurrenciesResponse:content:type" in with_edit  # PHP's array: object-of
    for finding in before:
        if finding.get("proposed_edit", {}).get("contradicts_documentation"):
            assert (
                f"not applied {finding['id']}: it contradicts the vendor's documentation"
                in round_trip["adopt"].stdout
            )
        elif "proposed_edit" not in finding:
            assert f"not applied {finding['id']}: no edit" in round_trip["adopt"].stdout
    print("round trip: refuted", len(before), "adopted", len(adopted(round_trip)))


def adopted_seen(finding: dict[str, Any]) -> str:
    """What the adopted edit was made from, as the finding counts it: its evidence's status, or its
    content type (a content-type finding), or the kind of the field's departure."""
    observed = finding["observed"]
    seen = list(observed["seen"])
    candidates = (str(observed["status"]), observed["content_type"])
    return next((key for key in seen if key in candidates), seen[0])


def covering(field: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """A field's claim is made only to refute it: once the body conforms, its body's claim says so."""
    (operation,) = field["operations"]
    return dict(after[f"response_schema:{operation.replace(' ', ':')}:{field['observed']['status']}"])


def test_the_second_run_confirms_what_was_refuted_for_each_adopted_finding(round_trip: Any) -> None:
    """Each adopted finding is confirmed, or refuted only by something else than what was adopted (the
    generated requests of the second run may meet another deviation of the same claim)."""
    assert round_trip["bundle"].returncode == 0, round_trip["bundle"].stderr
    before = {f["id"]: f for f in round_trip["before"]["findings"]}
    after = {f["id"]: f for f in round_trip["after"]["findings"]}
    for name in adopted(round_trip):
        seen_before = adopted_seen(before[name])
        finding = after.get(name) or covering(before[name], after)
        assert finding["verdict"] == "confirmed" or (
            finding["verdict"] == "refuted" and seen_before not in finding["observed"].get("seen", {})
        ), (name, finding)
    confirmed = [
        name
        for name in adopted(round_trip)
        if (after.get(name) or covering(before[name], after))["verdict"] == "confirmed"
    ]
    assert len(confirmed) >= len(adopted(round_trip)) - 1, confirmed
    print(
        "round trip: refuted after",
        len(refuted(round_trip["after"])),
        [f["id"] for f in refuted(round_trip["after"])],
    )


def test_the_adopted_spec_passes_the_lint_spectral_and_the_mocks_own_contract_suite(round_trip: Any) -> None:
    assert round_trip["lint"].returncode == 0, round_trip["lint"].stderr
    assert round_trip["spectral"].returncode == 0, round_trip["spectral"].stdout[-3000:]
    assert round_trip["mock_suite"].returncode == 0, round_trip["mock_suite"].stdout[-3000:]
    marked = (
        round_trip["copy"] / "openapi" / "components" / "responses" / "TooManyRequests.yaml"
    ).read_text()
    assert "x-provenance: observed" in marked and "evidence: curl " in marked and KEY not in marked


def test_make_compat_asks_for_a_major_bump_for_the_list_that_became_an_object(round_trip: Any) -> None:
    compat = round_trip["compat"].stdout
    assert "response-non-success-status-added" in compat and "response-media-type-added" in compat
    assert "BREAKING   `CurrenciesResponse.content` is an object now, was an array" in compat, compat[-3000:]
    assert "breaking change(s) need info.version 3.0.0 or later" in compat, compat[-3000:]
