"""wrk, the load generator of make bench: running it, reading its figures, and the results table."""

from __future__ import annotations

import re
import statistics
import subprocess
from dataclasses import dataclass

from mock_server.dataset import dev_key


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
        f"X-API-KEY: {dev_key()}",
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
        p50 = to_ms(re.search(r"^\s+50%\s+(\S+)\s*$", output, re.M).group(1))  # type: ignore[union-attr]
        p99 = to_ms(re.search(r"^\s+99%\s+(\S+)\s*$", output, re.M).group(1))  # type: ignore[union-attr]
    except (AttributeError, ValueError) as error:
        raise SystemExit(f"wrk's figures for {url} could not be read ({error}):\n{output}") from None
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Sample(rps, p50, p99, int(non_2xx.group(1)) if non_2xx else 0)


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
