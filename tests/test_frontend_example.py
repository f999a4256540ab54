"""The example consumer (examples/frontend/): openapi-fetch with the generated types package.

It type-checks, it runs its flow against a live mock in a session of its own, and each of its
intentionally wrong uses (examples/frontend/wrong/) fails `tsc` with the error that use deserves.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import DEV_KEY
from tests.documented import INDEX
from tests.live import REPO, running_mock

EXAMPLE = REPO / "examples" / "frontend"
TSC = ["npx", "--no-install", "tsc"]
STRICT = [
    "--noEmit",
    "--strict",
    "--target",
    "es2022",
    "--module",
    "nodenext",
    "--moduleResolution",
    "nodenext",
]

pytestmark = [
    pytest.mark.e2e,  # every test here starts a process
    pytest.mark.skipif(shutil.which("npm") is None, reason="no npm on this machine"),
]


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=EXAMPLE, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )


@pytest.fixture(scope="module")
def installed() -> Path:
    # The lock file pins openapi-fetch and TypeScript; the types package is generated/typescript itself.
    result = run("npm", "ci", "--no-audit", "--no-fund")
    assert result.returncode == 0, result.stderr
    return EXAMPLE


def test_the_example_type_checks(installed: Path) -> None:
    result = run(*TSC, "--noEmit", "-p", ".")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("wrong", "error"),
    [
        ("content-before-status.ts", "error TS18046: 'answer.body' is of type 'unknown'"),
        ("no-such-field.ts", "error TS2339: Property 'serial_number' does not exist"),
        ("reason-of-another-answer.ts", "error TS2367"),
    ],
)
def test_a_wrong_use_fails_tsc(installed: Path, wrong: str, error: str) -> None:
    result = run(*TSC, *STRICT, "--lib", "es2022,dom", f"wrong/{wrong}")
    assert result.returncode != 0 and error in result.stdout, result.stdout


def test_the_example_runs_its_flow_against_a_live_mock(installed: Path) -> None:
    built = run(*TSC, "-p", ".")
    assert built.returncode == 0, built.stdout
    with running_mock("--today", "2026-01-15") as (base_url, _):
        env = {"FLASHSTART_BASE_URL": base_url, "FLASHSTART_API_KEY": DEV_KEY, "MOCK_SESSION": "example"}
        result = run("node", "dist/main.js", env=env)
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)
        assert summary["demos"] == ["assigned", "assigned", "limit reached"]
        assert summary["third"] == "demo_limit_reached"
        assert summary["renewed"] == ["LIC-000001", "renewed"]
        assert summary["cancelled"] == ["LIC-000007", "cancelled"]
        assert "CL-Q-A005-M1" in summary["offers"]
        # It ran in its own session: the shared state is the seed's.
        shared = httpx.get(base_url.rsplit("/", 1)[0] + "/__mock/state").json()
        assert sum(len(r["licenses"]) for r in shared["resellers"]) == 6


def test_the_types_package_packs_as_a_tarball_with_the_specs_version() -> None:
    result = subprocess.run(
        ["npm", "pack", "--dry-run", "--json"],
        cwd=REPO / "generated" / "typescript",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (packed,) = json.loads(result.stdout)
    assert packed["name"] == "@flashstart/customerarea-types"
    assert packed["version"] == INDEX.spec["info"]["version"]
    files = {entry["path"] for entry in packed["files"]}
    assert {"package.json", "index.js", "index.d.ts", "customerarea.d.ts", "customerarea.ts"} <= files
