"""The servers make bench compares: how each is started, its cold start, and its strictness."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from contract.spec import SpecIndex
from mock_server.dataset import dev_key

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
PRISM_VERSION = "5.16.0"
PRISM_DIR = BENCH / ".prism"
KEY = {"X-API-KEY": dev_key()}
BASE_PATH = SpecIndex.load().base_path
L1 = "/licenses/available?customer_code=1&license_duration=1"


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
    cwd: Path = REPO  # the checkout it runs from (bench/ab.py runs another commit's mock)
    ready: str = L1  # what answers 200 once it is up

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_wrk() -> None:
    if shutil.which("wrk") is None:
        if os.geteuid() != 0:
            raise SystemExit("wrk is needed: apt-get install wrk")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def ensure_tools() -> Path:
    ensure_wrk()
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
    server.process = subprocess.Popen(
        command,
        cwd=server.cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # The mock serves the committed bundle and watches nothing (a mock that predates it ignores it).
        env={**os.environ, "MOCK_NO_RELOAD": "1"},
    )
    try:
        while True:
            try:
                if httpx.get(server.url + server.ready, headers=KEY, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.process.poll() is not None or time.perf_counter() - began > 180:
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
