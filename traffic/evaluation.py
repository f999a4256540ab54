"""The findings engine on traffic: each exchange's observations folded into one Verdicts, with what the
rules said of an exchange remembered for the next one that gives them the same input.

The rules are pure functions of an exchange's method, path, situation, status, content type and
body (contract/rules), so an exchange equal to an earlier one in those says what it said: the
observations are taken again, and the Verdicts count them again, without validating the body again.
Both memories are bounded (entries and bytes), so a day of traffic holds no more than a minute of it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from typing import Generic, TypeVar

from contract.model import Exchange, Observation, Situation, Subject, Verdict
from contract.rules import evaluate
from contract.verdicts import Verdicts
from traffic.classify import Inputs

REMEMBERED = 2048  # exchanges' observations kept, the least recently met forgotten first
REMEMBERED_BYTES = 32 * 1024 * 1024  # the bodies they hold (an observation keeps its exchange)
SITUATIONS = 4096  # requests' situations kept
READ_IN_BODY = frozenset({Subject.CONTENT_TYPE, Subject.RESPONSE_SCHEMA})

Value = TypeVar("Value")


class Memory(Generic[Value]):
    """A least-recently-used mapping bounded in entries and in the weight of what it keeps."""

    def __init__(self, entries: int, weight: int) -> None:
        self._items: OrderedDict[object, tuple[Value, int]] = OrderedDict()
        self.entries, self.weight, self.held = entries, weight, 0

    def get(self, key: object) -> Value | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: object, value: Value, weight: int = 0) -> None:
        if weight > self.weight or key in self._items:
            return
        self._items[key] = (value, weight)
        self.held += weight
        while len(self._items) > self.entries or self.held > self.weight:
            self.held -= self._items.popitem(last=False)[1][1]

    def __len__(self) -> int:
        return len(self._items)


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def on_status_only(observations: list[Observation], exchange: Exchange) -> list[Observation]:
    """What an exchange whose body is not known whole (capped in a HAR file, or in a content coding
    the proxy cannot undo) says: its type, its schema and whether a 404 is the API's are read in the
    body, so they are left out; a proposed edit quoting the body is dropped."""
    kept = []
    for observation in observations:
        subject = observation.assumption.subject
        if subject in READ_IN_BODY or (subject is Subject.PATH and exchange.status == 404):
            continue
        if observation.verdict is Verdict.REFUTED and (observation.suggestion or observation.edit):
            observation = dataclasses.replace(observation, suggestion=None, edit=None)
        kept.append(observation)
    return kept


class Evaluator:
    """Exchanges in, observations folded into `verdicts` (and returned, for the proxy's line)."""

    def __init__(self, verdicts: Verdicts) -> None:
        self.verdicts = verdicts
        self.inputs = Inputs(verdicts.context.index)
        self._observations: Memory[list[Observation]] = Memory(REMEMBERED, REMEMBERED_BYTES)
        self._valid: Memory[bool] = Memory(SITUATIONS, SITUATIONS * 1024)
        self.evaluated = 0

    def situation(
        self, method: str, path: str, query: str, body: bytes, keyed: bool, status: int
    ) -> Situation:
        if not keyed or status == 401:
            return Situation.NO_KEY  # no question of input: the key check comes first
        key = (method, path, query, digest(body))
        valid = self._valid.get(key)
        if valid is None:
            valid = self.inputs.valid(method.upper(), path, query, body)
            self._valid.put(key, valid, len(query))
        return Situation.VALID if valid else Situation.INVALID

    def add(self, exchange: Exchange, body_known: bool = True) -> list[Observation]:
        key = (
            exchange.method,
            exchange.path,
            exchange.situation,
            exchange.status,
            exchange.content_type,
            digest(exchange.body),
            body_known,
        )
        observations = self._observations.get(key)
        if observations is None:
            observations = evaluate(self.verdicts.context, exchange)
            if not body_known:
                observations = on_status_only(observations, exchange)
            size = len(exchange.body) + len(exchange.request_body or b"")
            self._observations.put(key, observations, size)
        self.verdicts.fold(observations)
        self.evaluated += 1
        return observations
