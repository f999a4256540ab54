"""HAR 1.2 files: written entry by entry as traffic passes (the file is whole JSON after every entry),
credentials redacted, bodies capped; read back into the findings engine's exchanges."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from contract.model import Exchange
from contract.redact import Redactor
from contract.spec import SpecIndex
from traffic.classify import situation

HTTP_CREDENTIALS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
REDACTED = "[redacted]"
BODY_CAP = 64 * 1024
TAIL = b"\n]}}\n"


def credentials(index: SpecIndex) -> frozenset[str]:
    """The headers whose values never reach a file: HTTP's own, and the spec's API key."""
    return HTTP_CREDENTIALS | {index.key_header.lower()}


def redacted_headers(headers: list[tuple[str, str]], secret: frozenset[str]) -> list[dict[str, str]]:
    return [{"name": k, "value": REDACTED if k.lower() in secret else v} for k, v in headers]


def text_of(body: bytes, redact: Redactor) -> str:
    text = redact(body[:BODY_CAP].decode("utf-8", "replace"))
    return text + ("…[truncated]" if len(body) > BODY_CAP else "")


def entry(
    method: str,
    url: str,
    request_headers: list[tuple[str, str]],
    request_body: bytes,
    status: int,
    response_headers: list[tuple[str, str]],
    response_body: bytes,
    started: dt.datetime,
    milliseconds: float,
    secret: frozenset[str],
) -> dict[str, Any]:
    """One exchange as HAR 1.2 has it; no credential in it (the `secret` headers, or echoed anywhere)."""
    redact = Redactor(*(v for k, v in request_headers if k.lower() in secret), placeholder=REDACTED)
    url = redact(url)
    kind = {k.lower(): v for k, v in request_headers}.get("content-type", "")
    answer_kind = {k.lower(): v for k, v in response_headers}.get("content-type", "")
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "headers": redacted_headers(request_headers, secret),
        "queryString": [
            {"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        ],
        "cookies": [],
        "headersSize": -1,
        "bodySize": len(request_body),
    }
    if request_body:
        request["postData"] = {"mimeType": kind, "text": text_of(request_body, redact)}
    return {
        "startedDateTime": started.isoformat(timespec="milliseconds"),
        "time": round(milliseconds, 1),
        "request": request,
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": redacted_headers(response_headers, secret),
            "cookies": [],
            "content": {
                "size": len(response_body),
                "mimeType": answer_kind,
                "text": text_of(response_body, redact),
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(response_body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(milliseconds, 1), "receive": 0},
    }


class HarWriter:
    """Appends entries to a HAR file in place: the closing brackets are rewritten after each one."""

    def __init__(self, path: Path) -> None:
        self.path, self._lock, self.count = path, threading.Lock(), 0
        path.parent.mkdir(parents=True, exist_ok=True)
        creator = {"name": "flashstart-contract-kit proxy", "version": "1.0"}
        head = json.dumps({"log": {"version": "1.2", "creator": creator}})[:-2] + ', "entries": ['
        path.write_bytes(head.encode() + TAIL)

    def append(self, item: dict[str, Any]) -> None:
        data = json.dumps(item).encode()
        with self._lock, self.path.open("r+b") as handle:
            handle.seek(-len(TAIL), 2)
            handle.write((b"\n" if self.count == 0 else b",\n") + data + TAIL)
            handle.flush()
            self.count += 1


def exchanges(har: dict[str, Any], index: SpecIndex) -> list[Exchange]:
    """The findings engine's exchanges from a HAR file's entries (ours or a browser's devtools)."""
    found = []
    for item in har.get("log", {}).get("entries", []):
        request, response = item["request"], item["response"]
        parts = urlsplit(request["url"])
        base = index.base_path
        path = parts.path[parts.path.find(base) + len(base) :] if base in parts.path else parts.path
        headers = {h["name"]: h["value"] for h in request.get("headers", [])}
        body = (request.get("postData") or {}).get("text", "").encode()
        key = index.key_header.lower()
        keyed = any(k.lower() == key and v for k, v in headers.items())
        status = int(response.get("status") or 0)
        if status <= 0:
            continue  # a request that got no answer (a devtools entry for a failed fetch)
        found.append(
            Exchange(
                method=request["method"].upper(),
                url=parts._replace(query=parts.query).geturl(),
                path=path,
                situation=situation(index, request["method"], path, parts.query, body, keyed, status),
                request_headers={k: ("$API_KEY" if k.lower() == key else v) for k, v in headers.items()},
                request_body=body or None,
                status=status,
                content_type=response.get("content", {}).get("mimeType", ""),
                body=response.get("content", {}).get("text", "").encode(),
            )
        )
    return found
