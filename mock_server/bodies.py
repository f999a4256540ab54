"""Every body the mock builds, here and only here, in the shapes the spec documents, under its statuses.

success  {"code": <status>, "content": ...}       the documented envelope
invalid  {"code": <status>, "message", "errors"}  the vendor's validation body (field -> messages)
refused  {"code": <status>, "message", "reason"}  a business rule, the body limit, a forced failure (ApiError)
401      the spec's own example of the unauthorized answer (answers.py reads it)
404/405  {"code", "message"}                      an unknown path or method (not the API's: no reason)
500      {"code": 500, "message"}                 a crash of the mock itself, never by design

Which status each carries, and the type of each field, are asked of the spec (answers.py).
"""

from __future__ import annotations

from typing import Any

INVALID = "The given data was invalid."
CRASH: dict[str, Any] = {"code": 500, "message": "The mock failed unexpectedly; see its log."}


def envelope(status: int, content: Any) -> dict[str, Any]:
    return {"code": status, "content": content}


def validation_failed(status: int, errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"code": status, "message": INVALID, "errors": errors}


def api_error(status: int, reason: str, message: str) -> dict[str, Any]:
    return {"code": status, "message": message, "reason": reason}


def http_error(status: int, message: str) -> dict[str, Any]:
    """An unknown path, a wrong method: the envelope's code and message (no reason: not the API's)."""
    return {"code": status, "message": message}
