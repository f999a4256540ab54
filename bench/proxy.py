"""Our recording proxy against Prism's, side by side, with the upstream answered directly as the ceiling.

    python -m bench.proxy [--rounds 5] [--seconds 10] [--connections 32] [--requests 200000]
    (make bench-proxy)

The upstream is bench/floor.py (bare Starlette answering L1). Three phases, written to
bench/proxy-results.md:
1. Speed: wrk on L1 with a key, against the upstream directly, through `make proxy`
   (traffic/proxy.py: recording the HAR and evaluating every exchange) and through `prism proxy`
   (validating), in interleaved rounds, the order rotated each round; medians over rounds. The
   latency a proxy adds: its mean latency less the upstream's, in the same round.
2. Memory: a fresh proxy; its RSS after 20,000 and after `--requests` proxied requests, each
   with a query string of its own (bench/count.lua, which also stops wrk at a count); its
   counters; every HAR file it wrote is under HAR_MAX_MB and loads as HAR 1.2.
3. A valid answer of 1 MB: refuted neither by the live proxy nor by make findings on its HAR.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from bench.compare import machine
from bench.servers import BASE_PATH, BENCH, KEY, L1, PRISM_VERSION, REPO, Server, ensure_tools, started
from bench.wrk import Sample, wrk

RESULTS = BENCH / "proxy-results.md"
FIRST, MEGABYTE = 20_000, 1_000_000
HAR_MAX_MB = 50  # the proxy's default


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))) / 1024


def pid_of(server: Server) -> int:
    assert server.process is not None
    return server.process.pid


def ours(upstream: Server, reports: Path) -> Server:
    command = [sys.executable, "-m", "traffic.proxy", "--upstream", upstream.url, "--port", "{port}"]
    return Server("`make proxy` (ours)", [*command, "--reports", str(reports)], BASE_PATH)


def findings(proxy: Server) -> dict[str, Any]:
    """The proxy's findings document (its `target` holds its counters)."""
    document: dict[str, Any] = httpx.get(
        proxy.url.removesuffix(BASE_PATH) + "/__proxy/findings", timeout=60
    ).json()
    return document


def counters(proxy: Server) -> dict[str, Any]:
    facts: dict[str, Any] = findings(proxy)["target"]
    return facts


def refuted(proxy: Server) -> list[str]:
    return [f["message"] for f in findings(proxy)["findings"] if f["verdict"] == "refuted"]


def speed(servers: list[Server], rounds: int, seconds: int, connections: int) -> dict[str, list[Sample]]:
    results: dict[str, list[Sample]] = {s.name: [] for s in servers}
    for server in servers:  # warm up: Node's JIT, the pools, the proxy's memory of exchanges
        wrk(server.url + L1, 3, connections)
    for round_ in range(rounds):
        for server in servers[round_ % len(servers) :] + servers[: round_ % len(servers)]:
            results[server.name].append(wrk(server.url + L1, seconds, connections))
    return results


def until(proxy: Server, total: int, connections: int) -> None:
    """Drive requests through the proxy until it has forwarded `total`: L1 with every query string
    new (bench/count.lua: customer_code counts up), so the proxy's memories never hold it all."""
    done = counters(proxy)["forwarded"]
    script = str(BENCH / "count.lua")
    query = proxy.prefix + L1.split("customer_code=")[0] + "customer_code="
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        "-d3600s",
        "-s",
        script,
        "-H",
        f"X-API-KEY: {KEY['X-API-KEY']}",
    ]
    arguments = [query, str(total - done), "2", str(100_000 + done)]
    load = subprocess.Popen([*command, proxy.url + L1, "--", *arguments], stdout=subprocess.DEVNULL)
    try:
        while counters(proxy)["forwarded"] < total:  # count.lua's threads stop at their shares
            time.sleep(2)
    finally:
        load.terminate()
        load.wait(timeout=30)


