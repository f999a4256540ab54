"""The README's examples run as written, against a real mock; what it says about the mock holds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mock_server.settings import Settings
from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH
from tests.live import REPO, running_mock

pytestmark = pytest.mark.e2e  # every test here starts a server, a process or a browser

README = REPO / "README.md"
TYPES_PACKAGE = REPO / "generated" / "typescript" / "package.json"


def client_example() -> str:
    section = README.read_text(encoding="utf-8").split("## Python client", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README's Python client section has no python block"
    return match.group(1)


def run_example(base_url: str, key: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLASHSTART_BASE_URL": base_url, "FLASHSTART_API_KEY": key}
    return subprocess.run(
        [sys.executable, "-c", client_example()], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.mark.e2e
def test_readme_client_example_lists_offers_and_assigns_a_demo() -> None:
    with running_mock() as (base_url, _):
        result = run_example(base_url, DEV_KEY)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == "CL-Q-A005-M1 5 EUR" and len(lines) == 9
        assert re.fullmatch(r"LIC-\d{6}", lines[-1])
        wrong = run_example(base_url, "not-the-key-42")
        assert wrong.returncode == 1
        assert "FLASHSTART_API_KEY was refused: Invalid token or unauthorized admin" in wrong.stderr
        assert "not-the-key-42" not in wrong.stdout + wrong.stderr


def frontend_curl_lines() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## For frontend teams", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's frontend section has no sh block"
    return [line for line in block.group(1).splitlines() if line.startswith("curl ")]


@pytest.mark.e2e
def test_readme_frontend_curl_lines_work(tmp_path: Path) -> None:
    lines = frontend_curl_lines()
    assert len(lines) >= 10
    with running_mock() as (base_url, _):
        origin = base_url.removesuffix(BASE_PATH)
        answers = []
        for line in lines:
            command = line.replace("http://127.0.0.1:8080", origin)
            result = subprocess.run(
                ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=30
            )
            assert result.returncode == 0, (line, result.stderr)
            output = result.stdout or (tmp_path / "mock-state.json").read_text()
            answers.append(json.loads(output))
    by_line = dict(zip(lines, answers, strict=True))
    assert [a.get("code") for line, a in by_line.items() if "Prefer" in line] == [409, 409, None]
    assert (
        next(a for line, a in by_line.items() if "/licenses/bulk" in line and "Prefer" not in line)["code"]
        == 200
    )
    assert next(a for line, a in by_line.items() if "X-Mock-Fault" in line)["reason"] == "service_unavailable"
    assert next(a for line, a in by_line.items() if "journal" in line)["entries"]


def files_the_readme_writes() -> set[str]:
    """What running the README's commands in the repo leaves there: redirections, state files, tarballs."""
    text = README.read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.DOTALL))
    written = set(re.findall(r" > ([\w.-]+)", blocks)) | set(re.findall(r"--state-file ([\w.-]+)", text))
    if "npm pack ./generated/typescript" in text:
        package = json.loads(TYPES_PACKAGE.read_text(encoding="utf-8"))
        written.add(f"{package['name'].lstrip('@').replace('/', '-')}-{package['version']}.tgz")
    return written


@pytest.mark.e2e
def test_what_the_readme_commands_write_in_the_repo_is_ignored_by_git() -> None:
    written = files_the_readme_writes()
    assert {"mock-state.json", "mock-state.sqlite"} <= written
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *sorted(written)], cwd=REPO, capture_output=True, text=True
    )
    assert set(ignored.stdout.split()) == written


def test_the_readme_says_how_many_requests_the_journal_keeps() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    kept = re.search(r"It keeps the last (\d+) requests of each session", text)
    assert kept, "the README's journal section does not say how many requests it keeps"
    assert int(kept.group(1)) == Settings().journal_size
    assert "`--journal-size N` (`MOCK_JOURNAL_SIZE`; 0 keeps none)" in text
