"""The check at start: every answer the mock can give from its datasets, in the spec's types, is allowed.

`follow(index, spec_root, extra)` reads each operation's statuses and bodies from the spec
(answers.py), works out from every answer the datasets can give (samples.py) and every refusal and
validation answer its rules can give which fields to convert to the spec's types (shapes.py), then
validates each converted answer against the spec's response schema (contract/schemas.py). A value
the spec's type cannot hold, or an answer the spec forbids, is `CannotFollow`: one sentence naming
the dataset entry, the field and the spec file. For the named datasets alone the result is kept per
spec while their files are unchanged (tests build many mocks).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema.exceptions import best_match

from contract.schemas import Schemas
from contract.sources import SourceMap, shown
from contract.spec import SpecIndex
from contract.spec_parts import Schema
from mock_server import dataset
from mock_server.answers import Answers, CannotFollow
from mock_server.model import Catalog, Reseller
from mock_server.samples import given
from mock_server.shapes import CannotHold, Seen, plan

Place = tuple[str | int, ...]
Stamps = tuple[tuple[Path, int], ...]
SAMPLE_MESSAGE = "A sentence for people."  # a refusal's message is the store's; any text stands for it
SAMPLE_ERRORS = {"customer_code": ["The customer code field is required."]}


@dataclass(frozen=True, eq=False)
class State:
    """A dataset's catalog and resellers, and what names it in a sentence (its file, a session)."""

    label: str
    catalog: Catalog
    resellers: list[Reseller]


@dataclass(frozen=True, eq=False)
class Sample:
    operation_id: str
    status: int
    body: Any
    entry: Callable[[Place], str]  # the dataset entry (or the mock's rule) a place in the body comes from


def named_stamps() -> Stamps:
    return tuple((path, path.stat().st_mtime_ns) for path in map(dataset.named, dataset.names()))


@functools.lru_cache(maxsize=2)
def _named_states(stamps: Stamps) -> tuple[State, ...]:
    """The named datasets of mock_server/data/, parsed once while their files are unchanged."""
    states = []
    for path, _ in stamps:
        catalog, resellers, _ = dataset.parse(dataset.read(path))
        states.append(State(shown(path), catalog, resellers))
    return tuple(states)


def state_of(label: str, data: Any) -> State:
    """A dataset (a file's data, a loaded one) as a State; DatasetError names its flaw."""
    catalog, resellers, _ = dataset.parse(data)
    return State(label, catalog, resellers)


def follow(index: SpecIndex, spec_root: Path, extra: Iterable[State] = ()) -> Answers:
    """The answers the spec asks for, their conversions worked out from the named datasets' answers and
    checked against them, then checked against the answers of `extra` (a seed of one's own, a state
    file, the states alive at a reload); CannotFollow names the first misfit."""
    answers = _followed(index, spec_root, named_stamps(), dt.date.today())
    for state in extra:
        check(answers, state)
    return answers


@functools.lru_cache(maxsize=8)
def _followed(index: SpecIndex, spec_root: Path, stamps: Stamps, today: dt.date) -> Answers:
    return _follow(index, spec_root, _named_states(stamps), today)


def _follow(index: SpecIndex, spec_root: Path, states: Iterable[State], today: dt.date) -> Answers:
    answers = Answers(index, spec_root)
    shapes = _by_shape(answers, [*_rule_samples(answers), *_samples(answers, states, today)])
    sources = _lazy_sources(spec_root)
    for (operation_id, status), (schema, shaped) in shapes.items():
        try:
            found = plan(index, schema, [Seen(s.body, (), s) for s in shaped])
        except CannotHold as error:
            seen, origin = error.seen, error.seen.origin
            raise CannotFollow(
                f"{origin.entry(seen.path)}: {operation_id} answers {status} with {_field(seen.path)} "
                f"{seen.value!r}, which {error.why} as {sources(error.schema.at)} asks"
            ) from None
        if found is not None:
            answers.by_id[operation_id].plans[status] = found
    _validate(answers, shapes, sources)
    return answers


def check(answers: Answers, state: State) -> None:
    """A dataset to load into a mock serving `answers`: CannotFollow names the first of its answers
    (converted as the mock converts them) that the spec does not allow."""
    shapes = _by_shape(answers, list(_samples(answers, [state], dt.date.today())))
    _validate(answers, shapes, _lazy_sources(answers.spec_root))


Shapes = dict[tuple[str, int], tuple[Schema, list[Sample]]]


def _by_shape(answers: Answers, samples: list[Sample]) -> Shapes:
    """The samples by operation and status, with the spec's schema of that answer (none: not held to one)."""
    shapes: Shapes = {}
    for sample in samples:
        key = (sample.operation_id, sample.status)
        if key not in shapes:
            schema = answers.index.answer_schema(
                answers.by_id[sample.operation_id].operation, str(sample.status)
            )
            if schema is None:
                continue  # no JSON body documented: nothing to hold the answer to
            shapes[key] = (schema, [])
        shapes[key][1].append(sample)
    return shapes


