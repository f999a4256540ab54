"""Every error body the mock answers, built here and only here, in the shapes the spec documents.

401  {"message": ...}                       the vendor's body, exactly
422  {"code": 422, "message", "errors"}      the vendor's validation body (field -> messages)
4xx  {"code", "message", "reason"}          404, 409, 413 and 503 (inferred: ApiError)
500  {"code": 500, "message"}               a crash of the mock itself, never by design
"""

from __future__ import annotations

from typing import Any

INVALID = "The given data was invalid."
UNAUTHORIZED: dict[str, Any] = {"message": "Invalid token or unauthorized admin"}
CRASH: dict[str, Any] = {"code": 500, "message": "The mock failed unexpectedly; see its log."}


def validation_failed(errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"code": 422, "message": INVALID, "errors": errors}


def api_error(status: int, reason: str, message: str) -> dict[str, Any]:
    return {"code": status, "message": message, "reason": reason}


def http_error(status: int, message: str) -> dict[str, Any]:
    """An unknown path, a wrong method: the envelope's code and message (no reason: not the API's)."""
    return {"code": status, "message": message}
