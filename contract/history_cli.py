"""`make history`: per assumption, when its verdict last changed, host by host, from the live runs' history.

    python -m contract.history_cli [--history PATH] [--host HOST]

The most recent changes come first: each line says the verdict now, since which run and when, and
what it was before (or that it has held since the first run that had it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from contract.history import History, HistoryError, RunRecord, Streak, default_path, shown


def _line(streak: Streak, latest: RunRecord) -> str:
    before = f"was {streak.before.value}" if streak.before else "since the first run that had it"
    gone = "" if streak.last_run == latest.id else f"  (not in the latest run; last in run {streak.last_run})"
    return (
        f"  {streak.verdict.value:<9}  since {shown(streak.since)} (run {streak.since_run:>3}; {before:<30})"
        f"  {streak.id}{gone}"
    )


def report(history: History, host: str | None = None) -> list[str]:
    hosts = [host] if host else history.hosts()
    lines = [f"History {history.path}: {len(history.runs())} run(s) on {len(history.hosts())} host(s)."]
    for name in hosts:
        runs = history.runs(name)
        if not runs:
            lines += ["", f"{name}: no run recorded"]
            continue
        latest = runs[-1]
        lines += [
            "",
            f"{name}: {len(runs)} run(s) from {shown(runs[0].at)}; the latest is {latest.describe()}",
        ]
        streaks = sorted(history.streaks(name).values(), key=lambda s: (-s.since_run, s.verdict.value, s.id))
        lines += [_line(streak, latest) for streak in streaks]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make history", description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=Path, help="default: HISTORY, else reports/history.sqlite")
    parser.add_argument("--host", help="only this host (such as api.fsflt.net, or 127.0.0.1:8080)")
    args = parser.parse_args(argv)
    path = args.history or default_path()
    if not path.is_file():
        print(f"make history: no history at {path} yet: a live run (make contract BASE_URL=...) records one")
        return 1
    try:
        with History(path) as history:
            print("\n".join(report(history, args.host)))
    except HistoryError as error:
        print(f"make history: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
