"""What can go wrong, as values and as exceptions (custom template: client_templates/errors.py.jinja).

Every answer of the server is one of the documented models or an `UnexpectedAnswer` (an
undocumented status, a body that is not the documented model, or a refusal inside a success's
envelope), so `sync()` never raises `KeyError` from inside a model and never returns a refusal as
a success. The `*_or_raise` functions raise instead: one exception per situation, each a subclass
of `ApiException` carrying the status, the raw body and the headers.
"""

import datetime
import enum
import functools
import json
import sys
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from .types import RateLimit

BASE_PATH = "/customerarea"
"""The path every operation is under (the spec's first server's); a base URL must end in it."""


class ApiException(Exception):
    """An answer other than the documented success."""

    def __init__(self, status_code: int, content: bytes, headers: Mapping[str, str], message: str) -> None:
        self.status_code = int(status_code)
        self.content = content
        self.headers = httpx.Headers(headers)
        self.message = message
        super().__init__(f"{self.status_code}: {message}")

    @property
    def body(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.content)
        except ValueError:
            return None

    @property
    def envelope_code(self) -> int | None:
        """The body's own `code` (`{"code": 404, ...}`), None when it has none: it may differ from
        `status_code`, as in a refusal sent inside a 200 (`{"code": 404, "content": []}`)."""
        return _envelope_code(self.body)

    @property
    def rate_limit(self) -> RateLimit:
        """The rate limit the answer's headers tell (X-RateLimit-*, Retry-After)."""
        return RateLimit.from_headers(self.headers)


class _Refusal(ApiException):
    @property
    def reason(self) -> str | None:
        """The `reason` of the body (the mock always sends one; the real API may not)."""
        body = self.body
        reason = body.get("reason") if isinstance(body, dict) else None
        return reason if isinstance(reason, str) else None


class Unauthorized(ApiException):
    """401: the key is missing or wrong."""


class NotFound(_Refusal):
    """404: the customer, license, license code or currency does not exist for this key."""


class Conflict(_Refusal):
    """409: a business rule refused it (demo limit, credit, the license's status); nothing changed."""


class PayloadTooLarge(_Refusal):
    """413: the body is over the size limit."""


class ValidationFailed(ApiException):
    """422: the request is not valid; `errors` maps each field to its messages."""

    @property
    def errors(self) -> dict[str, list[str]]:
        body = self.body
        found = body.get("errors") if isinstance(body, dict) else None
        if not isinstance(found, dict):
            return {}
        return {str(k): [str(m) for m in v] if isinstance(v, list) else [str(v)] for k, v in found.items()}


class ServiceUnavailable(_Refusal):
    """503: down for now; `retry_after` is the seconds it asks to wait (None: not said)."""

    @property
    def retry_after(self) -> float | None:
        return self.rate_limit.wait_seconds


class UnexpectedAnswer(ApiException):
    """An answer the spec does not document: another status, a body that is not the documented
    model, or a refusal inside a success's envelope. `problem` says which; it is returned by `sync()`
    as a value and raised by `sync_or_raise()` (a refusal as the exception of its envelope's code)."""

    def __init__(
        self, status_code: int, content: bytes, headers: Mapping[str, str] | None = None, problem: str = ""
    ) -> None:
        self.problem = problem or f"status {int(status_code)} is not documented for this operation"
        super().__init__(status_code, content, headers or {}, self.problem)

    @classmethod
    def from_response(cls, response: httpx.Response, error: Exception | None = None) -> "UnexpectedAnswer":
        """The answer as a value: a RateLimited for a 429; a 404 says which base URL it expected."""
        status = response.status_code
        problem = "" if error is None else f"the body is not the documented one ({type(error).__name__}: {error})"
        if status == 404:
            # Not the API's own 404: most likely no route at all, because the base URL lacks its path.
            problem = (
                f"{problem or 'status 404 is not documented for this operation'}: is the base URL right? "
                f"it should end in {BASE_PATH}{_requested(response)}"
            )
        kind = RateLimited if status == 429 else UnexpectedAnswer
        return kind(status, response.content, response.headers, problem)


class RateLimited(UnexpectedAnswer):
    """429: too many requests for the server's rate limit; nothing was done. `retry_after` is the
    seconds it asks to wait (Retry-After, else X-RateLimit-Reset; None: not said). Reads are retried
    after it by themselves (`Retries`); a write never is. The spec documents no 429 (the vendor says
    nothing of a limit), so it is a kind of UnexpectedAnswer: `sync()` returns it, `sync_or_raise()`
    raises it."""

    @property
    def retry_after(self) -> float | None:
        return self.rate_limit.wait_seconds


class UnexpectedStatus(UnexpectedAnswer):
    """Raised by `sync()` for an undocumented status when Client.raise_on_unexpected_status is True."""


def _requested(response: httpx.Response) -> str:
    try:
        return f" (the request went to {response.request.url.copy_with(query=None)})"
    except RuntimeError:  # a response built by hand has no request
        return ""


