"""The findings run through Laravel's default throttle (60 requests a minute), side by side with the least
time that throttle allows for the requests sent: issue #23's measure.

    python -m bench.findings_throttle [--throttle 60/60] [--max-requests 240] [--runs 3] [--rate-limit 2]

Each run serves standins/laravel_server.py with the throttle (and extra fields), in this process, and
runs the contract suite against it in a subprocess, by a host name (RESOLVE), so that the kit applies
its real-server profile (RATE_LIMIT, the live Hypothesis profile). Per run: the time from the first
request the server saw to the last, the least the throttle allows for those requests (each caller's
window apart: (ceil(n / limit) - 1) * window), the least the throttle and RATE_LIMIT allow together
(the same requests in order, each as early as both allow), and the ratios; the 429s per window;
after how many requests every read-only probe had been answered; whether any finding but the rate
limit's counts a 429; and whether the runs' findings were the same. Writes bench/findings-throttle.md.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.contract_runs import REPO, Outcome, contract_run
from contract.plan import Plan
from contract.rules import Context
from contract.spec import SpecIndex
from standins.laravel_habits import Habits, Throttle
from standins.laravel_server import Exchange, LaravelServer, Recorder, serving

KEY = "bench-findings-throttle-key"
HOST = "api.laravel.test"
RESULTS = REPO / "bench" / "findings-throttle.md"


def caller(exchange: Exchange) -> str:
    return "key" if exchange.request_headers.get("x-api-key") == KEY else "anyone else"


def least(exchanges: list[Exchange], throttle: Throttle, rate: float) -> tuple[float, float]:
    """The least time the throttle allows for these requests (each caller's windows apart:
    (ceil(n / limit) - 1) * window), and the least the throttle and RATE_LIMIT allow together: the
    same requests in the same order, each sent as early as both allow (the 429s the run met left out)."""
    sent = [e for e in exchanges if e.status != 429]
    per_caller = Counter(caller(e) for e in sent)
    alone = max((math.ceil(n / throttle.limit) - 1) * throttle.seconds for n in per_caller.values())
    interval = 1 / rate if rate else 0.0
    windows: dict[str, tuple[float, int]] = {}  # caller -> (its window's start, requests in it)
    at = -interval
    for exchange in sent:
        who = caller(exchange)
        at += interval
        start, count = windows.get(who, (at, 0))
        if at >= start + throttle.seconds:
            start, count = at, 0
        elif count >= throttle.limit:
            at = start + throttle.seconds
            start, count = at, 0
        windows[who] = (start, count + 1)
    return alone, at


def refused_per_window(exchanges: list[Exchange], throttle: Throttle) -> int:
    """The most 429s one caller met in one window of the throttle's."""
    opened: Counter[str] = Counter()
    found: Counter[tuple[str, int]] = Counter()
    first = str(throttle.limit - 1)
    for exchange in exchanges:
        if exchange.headers.get("x-ratelimit-remaining") == first:
            opened[caller(exchange)] += 1
        if exchange.status == 429:
            found[(caller(exchange), opened[caller(exchange)])] += 1
    return max(found.values(), default=0)


def probes_done(exchanges: list[Exchange], planned: int) -> int:
    """After how many requests the plan's read-only probes had all been answered (429s are resent)."""
    answered = 0
    for position, exchange in enumerate(exchanges, start=1):
        answered += exchange.status != 429
        if answered == planned:
            return position
    return len(exchanges)


def one_run(throttle: Throttle, budget: int, rate: float, folder: Path) -> tuple[Outcome, list[Exchange]]:
    app = Recorder(LaravelServer(Habits(api_key=KEY, throttle=throttle, extra_fields=True)).app())
    with serving(app) as root:
        port = root.rsplit(":", 1)[1]
        outcome = contract_run(
            f"http://{HOST}:{port}/customerarea",
            KEY,
            folder,
            RESOLVE=f"{HOST}:{port}:127.0.0.1",
            MAX_REQUESTS=str(budget),
            RATE_LIMIT=f"{rate:g}",
        )
    return outcome, app.exchanges


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throttle", type=Throttle.parse, default=Throttle(60, 60))
    parser.add_argument("--max-requests", type=int, default=240)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rate-limit", type=float, default=2.0)
    options = parser.parse_args(argv)
    throttle: Throttle = options.throttle
    planned = len([p for p in Plan.build(Context(SpecIndex.load())).sent_by_plan() if p.read_only])
    rows, verdicts = [], []
    for number in range(1, options.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            outcome, exchanges = one_run(throttle, options.max_requests, options.rate_limit, Path(folder))
        span = exchanges[-1].at - exchanges[0].at
        alone, together = least(exchanges, throttle, options.rate_limit)
        counted = [
            f["id"]
            for f in outcome.doc["findings"]
            if f["id"] != "rate_limit" and "429" in (f["observed"].get("seen") or {})
        ]
        cover = outcome.doc["coverage"]
        rows.append(
            f"| {number} | {len(exchanges)} | {Counter(e.status for e in exchanges)[429]} "
            f"| {refused_per_window(exchanges, throttle)} | {probes_done(exchanges, planned)} "
            f"| {cover['tested_read_only']}/{cover['testable_read_only']} | {span:.1f} | {alone:.1f} "
            f"| {together:.1f} | {span / together:.2f}x | {span / alone:.2f}x | {outcome.seconds:.1f} "
            f"| {', '.join(counted) or 'none'} |"
        )
        verdicts.append(outcome.verdicts())
        print(rows[-1], flush=True)
    same = all(v == verdicts[0] for v in verdicts)
    lines = [
        "# The findings run through a Laravel throttle (bench/findings_throttle.py)",
        "",
        f"`python -m bench.findings_throttle --throttle {throttle.limit}/{throttle.seconds:g} "
        f"--max-requests {options.max_requests} --runs {options.runs} --rate-limit {options.rate_limit:g}`",
        "",
        "| run | requests | 429s | most 429s in a window | read-only probes answered after | read-only "
        "tested | span s (first request to last) | least by the throttle alone s | least by the throttle "
        "and RATE_LIMIT s | span / least together | span / least alone | whole run s "
        "| findings counting a 429 (but the limit's) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"The same findings (ids and verdicts) in every run: {'yes' if same else 'NO'}.",
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
