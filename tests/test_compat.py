"""make compat end to end, in one throwaway clone: the bulk change the issue measured, an operationId
rename through both generated clients, make changelog, a bad BASE. Each kind of change and each rule is
judged in-process, fast, by test_compat_catalog.py and test_compat_rules.py; these check the whole path."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.live import REPO

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("java") is None or shutil.which("npm") is None, reason="make compat needs java and npm"
    ),
]
# The spec's version as committed, and the next minor and major ones.
CURRENT = yaml.safe_load((REPO / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))["info"]["version"]
_MAJOR, _MINOR = (int(part) for part in CURRENT.split(".")[:2])
NEXT_MINOR, NEXT_MAJOR = f"{_MAJOR}.{_MINOR + 1}.0", f"{_MAJOR + 1}.0.0"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("compat") / "repo"
    subprocess.run(["git", "clone", "-q", str(REPO), str(folder)], check=True)
    # The pinned tools, already installed here (tools/.specmatic, tools/.typescript): no second download.
    for tool in (".specmatic", ".typescript"):
        if (REPO / "tools" / tool).exists():
            shutil.copytree(REPO / "tools" / tool, folder / "tools" / tool, symlinks=True)
    yield folder


@pytest.fixture
def repo(clone: Path) -> Path:
    subprocess.run(["git", "reset", "-q", "--hard", "origin/HEAD"], cwd=clone, check=True)
    subprocess.run(["git", "clean", "-qfd", "-e", "tools/.specmatic"], cwd=clone, check=True)
    return clone


def edit(repo: Path, path: str, change: Callable[[str], str]) -> None:
    file = repo / path
    before = file.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the edit of {path} changed nothing"
    file.write_text(after, encoding="utf-8")


def compat(repo: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.compat", *options],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_bulks_currency_code_made_required_fails_with_its_rule_and_both_clients(repo: Path) -> None:
    edit(
        repo,
        "openapi/components/schemas/BulkLicenseRequest.yaml",
        lambda t: t.replace("  - license_info\n", "  - license_info\n  - currency_code\n", 1),
    )
    result = compat(repo, "--base", "HEAD")  # Specmatic runs too
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    field = "`BulkLicenseRequest.currency_code`"
    assert lines[1:5] == [
        f"BREAKING   {field} became required: requests that omit it are refused (422)",
        "           request-property-became-required; POST /licenses/bulk",
        f"           python: {field} is now required (client-request-field-became-required)",
        f"           typescript: {field} is now required (client-request-field-became-required)",
    ]
    assert lines[-2].startswith("Specmatic (second opinion) agrees on")
    assert lines[-1] == f"FAILED: breaking change(s) need info.version {NEXT_MAJOR} or later, it is {CURRENT}"


def test_an_operation_id_rename_fails_and_names_the_old_and_new_functions_of_both_clients(repo: Path) -> None:
    edit(
        repo,
        "openapi/paths/licenses_demo.yaml",
        lambda t: t.replace("operationId: assignDemoLicense", "operationId: createDemoLicense"),
    )
    result = compat(repo, "--base", "HEAD", "--no-specmatic")
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert (
        "BREAKING   `POST /licenses/demo`: operationId `assignDemoLicense` is now `createDemoLicense`" in out
    )
    assert (
        "python: `api.licenses.assign_demo_license` is now `api.licenses.create_demo_license` "
        "(client-function-renamed)" in out
    )
    assert "typescript: `operations.assignDemoLicense` is now `operations.createDemoLicense`" in out
    assert "Specmatic" not in out


def test_make_changelog_adds_a_section_naming_the_base_commit_and_the_change(repo: Path) -> None:
    edit(
        repo,
        "openapi/components/schemas/DemoLicenseRequest.yaml",
        lambda t: t.replace("properties:\n", "properties:\n  note:\n    type: string\n", 1),
    )
    edit(
        repo,
        "openapi/openapi.yaml",
        lambda t: t.replace(f"  version: {CURRENT}\n", f"  version: {NEXT_MINOR}\n"),
    )
    result = compat(repo, "--base", "HEAD", "--changelog", "--no-specmatic")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "minor change: expects a minor bump of info.version" in result.stdout
    head = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=repo, capture_output=True, text=True
    )
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog.split(f"## {NEXT_MINOR} (", 1)[1].split("\n## ", 1)[0]
    assert f"Compared with {CURRENT}: the bundle at commit {head.stdout.strip()} (" in section
    assert re.search(
        r"^- `DemoLicenseRequest\.note` is a new optional field.*POST /licenses/demo", section, re.M
    )
    assert changelog.index(f"## {NEXT_MINOR} (") < changelog.index(f"## {CURRENT} (")


def test_a_base_that_is_no_commit_is_one_sentence(repo: Path) -> None:
    result = compat(repo, "--base", "no-such-ref")
    assert (
        result.returncode == 2
        and result.stderr.strip() == "make compat: BASE=no-such-ref is not a commit of this repository"
    )


def test_make_passes_base_and_specmatic_off_to_the_gate() -> None:
    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "compat", "changelog", "BASE=abc123", "SPECMATIC=off"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert ".venv/bin/python -m tools.compat --base abc123 --no-specmatic\n" in dry.stdout
    assert ".venv/bin/python -m tools.compat --base abc123 --no-specmatic --changelog\n" in dry.stdout