def _envelope_code(body: object) -> int | None:
    code = body.get("code") if isinstance(body, dict) else None
    if isinstance(code, str) and code.isdigit():
        return int(code)
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def _success(status: int) -> bool:
    return 200 <= status < 300


def refused_in_envelope(response: httpx.Response, content_is_object: bool) -> UnexpectedAnswer | None:
    """A success status whose body is not a success: its envelope's `code` is an error
    (`{"code": 404, "content": []}` under HTTP 200, as the vendor's pages show), or its `content`
    is empty (PHP's `[]`) where the spec promises an object. None for anything else."""
    if not _success(response.status_code):
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    code = _envelope_code(body)
    status = response.status_code
    if code is not None and not _success(code):
        message = body.get("message")
        said = f": {message}" if isinstance(message, str) and message else ""
        problem = f"HTTP {status} carries a refusal: the envelope's code is {code}{said}"
    elif content_is_object and isinstance(body, dict) and body.get("content") == []:
        problem = f"HTTP {status} (code {code}) has an empty content ([]) where the spec promises an object"
    else:
        return None
    return UnexpectedAnswer(status, response.content, response.headers, problem)


@functools.cache
def _hints(model: type) -> dict[str, Any]:
    from . import models  # the models import nothing of this module: no cycle

    namespace = {**vars(sys.modules[model.__module__]), **vars(models), "datetime": datetime}
    return typing.get_type_hints(model, globalns=namespace)


def _kind(expected: Any) -> str:
    return getattr(expected, "__name__", None) or str(expected).replace("typing.", "")


def mismatch(value: object, expected: Any = None, where: str = "body") -> str | None:
    """Where a parsed value is not of the type its model declares (from_dict takes scalars as they
    come), said in words: `content[0].license_amount is '5', not float`; None when it conforms."""
    from .types import Unset

    expected = type(value) if expected is None else expected
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        arms = typing.get_args(expected)
        if any(mismatch(value, arm, where) is None for arm in arms):
            return None
        return f"{where} is {value!r}, not {' or '.join(_kind(a) for a in arms if a is not Unset)}"
    if origin is list:
        if not isinstance(value, list):
            return f"{where} is {value!r}, not a list"
        (item,) = typing.get_args(expected) or (Any,)
        return next((m for i, v in enumerate(value) if (m := mismatch(v, item, f"{where}[{i}]"))), None)
    if expected is Any or origin is dict:
        return None
    if expected is type(None):
        return None if value is None else f"{where} is {value!r}, not null"
    if expected is bool:
        ok = isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif expected is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif isinstance(expected, type) and attrs.has(expected):
        if not isinstance(value, expected):
            return f"{where} is {value!r}, not {expected.__name__}"
        hints = _hints(expected)
        for name in (f.name for f in attrs.fields(expected) if f.name != "additional_properties"):
            found = mismatch(getattr(value, name), hints.get(name, Any), f"{where}.{name}".removeprefix("body."))
            if found:
                return found
        return None
    elif isinstance(expected, type) and issubclass(expected, Unset | enum.Enum | datetime.date | str):
        ok = isinstance(value, expected)
    else:
        return None  # a type this check does not know: from_dict's word stands
    return None if ok else f"{where} is {value!r}, not {_kind(expected)}"


# What a body that is not the documented model raises inside a model's from_dict.
MISMATCH = (KeyError, TypeError, ValueError, AttributeError)

# The exception of each documented error status, and of a 429; tests/test_client_surprises.py
# checks that every status the spec documents is here, so a new one cannot be forgotten.
STATUS_EXCEPTIONS: dict[int, type[ApiException]] = {
    401: Unauthorized,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    422: ValidationFailed,
    429: RateLimited,
    503: ServiceUnavailable,
}


def error_for(status_code: int, content: bytes, headers: Mapping[str, str], parsed: object) -> ApiException:
    """The exception for an answer that is not the documented success; a refusal inside a
    success's envelope is the exception of the envelope's code (its status_code stays the HTTP one)."""
    if isinstance(parsed, UnexpectedAnswer) and _success(int(status_code)):
        refusal = STATUS_EXCEPTIONS.get(parsed.envelope_code or 0)
        if refusal is not None:
            return refusal(status_code, content, headers, parsed.problem)
    if isinstance(parsed, ApiException):
        return parsed
    kind = STATUS_EXCEPTIONS.get(int(status_code))
    if kind is None:
        return UnexpectedAnswer(status_code, content, headers, f"status {int(status_code)} is not an error we know")
    message = getattr(parsed, "message", None)
    return kind(status_code, content, headers, message if isinstance(message, str) else "")


__all__ = [
    "ApiException",
    "Conflict",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "ServiceUnavailable",
    "STATUS_EXCEPTIONS",
    "Unauthorized",
    "UnexpectedAnswer",
    "UnexpectedStatus",
    "ValidationFailed",
    "error_for",
    "mismatch",
    "refused_in_envelope",
]
