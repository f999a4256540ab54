"""Load test of the mock: concurrent mixed reads and writes, then a ledger check.

    python -m bench.load [--connections 64] [--duration 30]

It starts its own mock (a dataset with ample credit and 2,000 customers) on a
free loopback port. It reports throughput and latency percentiles, and fails (exit 1) on any
5xx, any connection error, or a ledger that does not add up: the credit must equal the seed
minus the sum of what successful requests charged, and every successful assign must be in the
state exactly once. Run on demand (`make load`); CI runs a short form.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import yaml

from bench.servers import BASE_PATH, KEY, Server, started
from mock_server.dataset import DEFAULT_DATASET

CUSTOMERS = range(10_000, 12_000)
SEED_CREDIT = 1_000_000
CODES = ["CL-Q-A005-M1", "CL-Q-A010-M1", "CL-Q-A025-M1", "CL-Q-A005-M12"]


class Run:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.connection_errors = 0
        self.charged = Decimal(0)
        self.assigned: list[str] = []
        self.licenses: list[tuple[int, str]] = []

    def record(self, started: float, status: int) -> None:
        self.latencies.append(time.perf_counter() - started)
        self.statuses[status] += 1


async def worker(
    session: aiohttp.ClientSession, url: str, run: Run, deadline: float, rng: random.Random
) -> None:
    while time.perf_counter() < deadline:
        pick = rng.random()
        customer = rng.choice(CUSTOMERS)
        request: tuple[str, str, dict[str, Any]]
        if pick < 0.5:
            request = (
                "GET",
                "/licenses/available",
                {"params": {"customer_code": customer, "license_duration": "1"}},
            )
        elif pick < 0.7:
            body = {"customer_code": customer, "license_code": rng.choice(CODES), "license_info": "load"}
            request = ("POST", "/licenses/bulk", {"json": body})
        elif pick < 0.85:
            request = ("POST", "/licenses/demo", {"json": {"customer_code": customer}})
        elif run.licenses:
            owner, license_id = rng.choice(run.licenses)
            path = "/licenses/cancel" if pick < 0.95 else "/licenses/renew"
            request = ("POST", path, {"json": {"customer_code": owner, "license_id": license_id}})
        else:
            continue
        method, path, kwargs = request
        started = time.perf_counter()
        try:
            async with session.request(method, url + path, **kwargs) as response:
                status, body = response.status, await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError):
            run.connection_errors += 1
            continue
        run.record(started, status)
        if status == 200 and method == "POST":
            content = body["content"]
            run.charged += Decimal(str(content["amount_charged"]))
            if path in ("/licenses/bulk", "/licenses/demo"):
                run.assigned.append(content["license_id"])
                run.licenses.append((content["customer_code"], content["license_id"]))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def drive(url: str, connections: int, duration: float) -> Run:
    # aiohttp, not httpx, drives the load: httpx's connection pool costs so much CPU at 64
    # connections that the client, not the mock, set the pace (measured: 100% client CPU).
    run = Run()
    connector = aiohttp.TCPConnector(limit=connections)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(headers=KEY, connector=connector, timeout=timeout) as session:
        deadline = time.perf_counter() + duration
        await asyncio.gather(
            *(worker(session, url, run, deadline, random.Random(n)) for n in range(connections))
        )
    return run


def ledger_problems(run: Run, state: dict[str, Any]) -> list[str]:
    reseller = state["resellers"][0]
    problems = []
    expected = Decimal(SEED_CREDIT) - run.charged
    if Decimal(str(reseller["credit"])) != expected:
        problems.append(f"credit is {reseller['credit']}, the seed minus the charges is {expected}")
    counts = Counter(lic["license_id"] for lic in reseller["licenses"])
    missing = [i for i in run.assigned if counts[i] != 1]
    if missing:
        problems.append(
            f"{len(missing)} successful assigns are not in the state exactly once, e.g. {missing[:3]}"
        )
    return problems


def report(run: Run, duration: float, connections: int, problems: list[str]) -> str:
    total = sum(run.statuses.values())
    server_errors = sum(n for s, n in run.statuses.items() if s >= 500)
    lines = [
        f"connections: {connections}, duration: {duration:.0f} s, requests: {total}",
        f"throughput: {total / duration:.0f} req/s",
        f"latency ms: p50 {percentile(run.latencies, 0.5):.1f}, p90 {percentile(run.latencies, 0.9):.1f}, "
        f"p99 {percentile(run.latencies, 0.99):.1f}, max {max(run.latencies) * 1000:.1f}",
        "statuses: " + ", ".join(f"{s}×{n}" for s, n in sorted(run.statuses.items())),
        f"5xx: {server_errors}, connection errors: {run.connection_errors}, "
        f"assigns: {len(run.assigned)}, charged: {run.charged} EUR",
        "ledger: " + ("consistent" if not problems else "; ".join(problems)),
    ]
    return "\n".join(lines)


def load_dataset(folder: Path) -> Path:
    dataset = yaml.safe_load(DEFAULT_DATASET.read_text(encoding="utf-8"))
    dataset["resellers"][0]["credit"] = SEED_CREDIT
    dataset["resellers"][0]["customers"] = list(CUSTOMERS)
    dataset["resellers"][0]["licenses"] = []
    path = folder / "load.yaml"
    path.write_text(yaml.safe_dump(dataset), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        seed = str(load_dataset(Path(temp)))
        mock = Server(
            "mock",
            [sys.executable, "-m", "mock_server", "--port", "{port}", "--seed", seed],
            BASE_PATH,
            ready="/directory/currencies",
        )
        with started(mock):
            run = asyncio.run(drive(mock.url, args.connections, args.duration))
            state = httpx.get(mock.url.removesuffix(BASE_PATH) + "/__mock/state").json()
    problems = ledger_problems(run, state)
    print(report(run, args.duration, args.connections, problems))
    failed = problems or run.connection_errors or any(s >= 500 for s in run.statuses)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
