"""Rule family `answer`: answers are JSON, and each documented body, field by field, is as its schema says.

A JSON body sent under another Content-Type (PHP's `text/html`) refutes the content type and is
checked against its schema all the same.

A body that matches confirms its whole-body claim; one that does not refutes one claim per field
(a missing field, a field of another type...), each owned by the component that declares the field,
with that component's provenance and file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from contract.model import Assumption, Exchange, Observation, Provenance, Subject, Verdict, assumption_id
from contract.rules.edits import Change, change_at, edit, json_type
from contract.spec import Operation

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from contract.rules import Context
    from contract.rules.edits import Edit

JSON = "application/json"


_type_of = json_type


def media(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _answered(context: Context, op: Operation) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
    """(status, content, where the response is) for each documented status with a body."""
    found = []
    for status in op.statuses:
        response, at = context.index.response(op, status) or ({}, ())
        if response.get("content"):
            found.append((status, response["content"], at))
    return found


def content_type(context: Context, op: Operation) -> Assumption:
    answered = _answered(context, op)
    _, content, at = answered[0] if answered else ("", {JSON: {}}, ("paths", op.path, op.method.lower()))
    return Assumption(
        id=assumption_id(Subject.CONTENT_TYPE, op.method, op.path),
        subject=Subject.CONTENT_TYPE,
        statement=f"{op.label} answers JSON",
        expected=", ".join(content),
        provenance=Provenance.of(op.provenance),
        source=context.where(*at),
    )


def whole_body(context: Context, op: Operation, status: str, schema: Any, at: tuple[str, ...]) -> Assumption:
    name = context.index.ref_name(schema)
    return Assumption(
        id=assumption_id(Subject.RESPONSE_SCHEMA, op.method, op.path, status),
        subject=Subject.RESPONSE_SCHEMA,
        statement=f"the {status} body of {op.label} matches {name or 'its schema'}",
        expected=str(name or "the schema"),
        provenance=Provenance.of(owner(context, schema, [])[1]),
        source=context.where(*at),
        told_by_fields=True,
    )


def assumptions(context: Context, op: Operation) -> Iterator[Assumption]:
    if _answered(context, op):
        yield content_type(context, op)
    for status, content, at in _answered(context, op):
        if JSON in content and "schema" in content[JSON]:
            yield whole_body(context, op, status, content[JSON]["schema"], (*at, "content", JSON, "schema"))


def observe(context: Context, op: Operation, exchange: Exchange) -> Iterator[Observation]:
    documented = context.index.response(op, str(exchange.status))
    if documented is None or not documented[0].get("content"):
        return
    response, at = documented
    kind = content_type(context, op)
    if exchange.is_json or (
        media(exchange.content_type) in response["content"] and exchange.json() is not None
    ):
        # JSON, or JSON under a media type the spec documents for this answer (an adopted one)
        yield Observation(kind, op.label, Verdict.CONFIRMED, exchange.content_type, exchange)
    else:
        yield Observation(
            kind,
            op.label,
            Verdict.REFUTED,
            exchange.content_type,
            exchange,
            message=f"{op.label} answered {exchange.status} as {exchange.content_type or 'no type'}",
            edit=media_edit(context, op, kind, media(exchange.content_type))
            if exchange.json() is not None
            else None,
        )
        if exchange.json() is None:
            return  # not JSON at all; JSON under another type (PHP's text/html) is checked all the same
    schema = response["content"].get(JSON, {}).get("schema")
    if schema is None:
        return
    status = str(exchange.status)
    schema_at = (*at, "content", JSON, "schema")
    errors = list(context.schemas.errors(schema_at, exchange.json()))
    if not errors:
        claim = whole_body(context, op, status, schema, schema_at)
        yield Observation(claim, op.label, Verdict.CONFIRMED, status, exchange)
        return
    for error in errors:
        yield _field(context, op, exchange, status, schema, error)


def media_edit(context: Context, op: Operation, claim: Assumption, observed: str) -> Edit | None:
    """The observed media type beside JSON, with its schema and examples, in every answer of `op` with a
    JSON body (the server writes them all the same way)."""
    if not observed:
        return None
    changes = [
        Change(
            "add-media-type", *split_where(context, (*where, "content")), {"media": observed, "like": JSON}
        )
        for _, content, where in _answered(context, op)
        if JSON in content and observed not in content
    ]
    if not changes:
        return None
    return edit(claim, f"{op.label} answers JSON as {observed}: document that media type too", *changes)


def split_where(context: Context, place: tuple[str, ...]) -> tuple[str, str]:
    file, _, pointer = context.where(*place).partition("#")
    return file, pointer


def _field(
    context: Context, op: Operation, exchange: Exchange, status: str, schema: Any, error: ValidationError
) -> Observation:
    path: list[Any] = [p for p in error.absolute_path if not isinstance(p, int)]
    if error.validator == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        required: list[str] = list(error.validator_value)  # type: ignore[arg-type]  # a list, for `required`
        missing = next((n for n in required if n not in instance), "?")
        path, kind, what = [*path, missing], "missing", f"the response has no field `{missing}`"
    elif error.validator == "type":
        kind = "type"
        what = f"`{'.'.join(map(str, path))}` is {_type_of(error.instance)}, not {error.validator_value}"
    elif error.validator == "additionalProperties":
        kind, what = "extra", f"the response has fields the spec does not list: {error.message}"
    else:
        kind, what = str(error.validator), f"`{'.'.join(map(str, path))}`: {error.message}"
    name = ".".join(map(str, path)) or "(body)"
    component, provenance = owner(context, schema, path)
    claim = Assumption(
        id=assumption_id(Subject.RESPONSE_SCHEMA, component, name, kind),
        subject=Subject.RESPONSE_SCHEMA,
        statement=f"`{name}` of the {status} body ({component}) is as the spec says",
        expected=f"{component}: {name} ({kind})",
        provenance=Provenance.of(provenance),
        source=context.where("components", "schemas", component, *(["properties", path[-1]] if path else [])),
    )
    return Observation(
        claim,
        op.label,
        Verdict.REFUTED,
        kind,
        exchange,
        message=f"{op.label} {status}: {what}",
        edit=field_edit(context, op, status, claim, component, path, kind, error),
    )


def key_field(answered: dict[str, Any]) -> str | None:
    """The field of every item that is its key in an object answered for a list, if one is."""
    items = list(answered.values())
    names = list(items[0]) if items and isinstance(items[0], dict) else []
    return next(
        (n for n in names if all(isinstance(v, dict) and str(v.get(n)) == k for k, v in answered.items())),
        None,
    )


def examples_keyed(
    context: Context, op: Operation, status: str, path: list[Any], keyed_by: str | None
) -> list[Change]:
    """The lists of the answer's examples at `path`, written as the server keys them (their components)."""
    changes = []
    for example in context.index.named_examples(op):
        value = example.value
        for step in path:
            value = value.get(step) if isinstance(value, dict) else None
        if (
            example.status == status
            and isinstance(value, list)
            and example.at[:2] == ("components", "examples")
        ):
            file, pointer = split_where(context, (*example.at, "value", *map(str, path)))
            changes.append(Change("keyed-object", file, pointer, {"keyed_by": keyed_by}))
    return changes


