"""The mock at another commit against the working tree's, side by side: does a change keep the speed?

    python -m bench.ab [--base REF] [--rounds 5] [--seconds 5] [--connections 64]   (make bench-ab BASE=REF)

Checks REF out in a temporary git worktree, starts both mocks on the same load dataset, and
drives them with wrk in interleaved rounds (the order alternates each round): L1, L1 with every
query string new, and the write mix of make bench. Prints the medians and the ratio of the
working tree to REF, and writes them to bench/ab-results.md. Both run on this machine at the
same time, so the ratio holds where absolute figures drift.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.compare import CUSTOMERS_PER_ROUND, bench_dataset, machine
from bench.servers import BASE_PATH, BENCH, L1, REPO, Server, ensure_wrk, started
from bench.wrk import Sample, wrk

RESULTS = BENCH / "ab-results.md"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, check=True, capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~1", help="the commit to compare with (default HEAD~1)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args(argv)
    ensure_wrk()
    try:
        base = git("rev-parse", "--short", args.base)
    except subprocess.CalledProcessError:
        raise SystemExit(f"bench.ab: --base {args.base} is not a commit of this repository") from None
    with tempfile.TemporaryDirectory() as temp, ExitStack() as stack:
        checkout = Path(temp) / "base"
        git("worktree", "add", "--detach", "--quiet", str(checkout), base)
        stack.callback(git, "worktree", "remove", "--force", str(checkout))
        dataset = bench_dataset(Path(temp), args.rounds)
        command = [sys.executable, "-m", "mock_server", "--port", "{port}", "--seed", str(dataset)]
        sides = [
            Server(f"mock at {base} (BASE)", command, BASE_PATH, cwd=checkout),
            Server("mock, working tree", command, BASE_PATH),
        ]
        for server in sides:
            stack.enter_context(started(server))
        loads = ("L1", "L1, every query new", "writes")
        results: dict[str, dict[str, list[Sample]]] = {load: {s.name: [] for s in sides} for load in loads}
        script = str(BENCH / "requests.lua")
        for round_ in range(args.rounds):
            order = sides if round_ % 2 == 0 else sides[::-1]
            for server in order:
                results["L1"][server.name].append(wrk(server.url + L1, args.seconds, args.connections))
            for server in order:
                fresh = ["reads", server.prefix, "100000"]
                results["L1, every query new"][server.name].append(
                    wrk(server.url + L1, args.seconds, args.connections, script, fresh)
                )
            for server in order:
                first = str(100_000 + round_ * CUSTOMERS_PER_ROUND)
                results["writes"][server.name].append(
                    wrk(server.url + "/licenses/demo", args.seconds, args.connections, script,
                        ["writes", server.prefix, first])
                )  # fmt: skip
    lines = [
        f"# The mock at {base} against the working tree ({git('rev-parse', '--short', 'HEAD')} plus changes)",
        "",
        f"`python -m bench.ab --base {args.base} --rounds {args.rounds} --seconds {args.seconds} "
        f"--connections {args.connections}`; medians of interleaved rounds.",
        "",
        "| load | BASE req/s | working tree req/s | ratio | BASE p99 ms | working tree p99 ms | non-2xx |",
        "|---|---|---|---|---|---|---|",
    ]
    for load in loads:
        before, after = (results[load][s.name] for s in sides)
        rps = [statistics.median(s.rps for s in side) for side in (before, after)]
        p99 = [statistics.median(s.p99_ms for s in side) for side in (before, after)]
        bad = sum(s.non_2xx for s in before + after)
        ratio = rps[1] / rps[0]
        lines.append(
            f"| {load} | {rps[0]:,.0f} | {rps[1]:,.0f} | {ratio:.2f}x | {p99[0]:.1f} | {p99[1]:.1f} | {bad} |"
        )
    lines += ["", machine(), ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
