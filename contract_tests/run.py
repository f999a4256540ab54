"""One contract run's state: its target, seed, plan, verdicts, the checks schemathesis ran, its progress.

Built once by the suite's entry point (`conftest.py`, in `pytest_configure`) and read by the hooks
and the test modules through `current()`; nothing is built at import. Progress goes to the terminal
past pytest's capture, every few seconds of a live run: requests sent, budget left, and each wait
for the server's rate limit.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from contract.model import Exchange, Situation
from contract.plan import Plan
from contract.report import Report
from contract.rules import Context
from contract.verdicts import Verdicts
from contract_tests.probes import PlanRun
from contract_tests.results import Results
from contract_tests.target import Target
from contract_tests.transport import Throttled, caller
from contract_tests.watch import Watch

PROGRESS_EVERY = 5.0  # seconds between progress lines against a live server


@dataclass
class Run:
    target: Target
    verdicts: Verdicts
    plan: Plan
    profile: str = "dev"
    seed: int | None = None
    results: Results = field(default_factory=Results)
    started: float = field(default_factory=time.monotonic)
    config: Any = None  # pytest's config: its terminal reporter and capture manager, for progress lines
    plan_run: PlanRun = field(default_factory=PlanRun)
    responses: int = 0
    throttled: int = 0  # answers waited out (429s)
    failed_tests: int = 0
    report: Report | None = None  # written at the session's end
    exit_status: int = 0
    watch: Watch | None = None  # a live run's baseline and history (contract_tests/watch.py)
    _last_progress: float = field(default_factory=time.monotonic)  # the first line after PROGRESS_EVERY

    @classmethod
    def start(cls, target: Target, profile: str = "dev", seed: int | None = None) -> Run:
        context = Context(target.index)
        plan = Plan.build(context, target.customer_code)
        return cls(target, Verdicts(context), plan, profile=profile, seed=seed)

    def observe(self, exchange: Exchange) -> None:
        self.verdicts.add(exchange)
        self.progress(exchange.label)

    def on_throttled(self, answer: Throttled) -> None:
        """An answer the transport waited out: the rate limit's evidence, and nothing else's."""
        self.throttled += 1
        target = self.target
        path = urlsplit(answer.url).path
        relative = path[len(target.policy.base) :] if path.startswith(target.policy.base) else path
        shell = target.redactor.for_shell
        keyed = caller(target, answer.request_headers) == "key"
        self.verdicts.add(
            Exchange(
                method=answer.method.upper(),
                url=shell(answer.url),
                path=relative or "/",
                situation=Situation.VALID if keyed else Situation.NO_KEY,
                request_headers={k: shell(str(v)) for k, v in answer.request_headers.items()},
                request_body=answer.request_body,
                status=answer.status,
                content_type=next((v for k, v in answer.headers.items() if k.lower() == "content-type"), ""),
                body=answer.body,
                response_headers=dict(answer.headers),
            )
        )

    def budget_words(self) -> str:
        target = self.target
        sent = f"{target.requests_sent} requests sent"
        if target.max_requests is None:
            return sent
        left = max(0, target.max_requests - target.requests_sent)
        return f"{sent}, {left} left of MAX_REQUESTS={target.max_requests}"

    def say(self, line: str) -> None:
        """A line on the terminal now, not when pytest stops capturing the test that prints it (before
        the terminal reporter exists, while the plan runs, on standard output)."""
        if self.config is None:
            return
        plugins = self.config.pluginmanager
        terminal, capture = plugins.getplugin("terminalreporter"), plugins.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            if terminal is not None:
                terminal.write_line(line)
            else:
                print(line, file=sys.stdout, flush=True)

    def progress(self, label: str) -> None:
        """One line every few seconds against a live server: what was sent, what is left."""
        self.responses += 1
        now = time.monotonic()
        if not self.target.live or now - self._last_progress < PROGRESS_EVERY:
            return
        self._last_progress = now
        self.say(f"contract: {self.budget_words()}; {self.responses} answers checked (last: {label})")

    def waiting(self, seconds: float, why: str) -> None:
        self._last_progress = time.monotonic()
        self.say(f"contract: waiting {seconds:.0f} s for {why}; {self.budget_words()}")


_CURRENT: list[Run] = []


def begin(target: Target, profile: str = "dev", seed: int | None = None) -> Run:
    _CURRENT[:] = [Run.start(target, profile, seed)]
    run = _CURRENT[0]
    target.on_throttled = run.on_throttled
    target.pacer.announce = run.waiting
    return run


def active() -> Run | None:
    return _CURRENT[0] if _CURRENT else None


def current() -> Run:
    if not _CURRENT:
        raise RuntimeError("the contract run has not started: run the suite through pytest (make contract)")
    return _CURRENT[0]
