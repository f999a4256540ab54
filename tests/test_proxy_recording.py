"""The proxy in front of fast upstreams of our own: a valid answer of 1 MB is not refuted (live, nor read
back from its capped HAR entry), the HAR rotates at HAR_MAX_MB into whole HAR 1.2 files, answers
pass with their bytes and headers as the upstream wrote them (gzip too), and an upstream that drops
idle connections without saying so costs no request; an HTTPS upstream is reached when its
certificate is trusted, and answered 502 when not."""

from __future__ import annotations

import gzip
import json
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from bench.floor import app as offers_app
from standins.laravel_server import serving
from tests.live import REPO, running_mock

pytestmark = pytest.mark.e2e  # every test here starts servers and the proxy's process

KEY = {"X-API-KEY": "recording-secret-1f3e"}
L1 = "/licenses/available?customer_code=1&license_duration=1"
BASE = "/customerarea"


@contextmanager
def proxy(upstream: str, reports: Path, har_max_mb: str = "50", **env: str) -> Iterator[str]:
    arguments = ("--upstream", upstream, "--reports", str(reports))
    with running_mock(*arguments, module="traffic.proxy", env={"HAR_MAX_MB": har_max_mb, **env}) as (url, _):
        yield url


def findings(url: str) -> dict[str, Any]:
    document: dict[str, Any] = httpx.get(url.removesuffix(BASE) + "/__proxy/findings", timeout=60).json()
    return document


def refuted(document: dict[str, Any]) -> list[str]:
    return [f["message"] for f in document["findings"] if f["verdict"] == "refuted"]


