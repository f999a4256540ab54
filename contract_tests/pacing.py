"""How fast the suite sends to a live server: RATE_LIMIT (the user's cap), and what the server's own
rate-limit headers say.

Every request first waits its turn under RATE_LIMIT (requests per second; none on this machine). The
server's answers are then read: `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Laravel's throttle,
most gateways) and `Retry-After` (RFC 9110: seconds, or a date). When a window has nothing left and
its end is known, the next request waits for that end instead of provoking a 429. A 429 (or a 503
that says when to come back) is waited out and the request is sent again (`after` says how long);
the 429's wait shows where its window ends, so the window's length is learned and later windows end
without one. Windows are kept per caller: the key, and anyone without it (Laravel limits a signed-in
user and an IP apart).
"""

from __future__ import annotations

import email.utils
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_WAIT = 300.0  # seconds: a server that asks for longer ends the run's sending
CHUNK = 5.0  # seconds: a long wait is announced again this often
FIRST_BACKOFF = 1.0  # seconds, doubled per attempt, when a 429 says nothing of when to come back
EPOCH = 1e9  # an X-RateLimit-Reset above this is a Unix time, below it a number of seconds

Announce = Callable[[float, str], None]  # (seconds left to wait, why)


@dataclass
class Window:
    limit: int | None = None
    remaining: int | None = None
    ends: float | None = None  # when it ends (the pacer's clock), when known
    opened: float | None = None  # when its first request was answered
    length: float | None = None  # learned from a 429's wait


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((str(v) for k, v in headers.items() if k.lower() == wanted), None)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


class Pacer:
    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.clock, self.wall, self.sleep = clock, wall, sleep
        self.windows: dict[str, Window] = {}
        self.announce: Announce = lambda seconds, why: None
        self.waited = 0.0  # seconds spent waiting for the server's limit
        self._next = 0.0
        self._lock = threading.Lock()

    def before(self, caller: str) -> None:
        """Wait for RATE_LIMIT's turn, then for the end of the caller's window when it has nothing left."""
        with self._lock:
            now = self.clock()
            delay = self._next - now
            self._next = max(now, self._next) + self.interval
            window = self.windows.get(caller)
            ends = window.ends if window is not None and window.remaining == 0 else None
        if delay > 0:
            self.sleep(delay)
        if ends is not None and ends > self.clock():
            self.wait(ends - self.clock(), "the server's rate limit: nothing left in this window")

    def after(self, caller: str, status: int, headers: Mapping[str, str], attempt: int) -> float | None:
        """Read the answer's rate-limit headers; the seconds to wait before sending the same request again
        (None: the answer stands)."""
        now = self.clock()
        remaining = _number(_header(headers, "X-RateLimit-Remaining"))
        limit = _number(_header(headers, "X-RateLimit-Limit"))
        with self._lock:
            window = self.windows.setdefault(caller, Window())
            if limit is not None:
                window.limit = int(limit)
            if remaining is not None:
                if window.limit is not None and remaining == window.limit - 1:
                    window.opened = now  # the first request of a new window
                    window.ends = now + window.length if window.length else None
                window.remaining = int(remaining)
            reset = self.reset_in(headers)
            if reset is not None:
                window.ends = now + reset
            told = self.retry_after(headers)
            throttled = status == 429 or (status == 503 and (told is not None or reset is not None))
            if not throttled:
                return None
            wait = told if told is not None else reset
            if wait is None:
                wait = FIRST_BACKOFF * 2 ** (attempt - 1)
            window.remaining, window.ends = 0, now + wait
            if window.opened is not None:
                window.length = window.ends - window.opened
            return max(wait, 0.0)

    def reset_in(self, headers: Mapping[str, str]) -> float | None:
        reset = _number(_header(headers, "X-RateLimit-Reset"))
        if reset is None:
            return None
        return max(0.0, reset - self.wall()) if reset > EPOCH else reset

    def retry_after(self, headers: Mapping[str, str]) -> float | None:
        text = _header(headers, "Retry-After")
        if text is None:
            return None
        seconds = _number(text)
        if seconds is not None:
            return max(0.0, seconds)
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - self.wall())

    def wait(self, seconds: float, why: str) -> None:
        """Sleep `seconds`, saying so at the start and every CHUNK seconds."""
        left = seconds
        while left > 0:
            self.announce(math.ceil(left), why)
            step = min(CHUNK, left)
            self.sleep(step)
            left -= step
        self.waited += seconds
