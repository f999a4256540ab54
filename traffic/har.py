"""HAR 1.2 entries: one exchange as HAR has it (credentials redacted, bodies capped and said to be), and
HAR files (ours or a browser's devtools export) read back into the findings engine's exchanges.

A body longer than the cap keeps its first bytes, with `"_truncated": true` and a `comment` saying
how much was cut; a body that is not UTF-8 is kept in base64 (`"encoding": "base64"`). Read back, an
answer whose body is not whole (capped, or left out by a browser) is judged on its status only
(traffic/evaluation.py: on_status_only), and a request whose body was capped is left out: its input
cannot be judged.
"""

from __future__ import annotations

import base64
import binascii
import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson

from contract.model import Exchange
from contract.redact import Redactor
from contract.spec import SpecIndex
from traffic.classify import Inputs

HTTP_CREDENTIALS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
REDACTED = "[redacted]"
BODY_CAP = 256 * 1024
OLD_MARK = "…[truncated]"  # how files of the proxy's first version ended a capped body


def credentials(index: SpecIndex) -> frozenset[str]:
    """The headers whose values never reach a file: HTTP's own, and the spec's API key."""
    return HTTP_CREDENTIALS | {index.key_header.lower()}


def redacted_headers(headers: list[tuple[str, str]], secret: frozenset[str]) -> list[dict[str, str]]:
    return _redacted(tuple(headers), secret)


@functools.lru_cache(maxsize=256)  # the same headers come again and again (within a second: the same Date)
def _redacted(headers: tuple[tuple[str, str], ...], secret: frozenset[str]) -> list[dict[str, str]]:
    return [{"name": k, "value": REDACTED if k.lower() in secret else v} for k, v in headers]


@functools.lru_cache(maxsize=64)
def _redactor(secrets: tuple[str, ...]) -> Redactor:
    return Redactor(*secrets, placeholder=REDACTED)


@functools.lru_cache(maxsize=1024)
def _query(url: str) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)]


@functools.lru_cache(maxsize=4)
def _second(whole: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))


def timestamp(started: float) -> str:
    """ISO 8601 in UTC to the millisecond, as HAR's startedDateTime has it."""
    whole = int(started)
    return f"{_second(whole)}.{int((started - whole) * 1000):03d}Z"


def _utf8(kept: bytes, cut: bool) -> str:
    try:
        return kept.decode("utf-8")
    except UnicodeDecodeError as error:
        if cut and error.start >= len(kept) - 3:  # the cap fell inside a character
            return kept[: error.start].decode("utf-8")
        raise


def body_fields(body: bytes, redact: Redactor, cap: int) -> dict[str, Any]:
    """`text` (and `encoding`) for a body, at most `cap` bytes of it, the cut said in the entry."""
    kept, cut = body[:cap], len(body) > cap
    fields: dict[str, Any]
    try:
        fields = {"text": redact(_utf8(kept, cut))}
    except UnicodeDecodeError:  # latin-1 maps bytes to characters one to one: the key is found as bytes
        raw = redact(kept.decode("latin-1")).encode("latin-1")
        fields = {"text": base64.b64encode(raw).decode("ascii"), "encoding": "base64"}
    if cut:
        fields |= {"_truncated": True, "comment": f"body capped: the first {len(kept)} of {len(body)} bytes"}
    return fields


def entry(
    method: str,
    url: str,
    request_headers: list[tuple[str, str]],
    request_body: bytes,
    status: int,
    response_headers: list[tuple[str, str]],
    response_body: bytes,
    started: float,
    milliseconds: float,
    secret: frozenset[str],
    wire_size: int | None = None,
    cap: int = BODY_CAP,
) -> dict[str, Any]:
    """One exchange as HAR 1.2 has it; no credential in it (the `secret` headers, or echoed anywhere).
    `response_body` is the content (its coding undone); `wire_size` its length as sent, if different."""
    redact = _redactor(tuple(v for k, v in request_headers if k.lower() in secret))
    url = redact(url)
    kind = next((v for k, v in request_headers if k.lower() == "content-type"), "")
    answer_kind = next((v for k, v in response_headers if k.lower() == "content-type"), "")
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "headers": redacted_headers(request_headers, secret),
        "queryString": _query(url),
        "cookies": [],
        "headersSize": -1,
        "bodySize": len(request_body),
    }
    if request_body:
        request["postData"] = {"mimeType": kind, **body_fields(request_body, redact, cap)}
    sent = len(response_body) if wire_size is None else wire_size
    content = {"size": len(response_body), "compression": len(response_body) - sent, "mimeType": answer_kind}
    return {
        "startedDateTime": timestamp(started),
        "time": round(milliseconds, 1),
        "request": request,
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": redacted_headers(response_headers, secret),
            "cookies": [],
            "content": content | body_fields(response_body, redact, cap),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": sent,
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(milliseconds, 1), "receive": 0},
    }


def encoded(item: dict[str, Any]) -> bytes:
    return orjson.dumps(item)


def _body(fields: dict[str, Any]) -> tuple[bytes, bool]:
    """A HAR body's bytes, and whether they are the whole body."""
    text = fields.get("text")
    if text is None:
        return b"", not fields.get("size")  # a browser left the body out
    if fields.get("encoding") == "base64":
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            return b"", False
    else:
        data = text.encode("utf-8", "surrogatepass")
    whole = not fields.get("_truncated") and not text.endswith(OLD_MARK)
    return data, whole


@dataclass(frozen=True)
class Recorded:
    """One entry read back: its exchange, and whether the answer's body in the file is the whole body."""

    exchange: Exchange
    body_known: bool


def exchanges(har: dict[str, Any], inputs: Inputs) -> Iterator[Recorded]:
    """The findings engine's exchanges from a HAR file's entries (ours or a browser's devtools); an
    entry without an answer, or whose request body was capped, is left out."""
    index = inputs.index
    key = index.key_header.lower()
    for item in har.get("log", {}).get("entries", []):
        request, response = item["request"], item["response"]
        status = int(response.get("status") or 0)
        if status <= 0:
            continue  # a request that got no answer (a devtools entry for a failed fetch)
        body, whole_request = _body(request.get("postData") or {})
        if not whole_request:
            continue
        parts = urlsplit(request["url"])
        base = index.base_path
        path = parts.path[parts.path.find(base) + len(base) :] if base in parts.path else parts.path
        headers = {h["name"]: h["value"] for h in request.get("headers", [])}
        keyed = any(k.lower() == key and v for k, v in headers.items())
        content = response.get("content", {})
        answer, whole = _body(content)
        situation = inputs.situation(request["method"], path, parts.query, body, keyed, status)
        exchange = Exchange(
            method=request["method"].upper(),
            url=parts.geturl(),
            path=path,
            situation=situation,
            request_headers={k: ("$API_KEY" if k.lower() == key else v) for k, v in headers.items()},
            request_body=body or None,
            status=status,
            content_type=content.get("mimeType", ""),
            body=answer,
        )
        yield Recorded(exchange, whole)