def make_findings(har_files: list[Path], reports: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "traffic.reports",
        "--har",
        *map(str, har_files),
        "--reports",
        str(reports),
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads((reports / "traffic-findings.json").read_text(encoding="utf-8"))
    return document


@dataclass
class LargeAnswers:
    """Eight valid answers of 1 MB through a proxy that rotates its HAR at 1 MB."""

    direct: bytes
    through: list[bytes]
    live: dict[str, Any]
    reports: Path


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> LargeAnswers:
    reports = tmp_path_factory.mktemp("large") / "reports"
    with serving(offers_app(1_000_000)) as upstream:
        direct = httpx.get(upstream + BASE + L1, headers=KEY).content
        with proxy(upstream + BASE, reports, har_max_mb="1") as url:
            through = [httpx.get(url + L1, headers=KEY, timeout=60).content for _ in range(8)]
            return LargeAnswers(direct, through, findings(url), reports)


def test_a_valid_answer_of_1_mb_is_refuted_neither_live_nor_from_its_har(
    large: LargeAnswers, tmp_path: Path
) -> None:
    assert len(large.direct) >= 1_000_000 and large.through == [large.direct] * 8
    assert refuted(large.live) == [] and any(f["subject"] == "response_schema" and f["verdict"] == "confirmed"
                                             for f in large.live["findings"])  # fmt: skip
    files = [Path(name) for name in large.live["target"]["har_files"]]
    entries = [e for p in files for e in json.loads(p.read_bytes())["log"]["entries"]]
    offers = [e for e in entries if "/licenses/available" in e["request"]["url"]]
    assert len(offers) == 8 and all(e["response"]["content"]["_truncated"] for e in offers)
    assert refuted(make_findings(files, tmp_path)) == []


def test_the_har_rotates_at_har_max_mb_into_whole_har_files(large: LargeAnswers) -> None:
    facts = large.live["target"]
    files = [Path(name) for name in facts["har_files"]]
    assert len(files) >= 3 and files[-1].name == "traffic.har" and files[0].name == "traffic-1.har"
    entries = 0
    for path in files:
        assert path.stat().st_size <= 1_000_000, path
        log = json.loads(path.read_bytes())["log"]
        assert log["version"] == "1.2"
        entries += len(log["entries"])
    assert entries == facts["recorded"] == facts["forwarded"] == 9  # the start's probe and 8
    assert KEY["X-API-KEY"] not in "".join(p.read_text(encoding="utf-8") for p in files)


OFFERS = b'{"code": 200, "content": []}'
SHAPED = [  # what an upstream behind a CDN may send, in its own case and order
    (b"Content-Type", b"application/json"),
    (b"Content-Encoding", b"gzip"),
    (b"X-Request-Id", b"r-42"),
    (b"Set-Cookie", b"session=abc; HttpOnly"),
    (b"Cache-Control", b"no-store"),
]


async def shaped(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": SHAPED})
        await send({"type": "http.response.body", "body": gzip.compress(OFFERS, mtime=0)})


def raw(url: str) -> tuple[list[tuple[str, str]], bytes]:
    """The answer's headers (but the connection's own, and Date) and its bytes, nothing decoded."""
    with httpx.stream("GET", url, headers=KEY, timeout=30) as answer:
        body = b"".join(answer.iter_raw())
        # The framing (chunked, or a length) is each connection's own; Date is the time of sending.
        hop = {"connection", "keep-alive", "transfer-encoding", "content-length", "date"}
        return [(k.lower(), v) for k, v in answer.headers.multi_items() if k.lower() not in hop], body


def test_answers_pass_with_their_bytes_and_headers_and_gzip_is_evaluated_decoded(tmp_path: Path) -> None:
    with serving(shaped) as upstream:
        direct_headers, direct_body = raw(upstream + BASE + L1)
        with proxy(upstream + BASE, tmp_path / "reports") as url:
            headers, body = raw(url + L1)
            dates = httpx.get(url + L1, headers=KEY).headers.get_list("date")
            live = findings(url)
    assert body == direct_body and gzip.decompress(body) == OFFERS
    # CORS adds `vary: origin` to every answer, as it always did; nothing else is added or changed.
    assert [h for h in headers if h != ("vary", "Origin")] == direct_headers and len(dates) == 1
    assert refuted(live) == []  # the decoded body is the spec's: no "answered 200 as ..." for gzip
    entry = json.loads((tmp_path / "reports" / "traffic.har").read_bytes())["log"]["entries"][-1]
    assert entry["response"]["content"]["text"] == OFFERS.decode() and "session=abc" not in json.dumps(entry)


@contextmanager
def forgetful_upstream() -> Iterator[str]:
    """A server that closes every connection after one answer, without saying so (no Connection:
    close): as one that drops idle keep-alive connections. Answers L1's empty list."""
    listener = socket.create_server(("127.0.0.1", 0))
    answer = (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(OFFERS)
              + OFFERS)  # fmt: skip

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if data:
                    connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def test_an_upstream_that_drops_idle_connections_costs_no_request(tmp_path: Path) -> None:
    with forgetful_upstream() as upstream, proxy(upstream + BASE, tmp_path / "reports") as url:
        statuses = [httpx.get(url + L1, headers=KEY, timeout=30).status_code for _ in range(20)]
    assert statuses == [200] * 20


@contextmanager
def serving_tls(app: Any, folder: Path) -> Iterator[tuple[str, Path]]:
    """`app` over HTTPS on a free loopback port, with a certificate made for 127.0.0.1 now."""
    key, certificate = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
         "-out", str(certificate), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    sock = socket.create_server(("127.0.0.1", 0))
    config = uvicorn.Config(
        app, log_level="warning", lifespan="off", ssl_keyfile=key, ssl_certfile=certificate
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            threading.Event().wait(0.01)
        yield f"https://127.0.0.1:{sock.getsockname()[1]}", certificate
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl to make a certificate with")
def test_an_https_upstream_is_reached_when_its_certificate_is_trusted_and_refused_when_not(
    tmp_path: Path,
) -> None:
    with serving_tls(offers_app(), tmp_path) as (upstream, certificate):
        trusted = ssl.create_default_context(cafile=certificate)
        direct = httpx.get(upstream + BASE + L1, headers=KEY, verify=trusted).content
        with proxy(upstream + BASE, tmp_path / "a", SSL_CERT_FILE=str(certificate)) as url:
            assert httpx.get(url + L1, headers=KEY).content == direct
        with proxy(upstream + BASE, tmp_path / "b") as url:  # the certificate is no authority's
            refused = httpx.get(url + L1, headers=KEY)
    assert refused.status_code == 502 and "CERTIFICATE_VERIFY_FAILED" in refused.json()["message"]
