"""A real mock process on a free loopback port, for tests over a socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from contract.spec import SpecIndex

REPO = Path(__file__).resolve().parent.parent
# What the contract suite reads from the environment: a test's run starts without any of them.
CONTRACT_VARIABLES = (
    "BASE_URL",
    "API_KEY",
    "ALLOW_WRITES",
    "ALLOW_PAID",
    "CUSTOMER_CODE",
    "MAX_PAID",
    "MAX_REQUESTS",
    "RATE_LIMIT",
    "CONTRACT_APP",
    "BASELINE",
    "HISTORY",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_mock(
    *args: str, env: dict[str, str] | None = None, module: str = "mock_server"
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start `python -m <module>` (the mock, by default) and yield its base URL once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port), *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}{SpecIndex.load().base_path}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base_url}/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the mock did not start: {process.stdout.read() if process.stdout else ''}"
                    ) from None
                time.sleep(0.1)
        yield base_url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
