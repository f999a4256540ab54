"""The rules over two schemas at one place of the contract: each keyword's change named by a fact, each
property's presence and required-ness, then items and additional properties, recursively.

A keyword no rule reads is compared too: a change there is `unclassified-change` (breaking), never silence.
"""

from __future__ import annotations

from typing import Any

from tools.compat_rules.change import Change, Pair, Place, deref, leftovers, shown
from tools.compat_rules.rules import FACTS, RULES

# Formats the Python client parses into a type of their own (datetime.date, UUID, File, ...).
CLIENT_TYPED_FORMATS = frozenset({"date", "date-time", "uuid", "binary", "byte"})
# (keyword, its exclusive flag in OpenAPI 3.0, the fact's name, an upper bound?)
BOUNDS = (
    ("maximum", "exclusiveMaximum", "max", True),
    ("minimum", "exclusiveMinimum", "min", False),
    ("maxLength", None, "max-length", True),
    ("minLength", None, "min-length", False),
    ("maxItems", None, "max-items", True),
    ("minItems", None, "min-items", False),
)
KEYWORDS = frozenset(
    {"$ref", "type", "format", "enum", "pattern", "nullable", "default", "deprecated", "required"}
    | {keyword for keyword, _, _, _ in BOUNDS}
    | {exclusive for _, exclusive, _, _ in BOUNDS if exclusive}
    | {"properties", "items", "additionalProperties"}
)
Fact = tuple[str, str]  # (the fact of rules.FACTS, what changed in words)


def type_name(schema: dict[str, Any]) -> tuple[str | None, str | None]:
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    return kind, schema.get("format")


def said(kind: str | None, form: str | None) -> str:
    if kind is None:
        return "any value"
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}" + (f" ({form})" if form else "")


def type_fact(old: dict[str, Any], new: dict[str, Any]) -> Fact | None:
    (kind, form), (new_kind, new_form) = type_name(old), type_name(new)
    if (kind, form) == (new_kind, new_form):
        return None
    words = f"is {said(new_kind, new_form)} now, was {said(kind, form)}"
    if {form, new_form} & CLIENT_TYPED_FORMATS:
        return "type-changed", words
    if kind == new_kind:
        fact = (
            "type-generalized" if new_form is None else "type-specialized" if form is None else "type-changed"
        )
        return fact, words
    if (kind, new_kind) == ("integer", "number"):
        return "type-generalized", words
    if (kind, new_kind) == ("number", "integer"):
        return "type-specialized", words
    return "type-changed", words


def enum_facts(old: dict[str, Any], new: dict[str, Any]) -> list[Fact]:
    before, after = old.get("enum"), new.get("enum")
    if before == after:
        return []
    if before is None:
        return [("became-enum", f"is limited to {shown(after)} now")]
    if after is None:
        return [("enum-value-added", f"takes any value now, not only {shown(before)}")]
    removed, added = [v for v in before if v not in after], [v for v in after if v not in before]
    return [("enum-value-removed", f"lost the value(s) {shown(removed)}")] * bool(removed) + [
        ("enum-value-added", f"gained the value(s) {shown(added)}")
    ] * bool(added)


def bound_of(schema: dict[str, Any], keyword: str, exclusive: str | None) -> tuple[Any, bool] | None:
    if keyword not in schema:
        return None
    return schema[keyword], bool(exclusive and schema.get(exclusive))


def tighter(after: tuple[Any, bool], before: tuple[Any, bool], upper: bool) -> bool:
    (value, open_end), (old_value, old_open_end) = after, before
    if value != old_value:
        return bool(value < old_value) if upper else bool(value > old_value)
    return open_end and not old_open_end


def bound_facts(old: dict[str, Any], new: dict[str, Any]) -> list[Fact]:
    found = []
    for keyword, exclusive, name, upper in BOUNDS:
        before, after = bound_of(old, keyword, exclusive), bound_of(new, keyword, exclusive)
        if before == after:
            continue
        narrows = after is not None and (before is None or tighter(after, before, upper))
        if before is None and f"{name}-set" in FACTS:
            fact = f"{name}-set"
        else:
            fact = f"{name}-{'decreased' if narrows == upper else 'increased'}"
        found.append((fact, now_was(keyword, bound_words(before), bound_words(after))))
    return found


def bound_words(bound: tuple[Any, bool] | None) -> str | None:
    return None if bound is None else f"{bound[0]}" + (" (exclusive)" if bound[1] else "")


def now_was(keyword: str, before: str | None, after: str | None) -> str:
    """What a keyword of a field says now and said before, in words."""
    if before is None:
        return f"has a {keyword} of {after} now"
    if after is None:
        return f"has no {keyword} now, was {before}"
    return f"{keyword} is {after} now, was {before}"


