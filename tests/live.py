"""A real mock process on a free loopback port, for tests over a socket."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from contract.spec import SpecIndex

REPO = Path(__file__).resolve().parent.parent
# What the contract suite reads from the environment: a test's run starts without any of them.
CONTRACT_VARIABLES = (
    "BASE_URL",
    "API_KEY",
    "ALLOW_WRITES",
    "ALLOW_PAID",
    "CUSTOMER_CODE",
    "MAX_PAID",
    "MAX_REQUESTS",
    "RATE_LIMIT",
    "CONTRACT_APP",
    "BASELINE",
    "HISTORY",
    "SEED",
    "RESOLVE",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_mock(
    *args: str, env: dict[str, str] | None = None, module: str = "mock_server"
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start `python -m <module>` (the mock, by default) and yield its base URL once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port), *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}{SpecIndex.load().base_path}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base_url}/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the mock did not start: {process.stdout.read() if process.stdout else ''}"
                    ) from None
                time.sleep(0.1)
        yield base_url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def contract_run(
    tmp_path: Path, base_url: str, key: str, cwd: Path = REPO, **env: str
) -> subprocess.CompletedProcess[str]:
    """`make contract BASE_URL=... API_KEY=...` as a QA engineer runs it: the default (read-only) run
    (in `cwd`: a copy of the repository, with a spec of its own)."""
    environment = {
        k: v for k, v in os.environ.items() if k not in (*CONTRACT_VARIABLES, "HYPOTHESIS_PROFILE")
    }
    environment.update(BASE_URL=base_url, API_KEY=key, REPORTS_DIR=str(tmp_path / "reports"), **env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contract_tests",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={tmp_path / 'reports' / 'contract-junit.xml'}",
        ],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def findings_of(tmp_path: Path) -> dict[str, Any]:
    return json.loads((tmp_path / "reports" / "contract-findings.json").read_text(encoding="utf-8"))


def refuted(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["verdict"] == "refuted"]


SUITE_SECRET = "contract-secret-7f3a9c"


def run_suite(tmp_path: Path, *selection: str, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the contract suite in a subprocess; return it and its Markdown summary."""
    reports = tmp_path / "reports"
    environment = {**os.environ, "HYPOTHESIS_PROFILE": "teeth", "REPORTS_DIR": str(reports), **env}
    for name in CONTRACT_VARIABLES:
        if name not in env:
            environment.pop(name, None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *(selection or ("contract_tests",)),
            "-q",
            "-p",
            "no:cacheprovider",
            # Outside REPORTS_DIR, as a CI job may put it: it must be scrubbed all the same.
            f"--junitxml={tmp_path / 'ci' / 'contract-junit.xml'}",
        ],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary_path = reports / "contract-summary.md"
    return result, summary_path.read_text(encoding="utf-8") if summary_path.exists() else ""


def everything_printed(result: subprocess.CompletedProcess[str], tmp_path: Path) -> list[str]:
    """The run's output, its JUnit file and every report (kept runs and the history's SQLite file too)."""
    reports = [
        p.read_bytes().decode("utf-8", "replace") for p in (tmp_path / "reports").rglob("*") if p.is_file()
    ]
    return [result.stdout, result.stderr, (tmp_path / "ci" / "contract-junit.xml").read_text(), *reports]


def recorded(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
