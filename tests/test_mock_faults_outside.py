"""Faults from outside: clients that hang up mid-request, a client that sends its body byte by
byte, many idle keep-alive connections. The mock neither crashes nor leaks: its resident memory
after three rounds stays within 30 MB of what it was after warm-up."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import DEV_KEY
from tests.live import running_mock

pytestmark = pytest.mark.e2e  # every test here starts a server, a process or a browser

HEADERS = {"X-API-KEY": DEV_KEY}
MEMORY_BOUND_KB = 30 * 1024


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def request_bytes(port: int, body: bytes, length: int | None = None) -> bytes:
    head = (
        f"POST /customerarea/licenses/demo HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-API-KEY: {DEV_KEY}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body) if length is None else length}\r\n\r\n"
    )
    return head.encode() + body


def hang_up_mid_request(port: int, count: int) -> None:
    for _ in range(count):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(request_bytes(port, b'{"customer_', length=100))


def idle_keep_alive(port: int, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        request = (
            f"GET /customerarea/directory/currencies HTTP/1.1\r\nHost: x\r\nX-API-KEY: {DEV_KEY}\r\n\r\n"
        )
        sock.sendall(request.encode())
        sock.recv(65536)
        sockets.append(sock)
    return sockets


def slow_client(port: int, result: list[int]) -> None:
    body = json.dumps({"customer_code": 3}).encode()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        for byte in request_bytes(port, body):
            sock.sendall(bytes([byte]))
            time.sleep(0.01)  # about 2 s for the whole request
        result.append(int(sock.recv(65536).split(b" ", 2)[1]))


def test_the_mock_survives_faults_from_outside_without_leaking() -> None:
    with running_mock() as (url, process):
        port = int(url.split(":")[2].split("/")[0])
        with httpx.Client(base_url=url, headers=HEADERS) as client:
            for _ in range(300):
                client.get("/licenses/available", params={"customer_code": 1})
        before = rss_kb(process.pid)
        for _ in range(3):
            slow_result: list[int] = []
            slow = threading.Thread(target=slow_client, args=(port, slow_result))
            slow.start()
            # Others are served while the slow client is still sending.
            assert httpx.get(f"{url}/directory/currencies", headers=HEADERS).status_code == 200
            assert slow.is_alive()
            hang_up_mid_request(port, 200)
            idle = idle_keep_alive(port, 300)
            slow.join(timeout=30)
            assert slow_result in ([200], [409])
            for sock in idle:
                sock.close()
        time.sleep(0.5)
        after = rss_kb(process.pid)
        assert process.poll() is None, "the mock died"
        assert httpx.get(f"{url}/directory/currencies", headers=HEADERS).status_code == 200
        assert after - before < MEMORY_BOUND_KB, f"memory grew from {before} kB to {after} kB"
        print(f"mock RSS: {before} kB after warm-up, {after} kB after the faults")