def har_files(facts: dict[str, Any], limit: int) -> list[str]:
    """Each file's size and whether it loads as HAR 1.2 (one line each)."""
    lines = []
    for name in facts["har_files"]:
        path = Path(name)
        size = path.stat().st_size
        log = json.loads(path.read_bytes())["log"]
        ok = log["version"] == "1.2" and size <= limit
        lines.append(f"  - {path.name}: {size / MEGABYTE:.1f} MB, {len(log['entries'])} entries, HAR "
                     f"{log['version']}: {'ok' if ok else 'NOT ok'}")  # fmt: skip
    return lines


def memory(upstream: Server, folder: Path, requests: int, connections: int) -> tuple[list[str], bool]:
    proxy = ours(upstream, folder / "memory")
    with started(proxy):
        until(proxy, FIRST, connections)
        first = rss_mb(pid_of(proxy))
        until(proxy, requests, connections)
        last = rss_mb(pid_of(proxy))
        facts = counters(proxy)
    files = har_files(facts, HAR_MAX_MB * MEGABYTE)
    flat = last - first <= 20 and all(line.endswith(": ok") for line in files)
    return [
        f"- RSS after {FIRST:,} proxied requests: {first:.1f} MB; after {facts['forwarded']:,}: "
        f"{last:.1f} MB (growth {last - first:+.1f} MB; goal: within 20 MB): "
        f"{'met' if last - first <= 20 else 'NOT met'}",
        f"- Counters: {facts['forwarded']:,} forwarded, {facts['recorded']:,} recorded in the HAR files, "
        f"{facts['evaluated']:,} evaluated, {facts['dropped']:,} dropped (the queue full), "
        f"{facts['not_recorded']} not recorded",
        f"- HAR files (HAR_MAX_MB={HAR_MAX_MB}):",
        *files,
    ], flat


def large_answer(folder: Path) -> tuple[list[str], bool]:
    big = Server("upstream, 1 MB", [sys.executable, "-m", "bench.floor", "--port", "{port}", "--answer-bytes",
                                   str(MEGABYTE)], BASE_PATH, writes=False)  # fmt: skip
    with started(big):
        proxy = ours(big, folder / "large")
        with started(proxy):
            sizes = {len(httpx.get(proxy.url + L1, headers=KEY, timeout=60).content) for _ in range(3)}
            live = refuted(proxy)
            forwarded = counters(proxy)["forwarded"]
    har = folder / "large" / "traffic.har"
    capped = [
        e["response"]["content"].get("_truncated") for e in json.loads(har.read_bytes())["log"]["entries"]
    ]
    command = [
        sys.executable,
        "-m",
        "traffic.reports",
        "--har",
        str(har),
        "--reports",
        str(folder / "findings"),
    ]
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    findings = json.loads((folder / "findings" / "traffic-findings.json").read_text())["findings"]
    later = [f["message"] for f in findings if f["verdict"] == "refuted"]
    ok = not live and not later and all(capped)
    return [
        f"- A valid answer of {min(sizes):,} bytes, {forwarded} times through the proxy: "
        f"refuted live: {live or 'nothing'}; its HAR entries say the body was capped (`_truncated`): "
        f"{all(capped)}; make findings on that HAR refutes: {later or 'nothing'}: "
        f"{'met' if ok else 'NOT met'}",
    ], ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--requests", type=int, default=200_000)
    args = parser.parse_args(argv)
    prism = ensure_tools()
    bundle = str(REPO / "generated" / "openapi.yaml")
    upstream = Server(
        "upstream, direct", [sys.executable, "-m", "bench.floor", "--port", "{port}"], BASE_PATH
    )
    with tempfile.TemporaryDirectory() as temp, started(upstream):
        folder = Path(temp)
        prism_proxy = Server(
            f"Prism {PRISM_VERSION} `prism proxy`",
            [str(prism), "proxy", bundle, upstream.url, "-p", "{port}", "-h", "127.0.0.1", "-v", "warn"],
            "",
        )
        servers = [upstream, ours(upstream, folder / "speed"), prism_proxy]
        with ExitStack() as proxies:
            for server in servers[1:]:
                proxies.enter_context(started(server))
            bodies = {s.name: len(httpx.get(s.url + L1, headers=KEY).content) for s in servers}
            results = speed(servers, args.rounds, args.seconds, args.connections)
            resident = {s.name: rss_mb(pid_of(s)) for s in servers}
        held, flat = memory(upstream, folder, args.requests, args.connections)
        large, large_ok = large_answer(folder)
    write(args, servers, results, resident, bodies, held, flat, large, large_ok)
    return 0


