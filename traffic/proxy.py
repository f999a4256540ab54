"""A validating, recording reverse proxy between an app and the real API (make proxy UPSTREAM=...).

    python -m traffic.proxy --upstream https://api.fsflt.net/customerarea [--host H] [--port P]
        [--har-max-mb N (default $HAR_MAX_MB, else 50)]

Every request is forwarded unchanged (the app supplies the key; nothing is added, removed or
altered) and every answer is given back unchanged, as soon as the upstream gives it. Beside the
forwarding (traffic/recorder.py: a bounded queue and a worker thread), each exchange is appended to
reports/traffic.har (rotated at HAR_MAX_MB to traffic-<n>.har), credentials redacted, checked by the
findings engine on its live request and answer, and printed as one line (method, path, status,
latency, what it refutes). On exit (Ctrl-C, SIGTERM), and on `GET /__proxy/findings`, the findings
go to reports/traffic-findings.json and traffic-summary.md. An upstream that cannot be reached is
answered 502 in the documented error shape, and recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn
from starlette.middleware.cors import CORSMiddleware

from contract.rules import Context
from contract.spec import SpecIndex
from contract.verdicts import Verdicts
from traffic.evaluation import Evaluator
from traffic.har_files import MEGABYTE, HarFiles
from traffic.recorder import Passed, Recorder
from traffic.reports import write_reports
from traffic.upstream import Headers, Upstream, UpstreamError

REPO = Path(__file__).resolve().parent.parent
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"transfer-encoding",
        b"te",
        b"trailer",
        b"upgrade",
        b"host",
        b"content-length",
    }
)
CONTROL = "/__proxy/findings"
HAR_MAX_MB = 50.0
JSON = [(b"content-type", b"application/json")]


def end_to_end(headers: Headers) -> Headers:
    """The headers that go on to the next hop: not HTTP/1.1's hop-by-hop ones, nor any that the
    Connection header names; Host and Content-Length are the next hop's own."""
    named = {
        token.strip().lower()
        for name, value in headers
        if name.lower() == b"connection"
        for token in value.split(b",")
    }
    return [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP and k.lower() not in named]


async def body_of(receive: Any) -> bytes | None:
    """The request's body; None when the client left before sending it all."""
    message = await receive()
    chunks = [message.get("body", b"")]
    while message.get("more_body", False):
        message = await receive()
        chunks.append(message.get("body", b""))
    return None if message["type"] == "http.disconnect" else b"".join(chunks)


async def answer(send: Any, status: int, headers: Headers, content: bytes) -> None:
    headers.append((b"content-length", b"%d" % len(content)))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


class Proxy:
    def __init__(self, upstream: str, reports: Path, har_limit: int, echo: Any = print) -> None:
        self.upstream = Upstream(upstream)
        self.upstream_url = upstream.rstrip("/")
        self.index = SpecIndex.load()
        self.verdicts = Verdicts(Context(self.index))
        self.reports = reports
        self.files = HarFiles(reports, har_limit)
        self.recorder = Recorder(self.upstream_url, self.files, Evaluator(self.verdicts), echo)
        self.base = self.index.base_path.encode()
        self.forwarded = 0
        self.started = time.monotonic()
        self._writing = threading.Lock()

    def target(self, path: bytes, query: bytes) -> bytes:
        """The path and query below the upstream's base URL: the proxy's base path taken off."""
        base = self.base
        relative = path[len(base) :] if path == base or path.startswith(base + b"/") else path
        return relative + (b"?" + query if query else b"")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        if scope["path"] == CONTROL:
            document = await asyncio.to_thread(self.findings)
            await answer(send, 200, list(JSON), json.dumps(document).encode())
            return
        body = await body_of(receive)
        if body is None:
            return
        started, clock = time.time(), time.perf_counter()
        target = self.target(scope.get("raw_path") or scope["path"].encode(), scope["query_string"])
        request_headers: Headers = scope["headers"]
        try:
            got = await self.upstream.send(scope["method"], target, end_to_end(request_headers), body)
            status, headers, content = got.status, end_to_end(got.headers), got.body
        except UpstreamError as error:
            why = f"the proxy could not reach {self.upstream.netloc}: {error}"
            status, headers, content = 502, list(JSON), json.dumps(self.unreachable(why)).encode()
        milliseconds = (time.perf_counter() - clock) * 1000
        await answer(send, status, headers, content)
        self.forwarded += 1
        passed = Passed(
            scope["method"], scope["path"], target.decode("latin-1"), request_headers, body,
            status, headers, content, started, milliseconds,
        )  # fmt: skip
        self.recorder.offer(passed)

    def findings(self) -> dict[str, Any]:
        """The reports, from everything forwarded before this call (its queue handled first)."""
        recorder = self.recorder
        recorder.settle(timeout=30)
        with self._writing:
            facts = {
                "upstream": self.upstream_url,
                "forwarded": self.forwarded,
                "evaluated": recorder.evaluator.evaluated,
                "recorded": self.files.recorded,
                "dropped": recorder.dropped,
                "not_recorded": self.files.left_out + recorder.failed,
                "har": str(self.files.current),
                "har_files": [str(p) for p in self.files.files],
                "har_max_mb": self.files.limit / MEGABYTE,
                "duration_s": round(time.monotonic() - self.started, 1),
                "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            }
            return write_reports(self.verdicts, facts, self.reports, "Traffic through the proxy")

    def unreachable(self, why: str) -> dict[str, Any]:
        """The 502 in the spec's shape of a service that is down (its `service_unavailable` answer)."""
        found = self.index.example_of_reason("service_unavailable")
        return {**(found[1] if found else {}), "code": 502, "message": why}


def megabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value >= 1:  # also NaN
        raise argparse.ArgumentTypeError(
            f"HAR_MAX_MB must be a number of megabytes, at least 1, not {text!r}"
        )
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m traffic.proxy", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--upstream", required=True, help="the API's base URL, e.g. https://api.fsflt.net/customerarea"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--reports", type=Path, default=REPO / "reports")
    parser.add_argument(
        "--har-max-mb",
        type=megabytes,
        default=os.environ.get("HAR_MAX_MB") or str(HAR_MAX_MB),
        help=f"rotate traffic.har to traffic-<n>.har before it passes this size (default {HAR_MAX_MB:g})",
    )
    args = parser.parse_args(argv)
    try:
        proxy = Proxy(args.upstream, args.reports, int(args.har_max_mb * MEGABYTE))
    except ValueError:
        parser.error(f"--upstream must be an http(s) URL, not {args.upstream!r}")
    except OSError as error:
        parser.error(f"cannot write the recording in {args.reports}: {error.strerror or error}")
    app = CORSMiddleware(
        proxy, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"], max_age=600
    )
    print(
        f"proxy on http://{args.host}:{args.port}{proxy.index.base_path} -> {proxy.upstream_url}; "
        f"recording {proxy.files.current} (rotated at {args.har_max_mb:g} MB)",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(
            app, host=args.host, port=args.port, log_level="warning", access_log=False,
            server_header=False, date_header=False, proxy_headers=False, http="httptools", loop="uvloop",
        )  # fmt: skip
    finally:
        proxy.recorder.close()
        document = proxy.findings()
        refuted = sum(f["verdict"] == "refuted" for f in document["findings"])
        facts = document["target"]
        print(
            f"proxy: {facts['forwarded']} exchanges forwarded, {facts['recorded']} recorded, "
            f"{facts['evaluated']} evaluated, {facts['dropped']} dropped (queue full); "
            f"{refuted} refuted findings in {args.reports / 'traffic-summary.md'}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
