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
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from mock_server.dataset import DEFAULT_DATASET, dev_key
from tools.spec_index import SpecIndex

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
PRISM_VERSION = "5.16.0"
PRISM_DIR = BENCH / ".prism"
KEY = {"X-API-KEY": dev_key()}
BASE_PATH = SpecIndex.load().base_path
L1 = "/licenses/available?customer_code=1&license_duration=1"
CUSTOMERS_PER_ROUND = 100_000


@dataclass
class Server:
    name: str
    command: list[str]
    prefix: str  # path prefix of the API on this server
    writes: bool = True
    # How it is started for the cold-start measurement, when not as for the load (the mock's
    # load dataset holds 300,000 customers; `make mock` starts with the default one).
    cold_command: list[str] | None = None
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_tools() -> Path:
    if shutil.which("wrk") is None:
        if os.geteuid() != 0:
            raise SystemExit("wrk is needed: apt-get install wrk")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    prism = PRISM_DIR / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(PRISM_DIR),
                "--no-audit",
                "--no-fund",
                "--silent",
                f"@stoplight/prism-cli@{PRISM_VERSION}",
            ],
            check=True,
        )
    return prism


@contextmanager
def started(server: Server, cold: bool = False) -> Iterator[float]:
    """Start the server; yield its cold start: process start to the first 200 on L1."""
    server.port = free_port()
    chosen = server.cold_command if cold and server.cold_command else server.command
    command = [part.replace("{port}", str(server.port)) for part in chosen]
    began = time.perf_counter()
    server.process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if httpx.get(server.url + L1, headers=KEY, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.process.poll() is not None or time.perf_counter() - began > 60:
                raise SystemExit(f"{server.name} did not start")
            time.sleep(0.01)
        yield time.perf_counter() - began
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)


def cold_start(server: Server, times: int = 3) -> float:
    samples = []
    for _ in range(times):
        with started(server, cold=True) as seconds:
            samples.append(seconds)
    return statistics.median(samples)


# What every server must still refuse under load: (label, method, path and query, headers, JSON body, status).
INVALID = [
    ("missing key", "GET", L1, {}, None, 401),
    ("wrong key", "GET", L1, {"X-API-KEY": "not-a-key"}, None, 401),
    ("customer_code=abc", "GET", "/licenses/available?customer_code=abc", KEY, None, 422),
    ("customer_code=0", "GET", "/licenses/available?customer_code=0", KEY, None, 422),
    ("unknown parameter", "GET", L1 + "&colour=red", KEY, None, 422),
    ("bad body", "POST", "/licenses/demo", KEY, {"customer_code": "x"}, 422),
    ("missing field", "POST", "/licenses/bulk", KEY, {"customer_code": 1}, 422),
]


def refusals(server: Server) -> str:
    """Invalid requests must still be refused while the server is under benchmark."""
    missed = []
    for label, method, target, headers, body, status in INVALID:
        got = httpx.request(method, server.url + target, headers=headers, json=body, timeout=5).status_code
        if got != status:
            missed.append(f"{label}: {got}, not {status}")
    if not missed:
        return f"all {len(INVALID)} refused as documented"
    return f"{len(INVALID) - len(missed)} of {len(INVALID)} refused; NOT: " + "; ".join(missed)


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def to_ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        raise ValueError(f"not a wrk latency: {text!r}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(
    url: str, seconds: int, connections: int, script: str | None = None, script_args: list[str] | None = None
) -> Sample:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        f"X-API-KEY: {KEY['X-API-KEY']}",
    ]
    # wrk takes the script's own arguments after the URL, behind `--`.
    command += [*(["-s", script] if script else []), url, *(["--", *script_args] if script_args else [])]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output, url)


def parse_wrk(output: str, url: str) -> Sample:
    """wrk --latency's req/s, p50, p99 and non-2xx count; stops with wrk's output if unreadable."""
    if "Latency Distribution" not in output or "Requests/sec" not in output:
        raise SystemExit(f"wrk gave no figures for {url}:\n{output}")
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
        # The distribution's own lines: the "+/- Stdev" column can end in 50% or 99% too.
        p50 = to_ms(re.search(r"^\s+50%\s+(\S+)$", output, re.M).group(1))  # type: ignore[union-attr]
        p99 = to_ms(re.search(r"^\s+99%\s+(\S+)$", output, re.M).group(1))  # type: ignore[union-attr]
    except (AttributeError, ValueError) as error:
        raise SystemExit(f"wrk's figures for {url} could not be read ({error}):\n{output}") from None
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Sample(rps, p50, p99, int(non_2xx.group(1)) if non_2xx else 0)


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


def table(results: dict[str, list[Sample]], baseline: str) -> list[str]:
    base = statistics.median(s.rps for s in results[baseline])
    lines = [
        "| server | req/s (median) | p50 ms | p99 ms | non-2xx | ratio to Prism |",
        "|---|---|---|---|---|---|",
    ]
    for name, samples in results.items():
        rps = statistics.median(s.rps for s in samples)
        p50 = statistics.median(s.p50_ms for s in samples)
        p99 = statistics.median(s.p99_ms for s in samples)
        non_2xx = sum(s.non_2xx for s in samples)
        lines.append(f"| {name} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {non_2xx} | {rps / base:.2f}x |")
    return lines


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
        return statistics.median(getattr(sample, figure) for sample in results[name])

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
