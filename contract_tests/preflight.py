"""Before and at the start of a live run: what makes a run unable to test, each said in one sentence.

Before anything is sent, the key: one too short (or too plain) to be told apart from generated data
would turn up by chance inside a generated value, and the guard would refuse that request. Then the
plan's first requests, the plain keyed read of each GET: a dead port, a key every read refuses
(401), a BASE_URL under which every operation is 404 each end the run at once, non-zero.
"""

from __future__ import annotations

import httpx

from contract.model import Exchange, Situation
from contract.redact import Redactor
from contract_tests.target import Target

MIN_KEY_LENGTH = 12
MIN_KEY_DISTINCT = 6  # different characters: "aaaaaaaaaaaa" is what a generator draws first


class CannotTest(Exception):
    """The target cannot be tested at all; the message is the one sentence to show."""


def check_key(target: Target) -> None:
    """A key the guard can tell apart from generated data (it refuses any request where the key turns
    up in a place the kit put none), named before anything is sent."""
    key = target.api_key
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_KEY_DISTINCT:
        raise CannotTest(
            f"API_KEY is {len(key)} characters long, {len(set(key))} of them different: the kit needs at "
            f"least {MIN_KEY_LENGTH}, {MIN_KEY_DISTINCT} of them different, to tell the key apart from "
            "generated data (give the real key; it is not shown here)"
        )


def judge_reads(target: Target, base_path: str, statuses: list[int]) -> None:
    """The plain reads' answers: a run whose every read is 404, or 401, cannot test anything."""
    if statuses and all(s == 404 for s in statuses):
        raise CannotTest(
            f"every operation answered 404 under {target.base_url}: check that BASE_URL ends in {base_path}"
        )
    if statuses and all(s == 401 for s in statuses):
        raise CannotTest(
            "the key was refused: every keyed request answered 401 (check API_KEY; it is not shown here)"
        )


def unreachable(target: Target, error: httpx.TransportError) -> CannotTest:
    reason = str(error) or type(error).__name__
    return CannotTest(f"cannot reach {target.base_url}: {target.redactor(reason)}")


def exchange_of(
    response: httpx.Response, path: str, situation: Situation, redact: Redactor, expects: str | None = None
) -> Exchange:
    shell = redact.for_shell
    return Exchange(
        method=response.request.method,
        url=shell(str(response.request.url)),
        path=path,
        situation=situation,
        request_headers={k: shell(v) for k, v in response.request.headers.items()},
        request_body=response.request.content or None,
        status=response.status_code,
        content_type=response.headers.get("content-type", ""),
        body=response.content,
        response_headers=dict(response.headers),
        expects=expects,
    )
