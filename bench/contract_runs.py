"""The contract suite run as `make contract` runs it, in a subprocess, for the findings benchmarks
(bench/findings_throttle.py, bench/findings_seeds.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# What the suite reads from the environment: a benchmark's run starts without any of them.
CONTRACT_VARIABLES = (
    "BASE_URL", "API_KEY", "ALLOW_WRITES", "ALLOW_PAID", "CUSTOMER_CODE", "MAX_PAID", "MAX_REQUESTS",
    "RATE_LIMIT", "CONTRACT_APP", "SEED", "RESOLVE", "HYPOTHESIS_PROFILE", "REPORTS_DIR",
)  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    doc: dict[str, Any]
    seconds: float

    def refuted(self) -> list[str]:
        return [f["id"] for f in self.doc.get("findings", []) if f["verdict"] == "refuted"]

    def verdicts(self) -> list[tuple[str, str]]:
        return [(f["id"], f["verdict"]) for f in self.doc.get("findings", [])]


def contract_run(base_url: str, key: str, reports: Path, **env: str) -> Outcome:
    environment = {k: v for k, v in os.environ.items() if k not in CONTRACT_VARIABLES}
    environment.update(BASE_URL=base_url, API_KEY=key, REPORTS_DIR=str(reports), **env)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "contract_tests", "-q", "-p", "no:cacheprovider",
         f"--junitxml={reports / 'contract-junit.xml'}"],
        cwd=REPO, env=environment, capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    seconds = time.monotonic() - started
    found = reports / "contract-findings.json"
    doc = json.loads(found.read_text(encoding="utf-8")) if found.exists() else {}
    return Outcome(result.returncode, result.stdout + result.stderr, doc, seconds)
