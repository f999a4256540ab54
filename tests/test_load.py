"""The load script in its short form: 64 connections for a few seconds, no 5xx, a consistent ledger."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.live import REPO


@pytest.mark.e2e
def test_short_load_run_has_no_errors_and_a_consistent_ledger() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.load", "--connections", "64", "--duration", "5"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "5xx: 0, connection errors: 0" in result.stdout and "ledger: consistent" in result.stdout
    print(result.stdout)


def test_wrk_figures_are_read_from_the_latency_distribution() -> None:
    # A real wrk output whose "+/- Stdev" column ends in 99% (97.99%): `make bench` once read it as p99.
    from bench.wrk import parse_wrk

    output = (REPO / "tests" / "fixtures" / "wrk-stdev-99.txt").read_text()
    sample = parse_wrk(output, "http://127.0.0.1/licenses/demo")
    assert (sample.rps, sample.p50_ms, sample.p99_ms, sample.non_2xx) == (6282.83, 9.83, 91.09, 0)


def test_wrk_figures_are_read_when_wrk_reports_timeouts() -> None:
    # Under load wrk adds a "Socket errors" line and pads a seconds figure with a space: both once
    # made make bench-ab stop with "could not be read".
    from bench.wrk import parse_wrk

    output = (REPO / "tests" / "fixtures" / "wrk-timeouts.txt").read_text()
    sample = parse_wrk(output, "http://127.0.0.1/licenses/demo")
    assert (sample.rps, sample.p50_ms, sample.p99_ms) == (693.76, 78.23, 1410.0)
