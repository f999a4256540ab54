"""The parts of the spec beneath an operation, for SpecIndex (contract/spec.py): `$ref`s followed, each
documented response, the schemas of an answer and of each of its fields (`Schema`), the named examples
with the situation that provokes each (`x-situation`), and the inputs (query parameters, body properties).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contract.spec import Operation

SITUATION = "x-situation"


@dataclass(frozen=True)
class Schema:
    """A schema of the bundle, its `$ref`s followed, and the place in the bundle where it is written."""

    node: dict[str, Any]
    at: tuple[str, ...]

    @property
    def type(self) -> str | None:
        kind = self.node.get("type")
        return kind if isinstance(kind, str) else None

    @property
    def nullable(self) -> bool:
        return self.node.get("nullable") is True


@dataclass(frozen=True)
class Example:
    """One named example of a documented answer, with the situation that provokes it (`x-situation`)."""

    name: str  # the example component's name (CustomerNotFound), or the inline example's own key
    status: str
    value: Any
    situation: dict[str, Any] | None
    at: tuple[str, ...]  # where the example is in the bundle
    summary: str = ""


@dataclass(frozen=True)
class Input:
    """One input of an operation: a query parameter or a property of its JSON body."""

    name: str
    location: str  # "query" or "body"
    required: bool
    schema_at: tuple[str, ...]  # where its schema is in the bundle
    example: Any


class Parts:
    """Reads of the spec's parts; SpecIndex is one (it holds `spec`, the bundle as data)."""

    spec: dict[str, Any]

    # -- references ---------------------------------------------------------------------------------
    def resolve(self, node: Any) -> Any:
        """Follow local `$ref`s (`#/components/...`) until a node that is not one."""
        return self.resolve_at(node)[0]

    def resolve_at(self, node: Any) -> tuple[Any, tuple[str, ...] | None]:
        """The node a local `$ref` leads to and where it is (None when `node` is no `$ref`)."""
        at: tuple[str, ...] | None = None
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            at = tuple(
                t.replace("~1", "/").replace("~0", "~") for t in node["$ref"].removeprefix("#/").split("/")
            )
            node = self.spec
            for token in at:
                node = node[token]
        return node, at

    @staticmethod
    def ref_name(node: Any) -> str | None:
        """The name of the component a `$ref` node points at (`LicenseResponse`), or None."""
        ref = node.get("$ref") if isinstance(node, dict) else None
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None

    # -- responses -----------------------------------------------------------------------------------
    def response(self, op: Operation, status: str) -> tuple[dict[str, Any], tuple[str, ...]] | None:
        """A documented response of `op` and where it is in the bundle (None: not documented)."""
        response = op.definition.get("responses", {}).get(status)
        if response is None:
            return None
        target, at = self.resolve_at(response)
        return target, at or ("paths", op.path, op.method.lower(), "responses", status)

    def answer_schema(self, op: Operation, status: str) -> Schema | None:
        """The JSON schema of one documented answer of `op`, where it is written (None: no JSON body)."""
        found = self.response(op, status)
        if found is None:
            return None
        response, at = found
        node = (response.get("content") or {}).get("application/json", {}).get("schema")
        return None if node is None else self.schema_at(node, (*at, "content", "application/json", "schema"))

    def schema_at(self, node: Any, at: tuple[str, ...]) -> Schema:
        """The schema `node` (written at `at`) with its `$ref`s followed."""
        target, ref_at = self.resolve_at(node)
        return Schema(target if isinstance(target, dict) else {}, ref_at or at)

    def part(self, schema: Schema, key: str | int) -> Schema | None:
        """The schema of one part of a value `schema` describes: a property (str), an item (int); an
        object's other properties (additionalProperties). None: the schema says nothing of it."""
        node = schema.node
        if isinstance(key, int):
            items = node.get("items")
            return None if items is None else self.schema_at(items, (*schema.at, "items"))
        properties = node.get("properties") or {}
        if key in properties:
            return self.schema_at(properties[key], (*schema.at, "properties", key))
        other = node.get("additionalProperties")
        return (
            self.schema_at(other, (*schema.at, "additionalProperties")) if isinstance(other, dict) else None
        )

    def part_along(self, schema: Schema, path: Iterable[str | int]) -> Schema:
        """The deepest schema along a path into a value (an error's `absolute_path`)."""
        for key in path:
            inner = self.part(schema, key)
            if inner is None:
                break
            schema = inner
        return schema

    def named_examples(self, op: Operation) -> list[Example]:
        """Every example of every documented JSON answer of `op`, each under its component's name."""
        found = []
        for status in op.statuses:
            response, _ = self.response(op, status) or ({}, ())
            content = response.get("content", {}).get("application/json", {})
            for key, node in content.get("examples", {}).items():
                example, at = self.resolve_at(node)
                found.append(
                    Example(
                        name=self.ref_name(node) or key,
                        status=status,
                        value=example.get("value"),
                        situation=example.get(SITUATION),
                        at=at or ("paths", op.path, op.method.lower(), "responses", status, "examples", key),
                        summary=str(example.get("summary", "")),
                    )
                )
        return found

    def inputs(self, op: Operation) -> dict[str, Input]:
        """The operation's query parameters and JSON body properties, by name."""
        found: dict[str, Input] = {}
        where = ("paths", op.path, op.method.lower())
        for position, node in enumerate(op.definition.get("parameters", [])):
            parameter, at = self.resolve_at(node)
            if parameter.get("in") == "query":
                schema_at = (*(at or (*where, "parameters", str(position))), "schema")
                example = parameter.get("example", self.resolve(parameter.get("schema", {})).get("example"))
                found[parameter["name"]] = Input(
                    parameter["name"], "query", bool(parameter.get("required")), schema_at, example
                )
        body = self.resolve(op.definition.get("requestBody") or {})
        schema_node = body.get("content", {}).get("application/json", {}).get("schema")
        if schema_node is not None:
            schema, at = self.resolve_at(schema_node)
            schema_at = at or (*where, "requestBody", "content", "application/json", "schema")
            required = set(schema.get("required", []))
            for name, node in (schema.get("properties") or {}).items():
                found[name] = Input(
                    name,
                    "body",
                    name in required,
                    (*schema_at, "properties", name),
                    self.resolve(node).get("example"),
                )
        return found
