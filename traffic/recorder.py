"""Recording and evaluation beside the forwarding: the proxy hands each exchange, once its answer has
left, to a bounded queue; one worker thread drains it in batches, writes the HAR entries, folds the
findings and prints one line per exchange.

The queue holds at most MAX_HELD exchanges and MAX_HELD_BYTES of their bodies (those being handled
included). When it is full an exchange is counted in `dropped` and forwarded all the same: traffic
is never slowed or refused for the sake of the report.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contract.model import Exchange
from contract.verdicts import refutations
from traffic import har
from traffic.evaluation import Evaluator
from traffic.har_files import HarFiles

MAX_HELD = 4096
MAX_HELD_BYTES = 64 * 1024 * 1024
DECODED_MAX = 64 * 1024 * 1024  # a body that inflates past this is not evaluated (a zip bomb)
WINDOW = {"gzip": 47, "x-gzip": 47, "deflate": 47}  # 47: a gzip or a zlib header, zlib tells which


@dataclass(frozen=True, slots=True)
class Passed:
    """One exchange as it went through the proxy, raw: the worker makes everything else of it."""

    method: str
    path: str  # as the client asked for it (the line printed)
    target: str  # the path and query below the upstream's base URL
    request_headers: list[tuple[bytes, bytes]]  # as ASGI gives them: names in lower case
    request_body: bytes
    status: int
    answer_headers: list[tuple[bytes, bytes]]
    answer_body: bytes  # as the upstream sent it (its content coding too)
    started: float  # the request's arrival, seconds since the epoch
    milliseconds: float  # the upstream's time (or the failure's)


def content(body: bytes, coding: str) -> tuple[bytes, bool]:
    """The body with its content codings undone, and whether that could be done."""
    for name in reversed([c.strip().lower() for c in coding.split(",") if c.strip()]):
        if name == "identity":
            continue
        if name not in WINDOW:
            return body, False
        # deflate is zlib's format, but some servers send it raw (no header): wbits -15 reads that
        window = WINDOW[name] if name != "deflate" or body[:1] == b"\x78" else -15
        inflate = zlib.decompressobj(window)
        try:
            decoded = inflate.decompress(body, DECODED_MAX)
        except zlib.error:
            return body, False
        if inflate.unconsumed_tail:
            return body, False
        body = decoded
    return body, True


class Recorder:
    def __init__(self, upstream: str, files: HarFiles, evaluator: Evaluator, echo: Any = print) -> None:
        self.upstream, self.files, self.evaluator, self.echo = upstream, files, evaluator, echo
        index = evaluator.verdicts.context.index
        self.secret = har.credentials(index)
        self.key = index.key_header.lower()
        self.offered = self.dropped = self.handled = self.failed = 0
        self._pending: deque[Passed] = deque()
        self._held = self._held_bytes = 0
        self._ready = threading.Condition()
        self._closing = False
        self._worker = threading.Thread(target=self._run, name="proxy-recorder", daemon=True)
        self._worker.start()

    def offer(self, passed: Passed) -> None:
        """Queue an exchange (never waits; counts it in `dropped` when the queue is full)."""
        size = len(passed.request_body) + len(passed.answer_body)
        with self._ready:
            if self._held >= MAX_HELD or self._held_bytes + size > MAX_HELD_BYTES or self._closing:
                self.dropped += 1
                return
            self._pending.append(passed)
            self._held += 1
            self._held_bytes += size
            self.offered += 1
            self._ready.notify()

    def settle(self, timeout: float) -> None:
        """Wait until what was queued before this call is handled (or `timeout` seconds pass)."""
        with self._ready:
            target = self.offered
            self._ready.wait_for(lambda: self.handled >= target, timeout)

    def close(self) -> None:
        """Handle what is queued, then stop the worker and close the file."""
        with self._ready:
            self._closing = True
            self._ready.notify_all()
        self._worker.join()
        self.files.close()

    def _run(self) -> None:
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._pending or self._closing)
                batch, self._pending = self._pending, deque()
            if batch:
                self._handle(batch)
            with self._ready:
                self._held -= len(batch)
                self._held_bytes -= sum(len(p.request_body) + len(p.answer_body) for p in batch)
                self.handled += len(batch)
                self._ready.notify_all()
                if self._closing and not self._pending:
                    return

    def _handle(self, batch: deque[Passed]) -> None:
        entries: list[Callable[[int], bytes]] = []
        lines = []
        for passed in batch:
            try:
                entry, line = self._one(passed)
            except Exception as error:  # noqa: BLE001 - the proxy reports, it never stops on a recording
                self.failed += 1
                why = f"{type(error).__name__}: {error}"
                line = f"{passed.method} {passed.path} {passed.status}: not recorded ({why})"
            else:
                entries.append(entry)
            lines.append(line)
        try:
            self.files.write(entries)
        except OSError as error:
            self.failed += len(entries)
            lines.append(f"proxy: {len(entries)} exchanges not written to {self.files.current}: {error}")
        with contextlib.suppress(OSError):  # the terminal is gone (a closed pipe): the recording goes on
            self.echo("\n".join(lines), flush=True)

    def _one(self, passed: Passed) -> tuple[Callable[[int], bytes], str]:
        """The exchange's HAR entry (built when written) and its line; its observations folded."""
        request_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in passed.request_headers]
        answer_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in passed.answer_headers]
        answer = {k.lower(): v for k, v in answer_headers}
        body, known = content(passed.answer_body, answer.get("content-encoding", ""))
        url = self.upstream + passed.target
        request_body = passed.request_body

        def entry(cap: int) -> bytes:
            return har.encoded(
                har.entry(
                    passed.method, url, request_headers, request_body, passed.status, answer_headers, body,
                    passed.started, passed.milliseconds, self.secret, len(passed.answer_body), cap,
                )
            )  # fmt: skip

        path, _, query = passed.target.partition("?")
        keyed = any(k == self.key and v for k, v in request_headers)
        situation = self.evaluator.situation(passed.method, path, query, request_body, keyed, passed.status)
        exchange = Exchange(
            method=passed.method,
            url=url,
            path=path,
            situation=situation,
            request_headers={k: ("$API_KEY" if k == self.key else v) for k, v in request_headers},
            request_body=request_body or None,
            status=passed.status,
            content_type=answer.get("content-type", ""),
            body=body,
        )
        refuted = refutations(self.evaluator.add(exchange, known))
        line = f"{passed.method} {passed.path} {passed.status} {passed.milliseconds:.0f} ms"
        return entry, line + (f"  refuted: {'; '.join(refuted)}" if refuted else "")