def value_facts(old: dict[str, Any], new: dict[str, Any]) -> list[Fact]:
    """pattern, nullable, default, deprecated."""
    found: list[Fact] = []
    pattern, new_pattern = old.get("pattern"), new.get("pattern")
    if pattern != new_pattern:
        fact = (
            "pattern-added"
            if pattern is None
            else "pattern-removed"
            if new_pattern is None
            else "pattern-changed"
        )
        found.append(
            (fact, now_was("pattern", pattern and f"`{pattern}`", new_pattern and f"`{new_pattern}`"))
        )
    if bool(old.get("nullable")) != bool(new.get("nullable")):
        found.append(
            ("became-nullable", "may be null now")
            if new.get("nullable")
            else ("became-not-nullable", "is never null now")
        )
    if old.get("default") != new.get("default"):
        fact = "default-value-" + (
            "added" if "default" not in old else "removed" if "default" not in new else "changed"
        )
        before, after = (shown(s["default"]) if "default" in s else None for s in (old, new))
        found.append((fact, now_was("default", before, after)))
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        found.append(
            ("deprecated", "is deprecated")
            if new.get("deprecated")
            else ("reactivated", "is no longer deprecated")
        )
    return found


def consequence(place: Place, rule: str) -> str:
    if rule.endswith(("-deprecated", "-reactivated")):
        return "it still works as before"
    if not RULES[rule].breaking:
        return "nothing breaks for callers"
    if place.direction == "request":
        return "requests that were valid may now be refused (422)"
    return "code that reads it may break"


def property_change(place: Place, rule: str) -> Change:
    said_of = {
        "new-required-request-property": "is a new required field: requests without it are refused (422)",
        "new-optional-request-property": "is a new optional field: callers may send it",
        "request-property-removed": "was removed: requests that send it may be refused, and the clients no "
        "longer take it",
        "request-property-became-required": "became required: requests that omit it are refused (422)",
        "request-property-became-optional": "became optional: callers may omit it",
        "response-required-property-added": "is a new field of answers, always present",
        "response-optional-property-added": "is a new field of answers, sometimes present",
        "response-required-property-removed": "was removed from answers: code that reads it breaks",
        "response-optional-property-removed": "was removed from answers: code that reads it breaks",
        "response-property-became-optional": "may be absent from answers now (no longer required): code that "
        "reads it unchecked breaks",
        "response-property-became-required": "is always present in answers now",
    }
    return place.change(rule, f"{place.said} {said_of[rule]}")


def property_changes(pair: Pair, old: dict[str, Any], new: dict[str, Any], place: Place) -> list[Change]:
    properties, new_properties = old.get("properties") or {}, new.get("properties") or {}
    required, new_required = set(old.get("required") or ()), set(new.get("required") or ())
    request = place.direction == "request"
    found = []
    for name in sorted(properties.keys() | new_properties.keys()):
        at = place.member(name)
        if name not in new_properties:
            rule = (
                "request-property-removed"
                if request
                else (f"response-{'required' if name in required else 'optional'}-property-removed")
            )
        elif name not in properties:
            kind = "required" if name in new_required else "optional"
            rule = f"new-{kind}-request-property" if request else f"response-{kind}-property-added"
        else:
            if (name in required) != (name in new_required):
                now = "required" if name in new_required else "optional"
                found.append(property_change(at, f"{place.direction}-property-became-{now}"))
            found += compare_schema(pair, properties[name], new_properties[name], at)
            continue
        found.append(property_change(at, rule))
    return found


def compare_schema(pair: Pair, old_node: Any, new_node: Any, place: Place) -> list[Change]:
    """Every change between the schema `old_node` (in pair.old) and `new_node` (in pair.new)."""
    old, old_name = deref(pair.old, old_node)
    new, new_name = deref(pair.new, new_node)
    name = new_name or old_name
    if name and ("properties" in old or "properties" in new):
        place = place.named(name)
    walking = (id(old), id(new))
    if walking in pair.walking or not (isinstance(old, dict) and isinstance(new, dict)):
        return []
    pair.walking.add(walking)
    try:
        return schema_changes(pair, old, new, place)
    finally:
        pair.walking.discard(walking)


def schema_changes(pair: Pair, old: dict[str, Any], new: dict[str, Any], place: Place) -> list[Change]:
    kind = type_fact(old, new)
    if kind is not None and kind[0] == "type-changed":
        # The other keywords belonged to the old type: the type's change says it all.
        return [fact_change(place, kind)] + leftovers(pair, old, new, set(KEYWORDS), place)
    facts = (
        ([] if kind is None else [kind])
        + enum_facts(old, new)
        + bound_facts(old, new)
        + value_facts(old, new)
    )
    found = [fact_change(place, fact) for fact in facts] + property_changes(pair, old, new, place)
    handled = set(KEYWORDS)
    for key, at in (("items", place.items()), ("additionalProperties", place.member("*"))):
        if isinstance(old.get(key), dict) and isinstance(new.get(key), dict):
            found += compare_schema(pair, old[key], new[key], at)
        else:
            handled.discard(key)  # added, removed or not a schema: left to the comparison below
    return found + leftovers(pair, old, new, handled, place)


def fact_change(place: Place, fact: Fact) -> Change:
    rule = f"{place.prefix}-{fact[0]}"
    return place.change(rule, f"{place.said} {fact[1]}: {consequence(place, rule)}")
