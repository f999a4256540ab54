"""A validating, recording reverse proxy between an app and the real API (make proxy UPSTREAM=...).

    python -m traffic.proxy --upstream https://api.fsflt.net/customerarea [--host H] [--port P]

Every request is forwarded unchanged (the app supplies the key; nothing is added, removed or
altered) and every answer is given back unchanged. Each exchange is checked by the contract suite's
findings engine, printed as one line (method, path, status, latency, what it refutes), and appended
to reports/traffic.har at once, credentials redacted. On exit (Ctrl-C, SIGTERM), and on
`GET /__proxy/findings`, the findings go to reports/traffic-findings.json and traffic-summary.md.
An upstream that cannot be reached is answered 502 in the documented error shape, and recorded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import uvicorn
from starlette.middleware.cors import CORSMiddleware

from contract.rules import Context
from contract.spec import SpecIndex
from contract.verdicts import Verdicts, refutations
from traffic import har
from traffic.reports import write_reports

REPO = Path(__file__).resolve().parent.parent
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}
)
CONTROL = "/__proxy/findings"


class Proxy:
    def __init__(self, upstream: str, reports: Path, echo: Any = print) -> None:
        self.upstream = upstream.rstrip("/")
        self.index = SpecIndex.load()
        self.context = Context(self.index)
        self.verdicts = Verdicts(self.context)
        self.secret = har.credentials(self.index)
        self.reports = reports
        self.har = har.HarWriter(reports / "traffic.har")
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(30.0), follow_redirects=False)
        self.echo = echo
        self.started = time.monotonic()

    def target(self, path: str, query: bytes) -> str:
        base = self.index.base_path
        relative = path[len(base) :] if path == base or path.startswith(base + "/") else path
        return self.upstream + relative + (f"?{query.decode('latin-1')}" if query else "")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        if scope["path"] == CONTROL:
            await self._answer(
                send, 200, [("content-type", "application/json")], json.dumps(self.findings()).encode()
            )
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        url = self.target(scope["path"], scope.get("query_string", b""))
        started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
        forwarded = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
        try:
            answer = await self.client.request(scope["method"], url, headers=forwarded, content=body)
            status, content = answer.status_code, answer.content
            answer_headers = [(k, v) for k, v in answer.headers.multi_items() if k.lower() not in HOP_BY_HOP]
        except httpx.HTTPError as error:
            status = 502
            why = (
                f"the proxy could not reach {urlsplit(self.upstream).netloc}: {type(error).__name__}: {error}"
            )
            content = json.dumps(self.unreachable(why)).encode()
            answer_headers = [("content-type", "application/json")]
        milliseconds = (time.perf_counter() - clock) * 1000
        await self._answer(send, status, answer_headers, content)
        self.record(scope, url, headers, body, status, answer_headers, content, started, milliseconds)

    @staticmethod
    async def _answer(send: Any, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
        raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
        raw.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": content})

    def record(
        self,
        scope: Any,
        url: str,
        headers: list[tuple[str, str]],
        body: bytes,
        status: int,
        answer_headers: list[tuple[str, str]],
        content: bytes,
        started: dt.datetime,
        ms: float,
    ) -> None:
        """After the answer left: a recording that fails must never fail the exchange."""
        try:
            entry = har.entry(
                scope["method"], url, headers, body, status, answer_headers, content, started, ms, self.secret
            )
            self.har.append(entry)
            (exchange,) = har.exchanges({"log": {"entries": [entry]}}, self.index)
            refuted = refutations(self.verdicts.add(exchange))
            self.echo(
                f"{scope['method']} {scope['path']} {status} {ms:.0f} ms"
                + (f"  refuted: {'; '.join(refuted)}" if refuted else ""),
                flush=True,
            )
        except Exception as error:  # noqa: BLE001 - the proxy reports, it never crashes on a recording
            self.echo(
                f"{scope['method']} {scope['path']} {status}: not recorded ({type(error).__name__}: {error})",
                flush=True,
            )

    def findings(self) -> dict[str, Any]:
        facts = {
            "upstream": self.upstream,
            "recorded": self.har.count,
            "har": str(self.har.path),
            "duration_s": round(time.monotonic() - self.started, 1),
            "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        }
        return write_reports(self.verdicts, facts, self.reports, "Traffic through the proxy")

    def unreachable(self, why: str) -> dict[str, Any]:
        """The 502 in the spec's shape of a service that is down (its `service_unavailable` answer)."""
        found = self.index.example_of_reason("service_unavailable")
        return {**(found[1] if found else {}), "code": 502, "message": why}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m traffic.proxy", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--upstream", required=True, help="the API's base URL, e.g. https://api.fsflt.net/customerarea"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--reports", type=Path, default=REPO / "reports")
    args = parser.parse_args(argv)
    if urlsplit(args.upstream).scheme not in ("http", "https"):
        parser.error(f"--upstream must be an http(s) URL, not {args.upstream!r}")
    proxy = Proxy(args.upstream, args.reports)
    app = CORSMiddleware(
        proxy, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"], max_age=600
    )
    print(
        f"proxy on http://{args.host}:{args.port}{proxy.index.base_path} -> {proxy.upstream}; "
        f"recording {proxy.har.path}",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    finally:
        document = proxy.findings()
        refuted = sum(f["verdict"] == "refuted" for f in document["findings"])
        print(
            f"proxy: {proxy.har.count} exchanges recorded; {refuted} refuted findings in "
            f"{args.reports / 'traffic-summary.md'}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
