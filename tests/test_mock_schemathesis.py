"""Schemathesis over HTTP against a real mock process: all checks, all phases, stateful included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEV_KEY
from tests.live import running_mock

pytestmark = pytest.mark.e2e  # every test here starts a server, a process or a browser

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_schemathesis_finds_nothing_wrong_with_the_mock() -> None:
    with running_mock() as (base_url, _):
        result = subprocess.run(
            [
                str(SCHEMATHESIS),
                "run",
                f"{base_url}/openapi.json",
                "--checks",
                "all",
                "--header",
                f"X-API-KEY: {DEV_KEY}",
                "--max-examples",
                os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "30"),
                "--seed",
                "1",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Stateful" in result.stdout and "passed" in result.stdout