def faithful(bodies: dict[str, int], direct: str) -> list[str]:
    """Which proxies passed L1's body on as the upstream wrote it (by length: one byte off shows)."""
    differ = [f"{name}: {size:,} bytes, the upstream's {bodies[direct]:,}" for name, size in bodies.items()
              if size != bodies[direct]]  # fmt: skip
    return [f"Bodies not passed on as written: {'; '.join(differ) or 'none'}."]


def write(
    args: argparse.Namespace,
    servers: list[Server],
    results: dict[str, list[Sample]],
    resident: dict[str, float],
    bodies: dict[str, int],
    held: list[str],
    flat: bool,
    large: list[str],
    large_ok: bool,
) -> None:
    direct, mine, theirs = (s.name for s in servers)

    def median(name: str, figure: str) -> float:
        return float(statistics.median(getattr(s, figure) for s in results[name]))

    def added(name: str) -> float:
        return float(
            statistics.median(
                p.mean_ms - d.mean_ms for p, d in zip(results[name], results[direct], strict=True)
            )
        )

    ratio = median(mine, "rps") / median(theirs, "rps")
    rows = [
        f"| {name} | {median(name, 'rps'):,.0f} | {median(name, 'mean_ms'):.1f} | "
        f"{'-' if name == direct else f'{added(name):.1f}'} | {median(name, 'p99_ms'):.1f} | "
        f"{sum(s.non_2xx for s in results[name])} | {resident[name]:.0f} | {bodies[name]:,} |"
        for name in results
    ]
    command = (f"python -m bench.proxy --rounds {args.rounds} --seconds {args.seconds} "
               f"--connections {args.connections} --requests {args.requests}")  # fmt: skip
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = "\n".join(
        [
            "# Benchmark: the recording proxy against Prism's",
            "",
            f"Produced by `make bench-proxy` (`{command}`) on {when}.",
            f"Machine: {machine()}.",
            f"Load generator: wrk, 2 threads, {args.connections} connections, on the same machine. Upstream:",
            "bench/floor.py (bare Starlette answering L1). Ours records every exchange in the HAR and",
            "evaluates it; Prism validates. Rounds interleaved, the order rotated each round.",
            "",
            "## Goals (issue #29)",
            "",
            f"- Throughput: ours / Prism = {ratio:.2f}x (goal 2.0x): {'met' if ratio >= 2 else 'NOT met'}",
            f"- Mean added latency: ours {added(mine):.1f} ms, Prism {added(theirs):.1f} ms "
            "(goal: under Prism's): "
            f"{'met' if added(mine) < added(theirs) else 'NOT met'}",
            f"- Memory flat and files bounded: {'met' if flat else 'NOT met'}",
            f"- A valid 1 MB answer not refuted: {'met' if large_ok else 'NOT met'}",
            "",
            f"## L1 through each, {args.rounds} rounds of {args.seconds} s (medians)",
            "",
            "| server | req/s | mean latency ms | added ms | p99 ms | non-2xx | RSS MB after | body bytes |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            *faithful(bodies, direct),
            "",
            "## Memory and files over a long run (a fresh proxy; every request's query string new)",
            "",
            *held,
            "",
            "## A large answer",
            "",
            *large,
            "",
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    raise SystemExit(main())
