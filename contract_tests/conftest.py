"""The suite's entry point: the target and the run built once, the seed, the probe plan before generation,
and the run's end (contract_tests/finish.py)."""

from __future__ import annotations

import os
import random
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings

from contract_tests import finish, probes, run
from contract_tests import hooks as _hooks  # noqa: F401 - its schemathesis hooks register on import
from contract_tests.preflight import CannotTest, check_key
from contract_tests.target import Target, TargetError, is_loopback
from contract_tests.transport import GuardedTransport, guard_every_session
from contract_tests.watch import Watch, WatchError

PROFILES: dict[str, dict[str, Any]] = {
    "dev": {"max_examples": 100},
    "ci": {"max_examples": 100, "derandomize": True},
    # Against a real server every request costs time (and is rate limited): fewer, still meaningful.
    "live": {"max_examples": 25, "derandomize": True},
    # The broken-mock tests only need the suite to notice: small and fast.
    "teeth": {"max_examples": 15, "derandomize": True},
}


def default_profile(target: Target) -> str:
    # A real, rate-limited server gets the smaller live profile unless one is chosen.
    if target.live and not is_loopback(target.base_url):
        return "live"
    return "ci" if os.environ.get("CI") else "dev"


def choose_seed(config: pytest.Config, profile: dict[str, Any]) -> int | None:
    """The run's seed: --hypothesis-seed, else SEED, else one drawn here (and recorded) unless the
    profile is derandomized (then every run draws the same examples without one)."""
    given = config.getoption("hypothesis_seed", None) or os.environ.get("SEED", "").strip()
    if given:
        if not str(given).isdigit():
            raise pytest.UsageError(f"contract run not started: SEED is a whole number, not {given!r}")
        return int(given)
    return None if profile.get("derandomize") else random.SystemRandom().randrange(2**32)


@pytest.hookimpl(tryfirst=True)  # before Hypothesis' own plugin reads --hypothesis-seed
def pytest_configure(config: pytest.Config) -> None:
    try:
        target = Target.from_env()
    except TargetError as error:
        raise pytest.UsageError(f"contract run not started: {error}") from None
    name = os.environ.get("HYPOTHESIS_PROFILE") or default_profile(target)
    if name not in PROFILES:
        raise pytest.UsageError(
            f"contract run not started: HYPOTHESIS_PROFILE is one of {', '.join(PROFILES)}"
        )
    seed = choose_seed(config, PROFILES[name])
    for profile, options in PROFILES.items():
        settings.register_profile(
            profile, deadline=None, suppress_health_check=list(HealthCheck), print_blob=False, **options
        )
    if seed is not None:
        # A seed decides the examples, so the profile must not fix them itself.
        settings.register_profile("seeded", settings.get_profile(name), derandomize=False)
        config.option.hypothesis_seed = seed
    settings.load_profile("seeded" if seed is not None else name)
    current = run.begin(target, name, seed)
    current.config = config
    try:
        # The baseline and the history (contract_tests/watch.py): a bad one stops the run before it sends.
        current.watch = Watch.start(target)
    except WatchError as error:
        raise pytest.UsageError(f"contract run not started: {error}") from None
    try:
        if target.live:
            check_key(target)
            if target.resolve is not None:
                target.resolve.install()
            guard_every_session(target)
        with plan_client(target) as client:
            current.plan_run = probes.run(target, current.plan, client, current.observe)
    except CannotTest as error:
        # One sentence, before any per-operation noise: nothing could be tested.
        raise pytest.UsageError(f"contract run against {target.base_url} not started: {error}") from None


def plan_client(target: Target) -> httpx.Client:
    """The probes' client: the guarded transport against a live server, the app itself in-process."""
    if target.live:
        return httpx.Client(transport=GuardedTransport(target), timeout=15)
    from starlette.testclient import TestClient

    app = target.app  # built now: in-process, its development key is the run's key
    return TestClient(app, base_url=target.base_url, raise_server_exceptions=False)


def redact_report(report_: pytest.TestReport) -> None:
    """A failure can quote what the server sent back, and a server may echo the key."""
    redact = run.current().target.redactor
    if not redact:
        return
    if report_.longrepr is not None and redact.found_in(str(report_.longrepr)):
        report_.longrepr = redact(str(report_.longrepr))
    report_.sections = [(title, redact(text)) for title, text in report_.sections]


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node: Any, call: Any, report: pytest.TestReport) -> None:
    # schemathesis rewrites a failure's text here, after it was logged: scrub it again.
    redact_report(report)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Before anything prints the report or writes it to the JUnit file.
    redact_report(report)
    if report.failed:
        finish.note_failure(run.current(), report)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    finish.write_reports(session, run.current())


def pytest_unconfigure(config: pytest.Config) -> None:
    current = run.active()
    if current is not None:  # else the run never started: nothing was written
        finish.close(config, current)
