"""One contract run's state: its target, its verdicts, the checks schemathesis ran, its progress.

Built once by the suite's entry point (`conftest.py`, in `pytest_configure`) and read by the hooks
and the test modules through `current()`; nothing is built at import.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from contract.model import Exchange
from contract.rules import Context
from contract.verdicts import Verdicts
from contract_tests.results import Results
from contract_tests.target import Target

PROGRESS_EVERY = 5.0  # seconds between progress lines against a live server


@dataclass
class Run:
    target: Target
    verdicts: Verdicts
    results: Results = field(default_factory=Results)
    started: float = field(default_factory=time.monotonic)
    terminal: Any = None  # pytest's terminal reporter, for progress lines
    responses: int = 0
    _last_progress: float = 0.0

    @classmethod
    def start(cls, target: Target) -> Run:
        return cls(target, Verdicts(Context(target.index)))

    def observe(self, exchange: Exchange) -> None:
        self.verdicts.add(exchange)

    def progress(self, label: str) -> None:
        """One line every few seconds against a live server: what was checked, what was sent."""
        self.responses += 1
        now = time.monotonic()
        if not self.target.live or self.terminal is None or now - self._last_progress < PROGRESS_EVERY:
            return
        self._last_progress = now
        self.terminal.write_line(
            f"contract: {label}: {self.responses} responses checked, "
            f"{self.target.requests_sent} requests sent so far"
        )


_CURRENT: list[Run] = []


def begin(target: Target) -> Run:
    _CURRENT[:] = [Run.start(target)]
    return _CURRENT[0]


def active() -> Run | None:
    return _CURRENT[0] if _CURRENT else None


def current() -> Run:
    if not _CURRENT:
        raise RuntimeError("the contract run has not started: run the suite through pytest (make contract)")
    return _CURRENT[0]
