"""The spec's types for the fields the mock sends: each value converted where that loses nothing.

A plan is worked out once per answer shape (an operation's status) from every answer the datasets
can give (conformance.py), by walking the spec's schema of that answer (through the core's index)
beside those answers. It touches only the fields whose spec type differs from the type the mock
builds them in, so an answer whose types already agree costs nothing per request.

Lossless conversions, both ways: a number and its decimal string (5 and "5", 1.08 and "1.08"); an
integer and a number without fraction (5.0 and 5). One way: a list to an object of its items, keyed
as `x-keyed-by` says (PHP's arrays, once make adopt has written them into the spec). Anything else (a
fraction to an integer, "5.00" or "1e3" to a number, a boolean to anything) is `Lossy`: at start, the
mock refuses to start.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from contract.spec import SpecIndex
from contract.spec_parts import Schema

logger = logging.getLogger(__name__)

Path = tuple[str | int, ...]
Plan = Callable[[Any], Any]
SCALARS = ("string", "integer", "number", "boolean")
KEYED_BY = "x-keyed-by"  # on an object of items that the mock builds as a list: the items' key field
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)\Z")
# A number as a decimal string writes it: no exponent, no leading zero, no trailing zero after the point.
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]*[1-9]\Z")


class Lossy(ValueError):
    """A value the spec's type cannot hold without losing something; says why, after the value:
    `1.08` "cannot be an integer without losing its fraction"."""


def fits(value: Any, kind: str) -> bool:
    """Whether a JSON value already has the schema type `kind` (a bool is no number)."""
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind == "integer":
        return isinstance(value, int)
    return kind != "number" or isinstance(value, int | float)


def decimal_string(number: int | float) -> str:
    if isinstance(number, int):
        return str(number)
    if number.is_integer():
        return str(int(number))
    return format(Decimal(repr(number)), "f")  # the shortest decimal that reads back as this float


def converted(value: Any, kind: str) -> Any:
    """`value` in the schema type `kind`, or Lossy saying why it cannot be."""
    if fits(value, kind):
        return value
    if isinstance(value, bool) or kind == "boolean":
        raise Lossy(f"cannot be {_a(kind)} without a reading of ours")
    if kind == "string" and isinstance(value, int | float) and math.isfinite(value):
        return decimal_string(value)
    if kind == "integer" and isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise Lossy("cannot be an integer without losing its fraction")
    if kind in ("integer", "number") and isinstance(value, str):
        if INTEGER.match(value):
            return int(value)
        if kind == "number" and DECIMAL.match(value):
            number = float(value)
            if decimal_string(number) == value:
                return number
        raise Lossy(f"cannot be {_a(kind)}: it is not the plain decimal writing of one")
    raise Lossy(f"cannot be {_a(kind)}")


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


class Seen(NamedTuple):
    """A value the mock can send, where it is in its answer, and what names the entry it comes from."""

    value: Any
    path: Path
    origin: Any  # whatever the caller uses to name the entry (conformance.Sample)


class CannotHold(Lossy):
    """A value the spec's type cannot hold, with where it is and the schema that says so."""

    def __init__(self, seen: Seen, schema: Schema, why: str) -> None:
        super().__init__(why)
        self.seen, self.schema, self.why = seen, schema, why


def plan(index: SpecIndex, schema: Schema, seen: list[Seen]) -> Plan | None:
    """What to convert in answers of this schema, from every answer seen (None: nothing)."""
    kind = schema.type
    if kind in SCALARS:
        differing = [s for s in seen if s.value is not None and not fits(s.value, kind)]
        for one in differing:
            try:
                converted(one.value, kind)
            except Lossy as why:
                raise CannotHold(one, schema, str(why)) from None
        return _leaf(kind, schema) if differing else None
    lists = [s for s in seen if isinstance(s.value, list)]
    additional = schema.node.get("additionalProperties")
    if kind == "object" and lists and isinstance(additional, dict):
        return _keyed(index, schema, index.schema_at(additional, (*schema.at, "additionalProperties")), lists)
    objects = [s for s in seen if isinstance(s.value, dict)]
    if objects:
        declared = set(schema.node.get("properties") or {})
        by_field: dict[str, list[Seen]] = {}
        others: list[Seen] = []
        for s in objects:
            for key, value in s.value.items():
                part = Seen(value, (*s.path, key), s.origin)
                (by_field.setdefault(key, []) if key in declared else others).append(part)
        fields: dict[str, Plan] = {}
        for key, parts in by_field.items():
            inner = index.part(schema, key)
            found = None if inner is None else plan(index, inner, parts)
            if found is not None:
                fields[key] = found
        rest = None
        if isinstance(additional, dict) and others:
            rest = plan(index, index.schema_at(additional, (*schema.at, "additionalProperties")), others)
        return _object(fields, declared, rest) if fields or rest else None
    items = index.part(schema, 0)
    if lists and items is not None:
        every = [Seen(v, (*s.path, i), s.origin) for s in lists for i, v in enumerate(s.value)]
        found = plan(index, items, every)
        return None if found is None else _items(found)
    return None


def _keyed(index: SpecIndex, schema: Schema, values: Schema, lists: list[Seen]) -> Plan:
    """A list where the spec says an object of its items (a PHP array, adopted from the real API): keyed
    by the items' field `x-keyed-by` names, else by position; lossless while those keys are unique."""
    field = schema.node.get(KEYED_BY)

    def keys(items: list[Any]) -> list[str]:
        return [
            str(item.get(field)) if field and isinstance(item, dict) else str(n)
            for n, item in enumerate(items)
        ]

    for one in lists:
        if len(set(keys(one.value))) != len(one.value):
            raise CannotHold(one, schema, f"cannot be an object keyed by {field}: two items have the same")
    every = [Seen(v, (*s.path, i), s.origin) for s in lists for i, v in enumerate(s.value)]
    inner = plan(index, values, every)

    def convert(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return dict(zip(keys(value), [inner(v) for v in value] if inner else value, strict=True))

    return convert


def _leaf(kind: str, schema: Schema) -> Plan:
    warned: set[str] = set()

    def convert(value: Any) -> Any:
        if value is None and schema.nullable:
            return None
        try:
            return converted(value, kind)
        except Lossy as why:
            # Found at run time (a value no dataset gave at start): sent as the mock built it, said once.
            place = "/".join(schema.at)
            if place not in warned:
                warned.add(place)
                logger.warning(
                    "the mock sends a value its spec's type does not hold (%s): %r %s", place, value, why
                )
            return value

    return convert


def _object(fields: dict[str, Plan], declared: set[str], rest: Plan | None) -> Plan:
    def convert(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        shaped = dict(value)  # a copy: a cached row or a spec example is never changed in place
        for key, inner in fields.items():
            if key in shaped:
                shaped[key] = inner(shaped[key])
        if rest is not None:
            for key in shaped.keys() - declared:
                shaped[key] = rest(shaped[key])
        return shaped

    return convert


def _items(inner: Plan) -> Plan:
    def convert(value: Any) -> Any:
        return [inner(item) for item in value] if isinstance(value, list) else value

    return convert
