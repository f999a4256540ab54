"""Before a live run: one keyed read of each GET operation; a run that cannot test says why in one sentence.

A dead port, a key every read refuses (401), a BASE_URL under which every operation is 404: each
ends the run at once, non-zero, before any per-operation noise. The reads are also the run's first
positive, keyed observations (with CUSTOMER_CODE where a customer is needed), so every GET's
documented answer is checked at least once whatever the generator draws.
"""

from __future__ import annotations

from typing import Any

import httpx

from contract.model import Exchange, Situation
from contract.redact import Redactor
from contract.spec import Operation, SpecIndex
from contract_tests.target import Target, UnsafeRequest


class CannotTest(Exception):
    """The target cannot be tested at all; the message is the one sentence to show."""


def arguments(index: SpecIndex, op: Operation, customer_code: int | None) -> dict[str, Any]:
    """The required query parameters of `op`, from the spec's examples (CUSTOMER_CODE for the customer)."""
    found: dict[str, Any] = {}
    for parameter in map(index.resolve, op.definition.get("parameters", [])):
        if parameter.get("in") != "query" or not parameter.get("required"):
            continue
        if parameter["name"] == "customer_code" and customer_code is not None:
            found["customer_code"] = customer_code
        else:
            found[parameter["name"]] = parameter.get("example", parameter.get("schema", {}).get("example", 1))
    return found


def exchange_of(response: httpx.Response, path: str, situation: Situation, redact: Redactor) -> Exchange:
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
    )


def probe(target: Target, index: SpecIndex, transport: httpx.BaseTransport) -> list[Exchange]:
    reads = [op for op in index.operations if op.method == "GET"]
    exchanges = []
    with httpx.Client(transport=transport, timeout=15) as client:
        for op in reads:
            url = target.base_url + op.path
            try:
                response = client.get(
                    url,
                    params=arguments(index, op, target.customer_code),
                    headers={target.key_header: target.api_key},
                )
            except UnsafeRequest:
                raise
            except httpx.TransportError as error:
                reason = str(error) or type(error).__name__
                raise CannotTest(f"cannot reach {target.base_url}: {reason}") from None
            exchanges.append(exchange_of(response, op.path, Situation.VALID, target.redactor))
    statuses = [e.status for e in exchanges]
    if statuses and all(s == 404 for s in statuses):
        raise CannotTest(
            f"every operation answered 404 under {target.base_url}: check that BASE_URL ends in "
            f"{index.base_path}"
        )
    if statuses and all(s == 401 for s in statuses):
        raise CannotTest(
            "the key was refused: every keyed request answered 401 (check API_KEY; it is not shown here)"
        )
    return exchanges
