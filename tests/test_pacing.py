"""The server's rate limit honoured where requests leave (contract_tests/pacing.py, transport.py): a 429 is
waited out and the same request sent again, the window's length is learned so later windows end without one, a
write is sent again only after a 429, and a wait longer than the run allows stops the sending."""

from __future__ import annotations

import email.utils
from collections.abc import Callable

import httpx
import pytest

from contract_tests.pacing import Pacer
from contract_tests.target import BudgetSpent, Target
from contract_tests.transport import GuardedTransport, Throttled

REAL = "https://api.example.test/customerarea"
KEY = "pacing-secret-4d2e"
EPOCH = 1_800_000_000.0


class Clock:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def wall(self) -> float:
        return EPOCH + self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def pacer(clock: Clock, per_second: float = 0) -> Pacer:
    return Pacer(per_second, clock=clock, wall=clock.wall, sleep=clock.sleep)


def headers(remaining: int, limit: int = 3, **more: str) -> dict[str, str]:
    return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining), **more}


def test_retry_after_in_seconds_or_as_a_date_and_a_unix_reset_are_all_read() -> None:
    clock = Clock()
    pace = pacer(clock)
    assert pace.after("key", 429, {"Retry-After": "7"}, 1) == 7
    date = email.utils.formatdate(EPOCH + 12, usegmt=True)
    assert pace.after("key", 429, {"Retry-After": date}, 1) == pytest.approx(12)
    assert pace.after("key", 429, {"X-RateLimit-Reset": str(int(EPOCH + 30))}, 1) == pytest.approx(30)
    assert pace.after("key", 429, {}, 3) == 4  # nothing said: 1 s, doubled per attempt
    assert pace.after("key", 200, headers(2), 1) is None


def test_a_window_learned_from_one_429_ends_the_next_without_one() -> None:
    clock = Clock()
    pace = pacer(clock)
    for remaining in (2, 1, 0):  # the first window: three requests, then nothing left
        pace.before("key")
        assert pace.after("key", 200, headers(remaining), 1) is None
        clock.now += 1
    pace.before("key")  # its end is not known yet: the request goes, and meets the one 429
    assert pace.after("key", 429, headers(0, **{"Retry-After": "7"}), 1) == 7
    clock.sleep(7)
    for remaining in (2, 1, 0):  # the second window opens with the request sent again
        pace.before("key")
        pace.after("key", 200, headers(remaining), 1)
        clock.now += 1
    waited_before = len(clock.slept)
    pace.before("key")  # nothing left, and the window's length (10 s from its first answer) is known
    assert sum(clock.slept[waited_before:]) == pytest.approx(7)
    assert pace.after("key", 200, headers(2), 1) is None


def test_the_key_and_anyone_without_it_have_windows_of_their_own() -> None:
    clock = Clock()
    pace = pacer(clock)
    pace.after("anonymous", 200, headers(0, **{"X-RateLimit-Reset": str(int(EPOCH + 50))}), 1)
    pace.before("key")
    assert clock.slept == []
    pace.before("anonymous")
    assert clock.slept == [pytest.approx(5)] * 10  # announced every 5 s of the 50


def target(**env: str) -> Target:
    return Target.from_env({"BASE_URL": REAL, "API_KEY": KEY, "RATE_LIMIT": "1000", **env})


def scripted(
    *answers: tuple[int, dict[str, str]],
) -> tuple[Callable[[httpx.Request], httpx.Response], list[str]]:
    """A server that answers in turn, and the requests that reached it."""
    reached: list[str] = []
    queue = list(answers)

    def answer(request: httpx.Request) -> httpx.Response:
        reached.append(f"{request.method} {request.url.path}")
        status, given = queue.pop(0) if queue else (200, {})
        return httpx.Response(
            status, headers=given, json={"message": "Too Many Attempts."} if status == 429 else {}
        )

    return answer, reached


def client_for(guard: Target, answer: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    clock = Clock()
    guard.pacer.clock, guard.pacer.wall, guard.pacer.sleep = clock, clock.wall, clock.sleep
    return httpx.Client(transport=GuardedTransport(guard, httpx.MockTransport(answer)))


def test_a_429_is_waited_out_the_request_sent_again_and_the_run_told_of_it() -> None:
    guard = target()
    told: list[Throttled] = []
    guard.on_throttled = told.append
    answer, reached = scripted((429, {"Retry-After": "3"}), (200, {}))
    response = client_for(guard, answer).get(REAL + "/licenses/available", headers={"X-API-KEY": KEY})
    assert response.status_code == 200 and len(reached) == 2 and guard.requests_sent == 2
    assert [t.status for t in told] == [429] and guard.pacer.waited == 3
    assert told[0].body == b'{"message":"Too Many Attempts."}'


def test_a_write_is_sent_again_after_a_429_only_and_never_after_a_503() -> None:
    answer, reached = scripted((503, {"Retry-After": "3"}), (200, {}))
    response = client_for(target(), answer).post(REAL + "/licenses/demo", json={})
    assert response.status_code == 503 and len(reached) == 1  # it may have been done: not again
    answer, reached = scripted((429, {"Retry-After": "3"}), (200, {}))
    assert client_for(target(), answer).post(REAL + "/licenses/demo", json={}).status_code == 200
    assert len(reached) == 2


def test_a_wait_longer_than_the_run_allows_stops_the_sending_in_one_sentence() -> None:
    answer, reached = scripted((429, {"Retry-After": "3600"}))
    with pytest.raises(BudgetSpent, match="the server asked to wait 3600 s"):
        client_for(target(), answer).get(REAL + "/directory/currencies")
    assert len(reached) == 1


def test_a_request_the_budget_refuses_waits_for_nothing() -> None:
    guard = target(MAX_REQUESTS="1", RATE_LIMIT="0.001")  # one request per 1000 s
    answer, reached = scripted()
    slept: list[float] = []
    client = client_for(guard, answer)
    guard.pacer.sleep = slept.append  # RATE_LIMIT's turn would be a sleep of 1000 s
    client.get(REAL + "/directory/currencies")
    with pytest.raises(BudgetSpent, match="MAX_REQUESTS=1"):
        client.get(REAL + "/directory/currencies")
    assert slept == [] and len(reached) == 1
