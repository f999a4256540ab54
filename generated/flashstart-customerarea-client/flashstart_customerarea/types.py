"""Contains some shared types for properties (custom template: client_templates/types.py.jinja)"""

import datetime as dt
import email.utils
import time
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    """The value of an optional field the server did not send (or a caller did not give)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) in seconds from now; None if absent or unreadable."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    moment = _http_date(value)
    return None if moment is None else max(0.0, moment - time.time())


def _http_date(value: str | None) -> float | None:
    """An HTTP date (`Wed, 02 Dec 2026 12:00:00 GMT`) as a POSIX timestamp; None if absent or unreadable."""
    try:
        when = email.utils.parsedate_to_datetime(value or "")
    except (TypeError, ValueError, IndexError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).timestamp()


def _integer(value: str | None) -> int | None:
    try:
        return None if value is None else int(value.strip())
    except ValueError:
        return None


# X-RateLimit-Reset is a POSIX timestamp (Laravel, GitHub) or, from some gateways, seconds from now.
_TIMESTAMP_FROM = 1_000_000_000


@define(frozen=True)
class RateLimit:
    """The server's rate limit, as an answer's headers tell it (Laravel's throttle sends them).

    `limit` (X-RateLimit-Limit) requests per window, `remaining` (X-RateLimit-Remaining) in this one;
    `reset` (X-RateLimit-Reset) when the window ends, on this machine's clock (read against the
    answer's `Date`, so a server whose clock is off does not mislead it); `retry_after`
    (Retry-After) the seconds it asks to wait. None where a header is absent or unreadable.
    """

    limit: int | None = None
    remaining: int | None = None
    reset: dt.datetime | None = None
    retry_after: float | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> "RateLimit":
        headers = {name.lower(): value for name, value in headers.items()}
        until_reset: float | None = _integer(headers.get("x-ratelimit-reset"))
        if until_reset is not None and until_reset >= _TIMESTAMP_FROM:
            # A timestamp on the server's clock: the seconds from its `Date` (else from our now).
            until_reset -= _http_date(headers.get("date")) or time.time()
        return cls(
            limit=_integer(headers.get("x-ratelimit-limit")),
            remaining=_integer(headers.get("x-ratelimit-remaining")),
            reset=None
            if until_reset is None
            else dt.datetime.fromtimestamp(time.time() + max(0.0, until_reset), dt.UTC),
            retry_after=retry_after_seconds(headers.get("retry-after")),
        )

    @property
    def wait_seconds(self) -> float | None:
        """How long to wait before the next request: Retry-After, else until the reset; None if neither is said."""
        if self.retry_after is not None:
            return self.retry_after
        if self.reset is None:
            return None
        return max(0.0, (self.reset - dt.datetime.now(dt.UTC)).total_seconds())


T = TypeVar("T")


def http_status(code: int) -> HTTPStatus | int:
    """The status as an HTTPStatus, or the bare number for one Python does not know (499, 520...)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


@define
class Response(Generic[T]):
    """A response from an endpoint: `parsed` is the documented model, or an errors.UnexpectedAnswer"""

    status_code: HTTPStatus | int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T

    @property
    def rate_limit(self) -> RateLimit:
        """The rate limit this answer's headers tell (X-RateLimit-*, Retry-After)."""
        return RateLimit.from_headers(self.headers)


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RateLimit",
    "RequestFiles",
    "Response",
    "Unset",
    "http_status",
    "retry_after_seconds",
]
