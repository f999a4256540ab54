"""What situation a request seen in traffic was in, for the findings engine: without a (valid) key,
with invalid input, or a valid request. Unlike the contract suite, which generated its requests, the
proxy must read them: the request is checked against the spec's parameters and body schema, with
validators built once per operation (building one costs more than using it)."""

from __future__ import annotations

from contract.model import Situation
from contract.wire import Inputs as WireInputs


class Inputs(WireInputs):
    """The spec's input rules, per operation, and what they make of a recorded request."""

    def situation(
        self, method: str, path: str, query: str, body: bytes, keyed: bool, status: int
    ) -> Situation:
        # A key the server refused (401) tells nothing about the key check itself: like no key at all.
        if not keyed or status == 401:
            return Situation.NO_KEY
        return Situation.VALID if self.valid(method.upper(), path, query, body) else Situation.INVALID
