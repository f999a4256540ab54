"""Whether a request as sent is valid input (contract/wire.py): what the contract suite asks of every case
generated invalid, whatever the answer, so that a valid-on-the-wire case is never taken for invalid input."""

from __future__ import annotations

import json

import pytest

from contract.wire import valid
from tests.documented import INDEX

DEMO = json.dumps({"customer_code": 1}).encode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("customer_code=1&currency_code=AAS", True),  # generated to break a rule, valid as written
        ("customer_code=007", True),  # a number in a query string is its digits
        ("customer_code=1&currency_code=aas", False),
        ("customer_code=1.5", False),
        ("", False),  # the required customer is missing
        ("customer_code=1&surprise=1", False),  # a parameter the spec does not have
    ],
)
def test_a_query_is_read_as_a_server_reads_it(query: str, expected: bool) -> None:
    assert valid(INDEX, "GET", "/licenses/available", query, b"") is expected


def test_a_body_is_valid_only_as_json_of_its_schema() -> None:
    assert valid(INDEX, "POST", "/licenses/demo", "", DEMO, "application/json; charset=utf-8")
    assert not valid(INDEX, "POST", "/licenses/demo", "", DEMO, "text/plain")
    assert not valid(INDEX, "POST", "/licenses/demo", "", b'{"customer_code": "one"}', "application/json")
