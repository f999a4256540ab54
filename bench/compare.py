"""The mock against Prism, side by side, with bare Starlette as the floor.

    python -m bench.compare [--rounds 3] [--seconds 5] [--connections 64]   (make bench)

Starts the three servers on the same bundle and port range, measures each one's cold start
(process start to the first 200 on L1), checks that invalid requests are still refused, then
drives each with wrk in interleaved rounds: L1 with a filter, and a write mix (demo and bulk
assigns, each for a fresh customer). Writes bench/results.md with medians, ratios to Prism,
the machine, and the wall times of the contract suite and of `make generate`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import yaml

from bench.servers import (
    BASE_PATH,
    BENCH,
    INVALID,
    L1,
    PRISM_VERSION,
    REPO,
    Server,
    cold_start,
    ensure_tools,
    refusals,
    started,
)
from bench.wrk import Sample, table, wrk
from mock_server.dataset import DEFAULT_DATASET

CUSTOMERS_PER_ROUND = 100_000


def bench_dataset(folder: Path, rounds: int) -> Path:
    dataset = yaml.safe_load(DEFAULT_DATASET.read_text(encoding="utf-8"))
    dataset["resellers"][0]["credit"] = 10_000_000
    dataset["resellers"][0]["customers"] += list(range(100_000, 100_000 + (rounds + 1) * CUSTOMERS_PER_ROUND))
    path = folder / "bench.json"
    path.write_text(json.dumps(dataset), encoding="utf-8")
    return path


def timed(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kb = int(
        next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    )
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({model}), {memory_kb // 1024 // 1024} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, Node {node}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args(argv)
    prism = ensure_tools()
    bundle = str(REPO / "generated" / "openapi.yaml")
    with tempfile.TemporaryDirectory() as temp, ExitStack() as stack:
        dataset = bench_dataset(Path(temp), args.rounds)
        servers = [
            Server(
                "mock (ours)",
                [sys.executable, "-m", "mock_server", "--port", "{port}", "--seed", str(dataset)],
                BASE_PATH,
                cold_command=[sys.executable, "-m", "mock_server", "--port", "{port}"],
            ),
            Server(
                "mock, connexion's stack only (`--no-fast-path`)",
                [
                    sys.executable,
                    "-m",
                    "mock_server",
                    "--port",
                    "{port}",
                    "--seed",
                    str(dataset),
                    "--no-fast-path",
                ],
                BASE_PATH,
                cold_command=[sys.executable, "-m", "mock_server", "--port", "{port}", "--no-fast-path"],
            ),
            Server(
                f"Prism {PRISM_VERSION}",
                [str(prism), "mock", bundle, "-p", "{port}", "-h", "127.0.0.1", "-v", "warn"],
                "",
            ),
            Server(
                "bare Starlette (floor)",
                [sys.executable, "-m", "bench.floor", "--port", "{port}"],
                BASE_PATH,
                writes=False,
            ),
        ]
        cold = {s.name: cold_start(s) for s in servers}
        for server in servers:
            stack.enter_context(started(server))
        checked = {s.name: refusals(s) for s in servers if s.writes}
        reads: dict[str, list[Sample]] = {s.name: [] for s in servers}
        fresh: dict[str, list[Sample]] = {s.name: [] for s in servers}
        writes: dict[str, list[Sample]] = {s.name: [] for s in servers if s.writes}
        script = str(BENCH / "requests.lua")
        for round_ in range(args.rounds):
            order = servers[round_ % len(servers) :] + servers[: round_ % len(servers)]
            for server in order:
                reads[server.name].append(wrk(server.url + L1, args.seconds, args.connections))
            for server in order:
                fresh[server.name].append(
                    wrk(
                        server.url + L1,
                        args.seconds,
                        args.connections,
                        script,
                        ["reads", server.prefix, "100000"],
                    )
                )
            for server in (s for s in order if s.writes):
                first = str(100_000 + round_ * CUSTOMERS_PER_ROUND)
                writes[server.name].append(
                    wrk(
                        server.url + "/licenses/demo",
                        args.seconds,
                        args.connections,
                        script,
                        ["writes", server.prefix, first],
                    )
                )
        checked_after = {s.name: refusals(s) for s in servers if s.writes}
    contract = timed([sys.executable, "-m", "pytest", "contract_tests", "-q", "-p", "no:cacheprovider"])
    generate = timed([sys.executable, "-m", "tools.generate"])
    mock, prism_name = servers[0].name, servers[2].name

    def median(results: dict[str, list[Sample]], name: str, figure: str) -> float:
        return float(statistics.median(getattr(sample, figure) for sample in results[name]))

    l1_ratio = median(reads, mock, "rps") / median(reads, prism_name, "rps")
    fresh_ratio = median(fresh, mock, "rps") / median(fresh, prism_name, "rps")
    p99 = median(reads, mock, "p99_ms"), median(reads, prism_name, "p99_ms")
    strict = "NOT" not in checked[mock] + checked_after[mock]
    goals = [
        f"- L1 throughput: mock / Prism = {l1_ratio:.2f}x (goal 2.0x): "
        f"{'met' if l1_ratio >= 2 else 'NOT met'}; with every query string new, {fresh_ratio:.2f}x",
        f"- L1 p99: mock {p99[0]:.1f} ms, Prism {p99[1]:.1f} ms (goal: no worse): "
        f"{'met' if p99[0] <= p99[1] else 'NOT met'}",
        f"- Cold start: mock {cold[mock]:.2f} s, Prism {cold[prism_name]:.2f} s (goal: no slower): "
        f"{'met' if cold[mock] <= cold[prism_name] else 'NOT met'}",
        f"- Strictness: {'met' if strict else 'NOT met'}"
        " (the mock refuses every invalid request below, before and after the load)",
    ]
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = "\n".join(
        [
            "# Benchmark: the mock against Prism",
            "",
            f"Produced by `make bench` (`python -m bench.compare --rounds {args.rounds} "
            f"--seconds {args.seconds} --connections {args.connections}`) on {now}.",
            f"Machine: {machine()}.",
            f"Load generator: wrk, 2 threads, {args.connections} connections, on the same machine.",
            "Servers: our mock as `make mock` runs it (connexion 3.3, uvicorn, request validation",
            "and auth on, one process; plain valid requests take the fast path, mock_server/fast.py);",
            "the same mock with every request through connexion's middleware stack;",
            f"Prism {PRISM_VERSION} (`prism mock`, request validation on, log level warn); bare",
            "Starlette answering the same L1 bytes (the floor). Rounds are interleaved, the order",
            "rotated per round; figures are medians over rounds.",
            "",
            "## Goals (issue #8)",
            "",
            *goals,
            "",
            f"## L1: `GET {L1}`",
            "",
            *table(reads, prism_name),
            "",
            "## L1 with every query string new (`bench/requests.lua reads`: customer and duration vary)",
            "",
            "The mock remembers query strings it found valid (4,096 per operation); here none repeats",
            "within that window, so every request is parsed and validated.",
            "",
            *table(fresh, prism_name),
            "",
            "## Write mix: demo and bulk assigns, alternating, each for a fresh customer",
            "",
            *table(writes, prism_name),
            "",
            "## Cold start (process start to the first 200 on L1, median of 3)",
            "",
            "| server | seconds |",
            "|---|---|",
            *[f"| {name} | {seconds:.2f} |" for name, seconds in cold.items()],
            "",
            "## Strictness under benchmark",
            "",
            "Sent before and after the load: "
            + ", ".join(f"{label} ({status})" for label, _, _, _, _, status in INVALID)
            + ".",
            "",
            *[f"- {name}: before {checked[name]}; after {checked_after[name]}" for name in checked],
            "",
            "## Other wall times (same run)",
            "",
            f"- Contract suite (`python -m pytest contract_tests`, in-process mock): {contract:.1f} s",
            f"- `make generate` (bundle and Python client): {generate:.2f} s",
            "",
        ]
    )
    (BENCH / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
