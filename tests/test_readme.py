"""The README's client example runs as written, against a real mock."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEV_KEY
from tests.live import running_mock

README = Path(__file__).resolve().parent.parent / "README.md"


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
