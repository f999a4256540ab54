"""The habits of a Laravel/PHP backend (/work/shared/reference/laravel-habits.md), each a switch: the
options of standins/laravel_server.py (`Habits`), its throttle (`ThrottleMiddleware`) and what the
habits do to a body it answers (`php_body`)."""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract.spec import SpecIndex

INDEX = SpecIndex.load()
# Fields a Laravel model keeps in decimal columns, which PHP hands over as strings ("5.00").
DECIMALS = frozenset(
    {"license_amount", "license_points", "amount_charged", "credit_remaining", "exchange_rate"}
)
# What each listed item is keyed by in the PHP array the controller builds (offers: their row ids).
LIST_KEYS: dict[str, Callable[[int, dict[str, Any]], str | int]] = {
    "license_code": lambda position, _: 3 + 4 * position,
    "currency_code": lambda _, item: str(item["currency_code"]),
    "version_code": lambda _, item: int(item["version_code"]),
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXTRA_FIELDS = {"created_at": "2026-01-15 09:30:00", "updated_at": "2026-01-15 09:30:00", "deleted_at": None}


@dataclass(frozen=True)
class Throttle:
    """Laravel's `throttle:N,M`: `limit` requests per key (or IP) in a window of `seconds`."""

    limit: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Throttle:
        """`10/3`: 10 requests per 3 seconds."""
        try:
            limit, seconds = text.split("/")
            throttle = cls(int(limit), float(seconds))
        except ValueError:
            throttle = cls(0, 0)
        if throttle.limit < 1 or throttle.seconds <= 0:
            raise ValueError(f"--throttle takes REQUESTS/SECONDS, such as 10/3, not {text!r}")
        return throttle


@dataclass(frozen=True)
class Habits:
    """Which habits the server has: every one is off by default (the spec's own answers)."""

    api_key: str
    base_path: str = INDEX.base_path
    customers: frozenset[int] = frozenset({1, 2, 3})
    throttle: Throttle | None = None  # 429 {"message": "Too Many Attempts."}, X-RateLimit-* headers
    envelope_refusals: bool = False  # a not-found is HTTP 200 {"code": 404, "content": []}
    validation_500: bool = False  # the validation body under HTTP 500 with "code": 500, not 422
    exists_rule: bool = False  # an unknown customer, currency, code or id is a validation error
    php_arrays: bool = False  # lists keyed by ids are objects; an empty result is [] where an object is due
    decimal_strings: bool = False  # money and rates as strings: "5.00"
    html_content_type: bool = False  # JSON sent as text/html; charset=UTF-8 (echo json_encode)
    laravel_dates: bool = False  # dates as YYYY-MM-DD HH:MM:SS
    extra_fields: bool = False  # created_at, updated_at, deleted_at on every object answered
    clock: Callable[[], float] = field(default=time.time, compare=False, repr=False)


def php_body(body: dict[str, Any], habits: Habits) -> dict[str, Any]:
    """A success body (`{"code": 200, "content": ...}`) as a Laravel controller would send it."""
    content = body.get("content")
    items = content if isinstance(content, list) else [content] if isinstance(content, dict) else []
    items = [_php_item(item, habits) for item in items]
    if isinstance(content, dict):
        return {**body, "content": items[0]}
    if habits.php_arrays and items:
        keyed_by = next((LIST_KEYS[name] for name in LIST_KEYS if name in items[0]), None)
        keys = [keyed_by(position, item) for position, item in enumerate(items)] if keyed_by else []
        # json_encode writes a list only for the keys 0..n-1 in order; any other keys make an object.
        if keys and keys != list(range(len(items))):
            return {**body, "content": {str(key): item for key, item in zip(keys, items, strict=True)}}
    return {**body, "content": items}


def _php_item(item: dict[str, Any], habits: Habits) -> dict[str, Any]:
    changed = dict(item)
    for name, value in item.items():
        if habits.decimal_strings and name in DECIMALS and isinstance(value, int | float):
            changed[name] = f"{value:.2f}"
        elif habits.laravel_dates and isinstance(value, str) and ISO_DATE.match(value):
            changed[name] = f"{value} 00:00:00"
    return {**changed, **EXTRA_FIELDS} if habits.extra_fields else changed


class ThrottleMiddleware:
    """Laravel's ThrottleRequests with its default limiter (`by($request->user()?->id ?: $request->ip())`):
    a request with the key the server accepts counts in that user's window, any other (no key, a wrong
    one) in its IP's. The first request of a window starts it; past `limit` in it, 429 with Retry-After
    and X-RateLimit-Reset until the window ends. Every answer carries X-RateLimit-Limit and
    X-RateLimit-Remaining. Refusals do not move the window."""

    def __init__(
        self, app: ASGIApp, throttle: Throttle, clock: Callable[[], float], user_key: str | None = None
    ) -> None:
        self.app, self.throttle, self.clock, self.user_key = app, throttle, clock, user_key
        self.windows: dict[str, tuple[int, float]] = {}  # key -> (requests in the window, its end)
        self.lock = threading.Lock()

    def hit(self, key: str) -> tuple[int, float]:
        """The requests the key has left after this one (-1: refused) and the seconds to its window's end."""
        with self.lock:
            now = self.clock()
            count, ends = self.windows.get(key, (0, now + self.throttle.seconds))
            if now >= ends:
                count, ends = 0, now + self.throttle.seconds
            if count < self.throttle.limit:
                self.windows[key] = (count + 1, ends)
            return self.throttle.limit - count - 1, ends - now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        client = scope.get("client") or ("unknown", 0)
        given = headers.get(b"x-api-key", b"").decode("latin-1")
        key = f"user:{given}" if given and given == self.user_key else f"ip:{client[0]}"
        left, wait = self.hit(key)
        limit = str(self.throttle.limit).encode()
        if left < 0:
            refused = JSONResponse(
                {"message": "Too Many Attempts."},
                status_code=429,
                headers={
                    "Retry-After": str(max(1, math.ceil(wait))),
                    "X-RateLimit-Reset": str(math.ceil(self.clock() + wait)),
                    "X-RateLimit-Limit": limit.decode(),
                    "X-RateLimit-Remaining": "0",
                },
            )
            return await refused(scope, receive, send)
        remaining = str(left).encode()

        async def counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-ratelimit-limit", limit), (b"x-ratelimit-remaining", remaining)]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, counted)
