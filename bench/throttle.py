"""How long the generated client takes to read through Laravel's throttle, side by side with the
least time the throttle allows.

    python -m bench.throttle [--reads 25] [--throttle 10/3] [--rounds 3]

Each round serves standins/laravel_server.py with the throttle, in this process, on a fresh window, and
reads the offers `reads` times in a row with the client as it comes (default Retries). It prints the
wall time of the reads, the least the throttle allows (a window holds `limit` requests, and the reads
need every window but the last one to end), their ratio, and the 429s the client met on the way.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time

from flashstart_customerarea import AuthenticatedClient
from flashstart_customerarea.api.licenses import list_available_licenses

from standins.laravel_habits import INDEX, Habits, Throttle
from standins.laravel_server import LaravelServer, Recorder, serving

KEY = "bench-throttle-key"


def one_round(reads: int, throttle: Throttle) -> tuple[float, int]:
    """The seconds `reads` reads took, and the 429s met."""
    app = Recorder(LaravelServer(Habits(api_key=KEY, throttle=throttle)).app())
    with serving(app) as root, AuthenticatedClient(base_url=root + INDEX.base_path, token=KEY) as client:
        started = time.monotonic()
        for _ in range(reads):
            list_available_licenses.sync_or_raise(client=client, customer_code=1)
        took = time.monotonic() - started
    return took, app.statuses.count(429)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=25)
    parser.add_argument("--throttle", type=Throttle.parse, default=Throttle(10, 3))
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args(argv)
    throttle: Throttle = options.throttle
    least = (math.ceil(options.reads / throttle.limit) - 1) * throttle.seconds
    took = []
    for number in range(1, options.rounds + 1):
        seconds, refused = one_round(options.reads, throttle)
        took.append(seconds)
        print(
            f"round {number}: {options.reads} reads in {seconds:.2f} s, {refused} answered 429 and waited out"
        )
    median = statistics.median(took)
    print(
        f"{options.reads} reads through a throttle of {throttle.limit} per {throttle.seconds:g} s: "
        f"median {median:.2f} s; the throttle allows no less than {least:.2f} s "
        f"({median / least:.2f}x)"
        if least
        else f"median {median:.2f} s (the reads fit in one window)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