def _validate(answers: Answers, shapes: Shapes, sources: Callable[[tuple[str, ...]], str]) -> None:
    index, schemas = answers.index, Schemas(answers.index.spec)
    for (operation_id, status), (schema, shaped) in shapes.items():
        found = answers.by_id[operation_id].plans.get(status)
        converted = [Seen(s.body if found is None else found(s.body), (), s) for s in shaped]
        for piece, part in _pieces(index, schema, converted):
            error = best_match(schemas.errors(part.at, piece.value))
            if error is not None:
                path = (*piece.path, *error.absolute_path)
                raise CannotFollow(
                    f"{piece.origin.entry(path)}: {operation_id} answers {status} with {_field(path)} "
                    f"the spec does not allow: {error.message} ({sources(index.part_along(schema, path).at)})"
                )


# Keywords that make one part's validity depend on another's: answers under them are validated whole.
COUPLING = ("allOf", "anyOf", "oneOf", "not", "dependencies", "uniqueItems", "patternProperties")


def _pieces(index: SpecIndex, schema: Schema, answers: list[Seen]) -> Iterable[tuple[Seen, Schema]]:
    """What to validate so that every answer is: each distinct value of each field against the field's
    schema, and one object per set of keys (one array per length) against its schema, whole. Where the
    schema couples its parts (COUPLING), every answer whole. Thousands of answers, a few hundred checks."""
    chosen: dict[tuple[Any, ...], tuple[Seen, Schema]] = {}
    parts: dict[tuple[Any, ...], Schema | None] = {}

    def part_of(part: Schema, key: str | int) -> Schema | None:
        memo = (part.at, 0 if isinstance(key, int) else key)  # every item has the items' schema
        if memo not in parts:
            parts[memo] = index.part(part, key)
        return parts[memo]

    def walk(part: Schema, seen: Seen) -> None:
        value = seen.value
        if any(keyword in part.node for keyword in COUPLING):
            chosen[(id(seen.origin), seen.path)] = (seen, part)
            return
        if isinstance(value, dict):
            chosen.setdefault((part.at, "object", tuple(sorted(value))), (seen, part))
            inner = ((part_of(part, k), Seen(v, (*seen.path, k), seen.origin)) for k, v in value.items())
        elif isinstance(value, list):
            chosen.setdefault((part.at, "array", len(value)), (seen, part))
            inner = ((part_of(part, i), Seen(v, (*seen.path, i), seen.origin)) for i, v in enumerate(value))
        else:
            chosen.setdefault((part.at, type(value).__name__, value), (seen, part))
            return
        for schema_of, child in inner:
            if schema_of is not None:
                walk(schema_of, child)

    for answer in answers:
        walk(schema, answer)
    return [(seen, part) for seen, part in chosen.values()]


def _lazy_sources(spec_root: Path) -> Callable[[tuple[str, ...]], str]:
    """The spec file of a place in the bundle; the root is read only when a sentence needs it."""
    read: list[SourceMap] = []

    def source(at: tuple[str, ...]) -> str:
        if not read:
            read.append(SourceMap(spec_root))
        return read[0](at).removesuffix("#")

    return source


def _field(path: Place) -> str:
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return f"the field {text}" if text else "a body"


def _rule_samples(answers: Answers) -> Iterable[Sample]:
    """Each operation's refusals (its rules', the body limit's, a forced failure's), its validation answer."""
    for operation_id, operation in answers.by_id.items():
        for reason in operation.reasons:
            status, body = operation.refused(reason, SAMPLE_MESSAGE)
            rule = f"the mock's refusal {reason} of {operation_id} (mock_server/handlers.py)"
            yield Sample(operation_id, status, body, _always(rule))
        status, body = operation.invalid(SAMPLE_ERRORS)
        yield Sample(
            operation_id, status, body, _always(f"the mock's answer to invalid input to {operation_id}")
        )


def _always(name: str) -> Callable[[Place], str]:
    return lambda _: name


def _samples(answers: Answers, states: Iterable[State], today: dt.date) -> Iterable[Sample]:
    for state in states:
        yield from _dataset_samples(answers, state, today)


def _dataset_samples(answers: Answers, state: State, today: dt.date) -> Iterable[Sample]:
    for content in given(state.catalog, state.resellers, today):
        if content.operation_id not in answers.by_id:
            continue  # an operation the spec no longer has: nothing asks for its answers
        status, body = answers.by_id[content.operation_id].success(content.content)

        def entry(path: Place, content: Any = content) -> str:
            inside = path[1:] if path[:1] == ("content",) else ()
            return f"{state.label}: {content.entry(inside)}"

        yield Sample(content.operation_id, status, body, entry)