def field_edit(
    context: Context,
    op: Operation,
    status: str,
    claim: Assumption,
    component: str,
    path: list[Any],
    kind: str,
    error: ValidationError,
) -> Edit | None:
    """What makes the field as observed conform, keeping the rest of its schema."""
    if not path:
        return None
    name = path[-1]
    observed = _type_of(error.instance)
    if kind == "missing":
        root = claim.source.split("#")[0] + "#"
        return edit(
            claim,
            f"{component} has no `{name}` in the server's answers: not required",
            change_at(root, "not-required", name),
        )
    if kind != "type":
        return None
    if observed == "object" and error.validator_value == "array":
        keyed_by = key_field(error.instance) if isinstance(error.instance, dict) else None
        return edit(
            claim,
            f"`{name}` of {component} is answered as an object keyed by "
            f"{f'`{keyed_by}`' if keyed_by else 'ids'} (PHP's array): an object whose values are the items",
            change_at(claim.source, "object-of", {"keyed_by": keyed_by}),
            *examples_keyed(context, op, status, path, keyed_by),
        )
    if observed in ("object", "array"):
        return None  # a scalar answered as a structure: a person must say what it holds
    return edit(
        claim,
        f"`{name}` of {component} is answered as {observed}",
        change_at(claim.source, "set-type", observed),
    )


def owner(context: Context, schema: Any, path: list[Any]) -> tuple[str, str]:
    """The component that declares the field at `path` (its last step), and its provenance."""
    index = context.index
    name = index.ref_name(schema) or "?"
    node = index.resolve(schema)
    provenance = str(node.get("x-provenance", "-"))

    def step_into(child: Any) -> Any:
        nonlocal name, provenance
        ref = index.ref_name(child)
        child = index.resolve(child)
        if ref:
            name, provenance = ref, str(child.get("x-provenance", provenance))
        return child

    for step in [*path[:-1], None]:
        while node.get("type") == "array" and "items" in node:
            node = step_into(node["items"])
        if step is None:
            break
        child = (node.get("properties") or {}).get(step)
        if child is None:
            break
        node = step_into(child)
    return name, provenance
