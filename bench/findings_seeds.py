"""The findings run against the honest mock with different seeds: issue #23's measure, 0 refuted in 20 runs.

    python -m bench.findings_seeds [--runs 20] [--first-seed 1] [--profile dev] [--parallel 2]

Starts the mock once (`python -m mock_server`, its development key), then runs the contract suite
against it, live over loopback, once per seed (SEED=first..first+runs-1), a few at a time. Prints each
run's refuted findings and time; writes bench/findings-seeds.md. The mock is ours and honest: any
refuted finding is the kit's own false refutation.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench.contract_runs import REPO, Outcome, contract_run
from bench.servers import free_port
from contract.spec import SpecIndex
from mock_server.dataset import dev_key

RESULTS = REPO / "bench" / "findings-seeds.md"


def start_mock() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_server", "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}{SpecIndex.load().base_path}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base_url}/openapi.json", timeout=1)
            return process, base_url
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the mock did not start")


def one_run(base_url: str, seed: int, profile: str) -> tuple[int, Outcome]:
    with tempfile.TemporaryDirectory() as folder:
        return seed, contract_run(
            base_url, dev_key(), Path(folder), SEED=str(seed), HYPOTHESIS_PROFILE=profile
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--parallel", type=int, default=2)
    options = parser.parse_args(argv)
    process, base_url = start_mock()
    seeds = range(options.first_seed, options.first_seed + options.runs)
    try:
        with ThreadPoolExecutor(options.parallel) as pool:
            outcomes = sorted(pool.map(lambda seed: one_run(base_url, seed, options.profile), seeds))
    finally:
        process.terminate()
        process.wait(timeout=10)
    rows = []
    for seed, outcome in outcomes:
        requests = outcome.doc.get("target", {}).get("requests_sent", "?")
        refuted = ", ".join(outcome.refuted()) or "none"
        rows.append(f"| {seed} | {outcome.returncode} | {requests} | {outcome.seconds:.0f} | {refuted} |")
        print(rows[-1], flush=True)
    failing = [seed for seed, outcome in outcomes if outcome.refuted() or outcome.returncode != 0]
    text = "\n".join(
        [
            "# The honest mock, one contract run per seed (bench/findings_seeds.py)",
            "",
            f"`python -m bench.findings_seeds --runs {options.runs} --first-seed {options.first_seed} "
            f"--profile {options.profile} --parallel {options.parallel}`",
            "",
            "| seed | exit status | requests | seconds | refuted |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"Runs with a refuted finding or a failure: {len(failing)} of {len(outcomes)}"
            + (f" (seeds {', '.join(map(str, failing))})." if failing else "."),
        ]
    )
    RESULTS.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
