"""The generated client against a throttled Laravel-style server over a socket: reads in a row all
succeed, each 429 waited out as it asks and no sooner; the retries are logged only when the
application turns logging on."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap

import pytest
from flashstart_customerarea import AuthenticatedClient
from flashstart_customerarea.api.directory import list_currencies
from flashstart_customerarea.api.licenses import list_available_licenses

from standins.laravel_habits import INDEX, Habits, Throttle
from standins.laravel_server import LaravelServer, Recorder, serving

pytestmark = pytest.mark.e2e

KEY = "laravel-throttle-key"


def throttled(limit: int, seconds: float) -> Recorder:
    return Recorder(LaravelServer(Habits(api_key=KEY, throttle=Throttle(limit, seconds))).app())


def assert_each_429_was_waited_out(app: Recorder) -> None:
    """After each 429 the next request came no sooner than its Retry-After, and was answered."""
    for refused, following in zip(app.exchanges, app.exchanges[1:], strict=False):
        if refused.status == 429:
            asked = float(refused.headers["retry-after"])
            assert following.at - refused.at >= asked - 0.05, (refused, following)
            assert following.status == 200


def test_25_reads_in_a_row_against_10_per_3_s_all_succeed() -> None:
    app = throttled(10, 3)
    with serving(app) as root, AuthenticatedClient(base_url=root + INDEX.base_path, token=KEY) as client:
        offers = [list_available_licenses.sync_or_raise(client=client, customer_code=1) for _ in range(25)]
    assert len(offers) == 25 and all(offers)
    # Reads 11 and 21 met the limit once each, and went through after the wait.
    assert app.statuses.count(200) == 25 and app.statuses.count(429) == 2
    assert_each_429_was_waited_out(app)


def test_async_reads_wait_out_a_429_too() -> None:
    app = throttled(2, 1)

    async def three(base_url: str) -> list[object]:
        async with AuthenticatedClient(base_url=base_url, token=KEY) as client:
            return [await list_currencies.asyncio_or_raise(client=client) for _ in range(3)]

    with serving(app) as root:
        assert all(asyncio.run(three(root + INDEX.base_path)))
    assert app.statuses == [200, 200, 429, 200]
    assert_each_429_was_waited_out(app)


READ_TWICE = """
    import logging, os, sys
    from flashstart_customerarea import AuthenticatedClient
    from flashstart_customerarea.api.directory import list_currencies
    if sys.argv[1] == "on":
        logging.basicConfig(level=logging.INFO, format="%(name)s %(levelname)s %(message)s")
    with AuthenticatedClient(base_url=os.environ["URL"], token=os.environ["KEY"]) as client:
        for _ in range(2):
            list_currencies.sync_or_raise(client=client)
    # Whatever the client's loggers say, at any level, stays unsaid until the application asks.
    logging.getLogger("flashstart_customerarea.client").warning("a warning nobody asked for")
    print("read twice")
"""


@pytest.mark.parametrize("logging_on", [False, True])
def test_a_retry_is_logged_only_when_the_application_turns_logging_on(logging_on: bool) -> None:
    with serving(throttled(1, 1)) as root:
        ran = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(READ_TWICE), "on" if logging_on else "off"],
            capture_output=True,
            text=True,
            env={**os.environ, "URL": root + INDEX.base_path, "KEY": KEY},
            timeout=60,
        )
    assert ran.returncode == 0 and ran.stdout == "read twice\n", ran.stderr
    if not logging_on:
        assert ran.stderr == ""
        return
    lines = [line for line in ran.stderr.splitlines() if line.startswith("flashstart_customerarea")]
    assert lines == [
        "flashstart_customerarea.client INFO GET /customerarea/directory/currencies answered 429;"
        " attempt 1 of 3, retrying in 1.0 s",
        "flashstart_customerarea.client WARNING a warning nobody asked for",
    ]
    assert KEY not in ran.stderr
