"""The proxy's evaluation beside the forwarding: an exchange equal to an earlier one is counted without
being validated again, with the very findings a plain run gives; the queue is bounded and, full,
counts what it drops and never waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from contract import report
from contract.model import Exchange, Situation
from contract.redact import Redactor
from contract.rules import Context
from contract.spec import SpecIndex
from contract.verdicts import Verdicts
from tests.test_har import offers
from traffic import evaluation
from traffic.evaluation import Evaluator, Memory
from traffic.recorder import Passed, Recorder

INDEX = SpecIndex.load()
CONTEXT = Context(INDEX)


def exchange(body: bytes, status: int = 200, situation: Situation = Situation.VALID) -> Exchange:
    return Exchange(
        "GET", "http://upstream/customerarea/licenses/available?customer_code=1", "/licenses/available",
        situation, {"X-API-KEY": "$API_KEY"}, None, status, "application/json", body,
    )  # fmt: skip


TRAFFIC = [
    exchange(offers(2)),
    exchange(offers(2)),
    exchange(b'{"code": 200, "content": [{"license_code": 5}]}'),
    exchange(offers(3), situation=Situation.INVALID),
    exchange(offers(2), situation=Situation.INVALID),  # equal to the first but for the request's input
    exchange(b"<html>no</html>", status=404, situation=Situation.NO_KEY),
    exchange(b'{"code": 200, "content": [{"license_code": 5}]}'),
    exchange(offers(2)),
]


def document(verdicts: Verdicts) -> dict[str, Any]:
    found = report.Report("t", {}, verdicts.findings(), verdicts.auth_tested_only(), INDEX.key_header)
    return report.document(found, Redactor())


def test_equal_exchanges_are_validated_once_and_counted_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Exchange] = []
    real = evaluation.evaluate

    def counted(context: Context, seen: Exchange) -> Any:
        calls.append(seen)
        return real(context, seen)

    monkeypatch.setattr(evaluation, "evaluate", counted)
    evaluator = Evaluator(Verdicts(CONTEXT))
    for seen in TRAFFIC:
        evaluator.add(seen)
    assert len(calls) == 5 and evaluator.evaluated == len(TRAFFIC)


def test_the_findings_are_those_a_run_without_the_memory_gives() -> None:
    plain, remembered = Verdicts(CONTEXT), Evaluator(Verdicts(CONTEXT))
    for seen in TRAFFIC:
        plain.add(seen)
        remembered.add(seen)
    assert document(remembered.verdicts) == document(plain)


def test_the_memory_is_bounded_in_entries_and_in_weight() -> None:
    memory: Memory[int] = Memory(entries=3, weight=100)
    for key in range(5):
        memory.put(key, key, weight=10)
    assert len(memory) == 3 and memory.get(0) is None and memory.get(4) == 4
    memory.put("heavy", 1, weight=90)
    assert memory.held <= 100 and memory.get("heavy") == 1
    memory.put("too heavy", 1, weight=101)
    assert memory.get("too heavy") is None


class StuckFiles:
    """HAR files whose writes wait until the test lets them go."""

    def __init__(self, folder: Path) -> None:
        self.current, self.go, self.written = folder / "traffic.har", threading.Event(), 0

    def write(self, entries: list[Callable[[int], bytes]]) -> None:
        self.go.wait(30)
        self.written += len([e(1024) for e in entries])

    def close(self) -> None:
        pass


def passed(n: int) -> Passed:
    return Passed(
        "GET", "/customerarea/licenses/available", f"/licenses/available?customer_code={n}",
        [(b"x-api-key", b"k")], b"", 200, [(b"content-type", b"application/json")], offers(2),
        time.time(), 1.0,
    )  # fmt: skip


def test_a_full_queue_counts_what_it_drops_and_never_waits(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("traffic.recorder.MAX_HELD", 3)
    files = StuckFiles(tmp_path)
    lines: list[str] = []
    recorder = Recorder("http://upstream/customerarea", files, Evaluator(Verdicts(CONTEXT)),  # type: ignore[arg-type]
                        echo=lambda text, **_: lines.append(text))  # fmt: skip
    for n in range(10):  # the worker is stuck on the first: a queue that waited would hang here
        recorder.offer(passed(n))
    assert (recorder.offered, recorder.dropped) == (3, 7)
    files.go.set()
    recorder.settle(timeout=30)
    recorder.close()
    assert (
        files.written == 3 and recorder.evaluator.evaluated == 3 and len("\n".join(lines).splitlines()) == 3
    )
