"""make compat in a throwaway clone: each kind of spec change is named, classified, gated on info.version."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.live import REPO

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None or shutil.which("npm") is None, reason="make compat needs java and npm"
)
GIT = ["git", "-c", "user.email=compat@test", "-c", "user.name=compat"]
# The spec's version as committed, and the next minor and major ones.
CURRENT = yaml.safe_load((REPO / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))["info"]["version"]
_MAJOR, _MINOR = (int(part) for part in CURRENT.split(".")[:2])
NEXT_MINOR, NEXT_MAJOR = f"{_MAJOR}.{_MINOR + 1}.0", f"{_MAJOR + 1}.0.0"


def bump(to: str) -> Callable[[str], str]:
    return lambda text: text.replace(f"  version: {CURRENT}\n", f"  version: {to}\n")


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


def compat(repo: Path, base: str = "HEAD") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.compat", "--base", base],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )


def regenerate_and_commit(repo: Path, message: str) -> None:
    for only in ([], ["--only", "typescript"]):
        subprocess.run(
            [sys.executable, "-m", "tools.generate", *only], cwd=repo, check=True, capture_output=True
        )
    subprocess.run([*GIT, "commit", "-qam", message], cwd=repo, check=True)


DEMO_REQUEST = "openapi/components/schemas/DemoLicenseRequest.yaml"
CURRENCY = "openapi/components/schemas/Currency.yaml"


def add_optional_note(text: str) -> str:
    return text.replace(
        "properties:\n",
        "properties:\n  note:\n    type: string\n    description: A note kept with the license.\n",
        1,
    )


def test_a_new_optional_request_field_regenerated_and_committed_passes(repo: Path) -> None:
    edit(repo, DEMO_REQUEST, add_optional_note)
    edit(repo, "openapi/openapi.yaml", bump(NEXT_MINOR))
    regenerate_and_commit(repo, "an optional note on demos")
    result = compat(repo, "HEAD~1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "POST /licenses/demo:" in result.stdout and "`DemoLicenseRequest.note` added" in result.stdout
    assert "minor change: expects a minor bump" in result.stdout


def test_making_lang_required_fails_and_names_the_field_the_operation_and_the_client_call(repo: Path) -> None:
    edit(
        repo,
        DEMO_REQUEST,
        lambda t: t.replace("required:\n  - customer_code\n", "required:\n  - customer_code\n  - lang\n"),
    )
    result = compat(repo)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "POST /licenses/demo:" in out
    assert "BREAKING: request field `lang` became required: callers that omit it now get 422" in out
    assert (
        "`assign_demo_license.sync(body=DemoLicenseRequest(...))`: `DemoLicenseRequest.lang` is now required"
        in out
    )
    assert f"FAILED: breaking change(s) need info.version {NEXT_MAJOR} or later, it is {CURRENT}" in out
    # Announced with a major bump, the same change passes.
    edit(repo, "openapi/openapi.yaml", bump(NEXT_MAJOR))
    assert compat(repo).returncode == 0


def drop_currency_symbol(text: str) -> str:
    start, end = text.index("  currency_symbol:\n"), text.index("  exchange_rate:\n")
    return (text[:start] + text[end:]).replace("  - currency_symbol\n", "")


BREAKING = {
    "a removed response field": (
        CURRENCY,
        drop_currency_symbol,
        [
            "GET /directory/currencies:",
            "response field `content.currency_symbol` may be absent now (removed, or no longer required)",
            "`Currency.currency_symbol` removed",
        ],
    ),
    "a narrowed enum": (
        "openapi/components/schemas/LanguageCode.yaml",
        lambda t: t.replace("type: string\n", "type: string\nenum: [EN, IT]\n", 1),
        ["POST /licenses/demo:", "BREAKING", "lang"],
    ),
    "a removed operation": (
        "openapi/openapi.yaml",
        lambda t: t.replace(
            "  /directory/licenses/versions:\n    $ref: paths/directory_licenses_versions.yaml\n", ""
        ),
        ["GET /directory/licenses/versions:", "BREAKING", "`list_license_versions` removed"],
    ),
    "a changed type": (
        "openapi/components/schemas/LicenseVersion.yaml",
        lambda t: t.replace("version_code:\n    type: integer", "version_code:\n    type: string", 1),
        ["GET /directory/licenses/versions:", "BREAKING", "`LicenseVersion.version_code` is now `str`"],
    ),
}


@pytest.mark.parametrize("kind", list(BREAKING))
def test_breaking_changes_are_reported_as_breaking(repo: Path, kind: str) -> None:
    path, change, expected = BREAKING[kind]
    edit(repo, path, change)
    result = compat(repo)
    assert result.returncode == 1, result.stdout + result.stderr
    for text in expected:
        assert text in result.stdout, (text, result.stdout)


def add_new_operation(repo: Path) -> None:
    source = (repo / "openapi/paths/directory_currencies.yaml").read_text(encoding="utf-8")
    (repo / "openapi/paths/directory_countries.yaml").write_text(
        source.replace("operationId: listCurrencies", "operationId: listCountries"), encoding="utf-8"
    )
    edit(
        repo,
        "openapi/openapi.yaml",
        lambda t: t.replace(
            "  /directory/currencies:\n",
            "  /directory/countries:\n    $ref: paths/directory_countries.yaml\n  /directory/currencies:\n",
        ),
    )


COMPATIBLE = {
    "an added optional response field": lambda repo: edit(
        repo,
        CURRENCY,
        lambda t: t.replace("properties:\n", "properties:\n  currency_flag:\n    type: string\n", 1),
    ),
    "a new operation": add_new_operation,
}


@pytest.mark.parametrize("kind", list(COMPATIBLE))
def test_additions_are_compatible_and_expect_a_minor_bump(repo: Path, kind: str) -> None:
    COMPATIBLE[kind](repo)
    result = compat(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BREAKING" not in result.stdout and "minor change: expects a minor bump" in result.stdout


def test_make_changelog_adds_a_section_for_the_new_version(repo: Path) -> None:
    edit(repo, DEMO_REQUEST, add_optional_note)
    edit(repo, "openapi/openapi.yaml", bump(NEXT_MINOR))
    result = subprocess.run(
        [sys.executable, "-m", "tools.compat", "--base", "HEAD", "--changelog"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (
        changelog.index(f"## {NEXT_MINOR} (") < changelog.index(f"## {CURRENT} (")
        and "DemoLicenseRequest.note" in changelog
    )


def test_a_base_that_is_no_commit_is_one_sentence(repo: Path) -> None:
    result = compat(repo, "no-such-ref")
    assert (
        result.returncode == 2
        and result.stderr.strip() == "make compat: BASE=no-such-ref is not a commit of this repository"
    )
