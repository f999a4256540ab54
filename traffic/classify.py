"""What situation a request seen in traffic was in, for the findings engine: without a (valid) key,
with invalid input, or a valid request. Unlike the contract suite, which generated its requests, the
proxy must read them: the request is checked against the spec's parameters and body schema."""

from __future__ import annotations

from contract.model import Situation
from contract.spec import SpecIndex
from contract.wire import valid


def situation(
    index: SpecIndex, method: str, path: str, query: str, body: bytes, keyed: bool, status: int
) -> Situation:
    # A key the server refused (401) tells nothing about the key check itself: like no key at all.
    if not keyed or status == 401:
        return Situation.NO_KEY
    return Situation.VALID if valid(index, method.upper(), path, query, body) else Situation.INVALID
