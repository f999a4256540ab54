"""Lint the spec: structural validity (prance + openapi-spec-validator), then the project's rules.

Every finding names the hand-written file and the JSON pointer inside it.

    python -m tools.lint
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract.schemas import Location, example_errors
from contract.sources import SPEC_ROOT, SourceMap, pointer, shown
from contract.spec import SPENDS_CREDIT, Operation, SpecIndex
from contract.spec_parts import SITUATION
from tools.bundle import bundled_spec

CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
PROVENANCES = ("documented", "inferred", "observed")  # observed: adopted by make adopt, with x-observed
# Every operation answers a missing key and invalid input: a response whose schema has each role.
REQUIRED_ROLES = {"unauthorized": "missing or wrong API key", "validation-error": "validation error"}
# What provokes a refusal (contract/plan.py sends it): inputs set to values, a body of a size, a state
# only writes create, or nothing a request can do.
SITUATION_KINDS = ("set", "body-bytes", "state", "unprovokable")


@dataclass(frozen=True)
class Finding:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def operations(spec: dict[str, Any]) -> Iterator[tuple[Location, dict[str, Any]]]:
    """Each operation with its place in the bundle: (("paths", path, method), definition)."""
    for op in SpecIndex(spec).operations:
        yield ("paths", op.path, op.method.lower()), op.definition


def references(node: Any, at: Location = ()) -> Iterator[tuple[Location, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield at, value
            else:
                yield from references(value, at + (str(key),))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from references(value, at + (str(index),))


def schema_nodes(node: Any, at: Location) -> Iterator[tuple[Location, dict[str, Any]]]:
    """Every schema object inside a schema, itself included (not through `$ref`s)."""
    if not isinstance(node, dict) or "$ref" in node:
        return
    yield at, node
    for key in ("items", "additionalProperties", "not"):
        yield from schema_nodes(node.get(key), at + (key,))
    for name, child in (node.get("properties") or {}).items():
        yield from schema_nodes(child, at + ("properties", name))
    for key in ("allOf", "anyOf", "oneOf"):
        for index, child in enumerate(node.get(key) or []):
            yield from schema_nodes(child, at + (key, str(index)))


class Linter:
    def __init__(self, spec: dict[str, Any], root_path: Path = SPEC_ROOT) -> None:
        self.spec = spec
        self.index = SpecIndex(spec)
        self.root_path = root_path
        self.source = SourceMap(root_path)

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for at, op in operations(self.spec):
            found.extend(self.check_operation(at, op))
        found.extend(self.check_schemas())
        found.extend(self.check_parameters())
        found.extend(self.check_index())
        return found

    def check_operation(self, at: Location, op: dict[str, Any]) -> Iterator[Finding]:
        where = self.source(at)
        op_id = op.get("operationId")
        if not op_id or not CAMEL_CASE.match(op_id):
            yield Finding(where, f"operationId must be camelCase, found {op_id!r}")
        if not op.get("summary"):
            yield Finding(where, "summary is missing")
        if not (op.get("description") or "").strip().endswith("."):
            yield Finding(where, "description is missing or does not end with a period")
        yield from self.check_provenance(where, op)
        yield from self.check_spends_credit(where, at[2], op)
        responses = op.get("responses", {})
        operation = self.index.operation(at[2], at[1])
        for role, meaning in REQUIRED_ROLES.items():
            if role not in self.index.roles:
                yield Finding(where, f"no schema of the spec has x-role: {role} ({meaning})")
            elif operation is not None and not self.index.statuses_of_role(operation, role):
                yield Finding(where, f"no response for a {meaning} (a schema with x-role: {role})")
        if operation is not None:
            yield from self.check_situations(operation)
        for status, response in responses.items():
            target, ref_at = self.index.resolve_at(response)
            for media, content in (target.get("content") or {}).items():
                content_at = (ref_at or at + ("responses", status)) + ("content", media)
                if not content.get("examples"):
                    yield Finding(self.source(content_at), f"{status} {media} has no named example")
                yield from self.check_media_examples(content_at, content, writing=False)
        body = op.get("requestBody")
        for media, content in (body or {}).get("content", {}).items():
            yield from self.check_media_examples(
                at + ("requestBody", "content", media), content, writing=True
            )

    def check_situations(self, op: Operation) -> Iterator[Finding]:
        """Every refusal example says what provokes it (`x-situation`), in terms that fit `op`."""
        refusals = self.index.statuses_of_role(op, "refusal") if "refusal" in self.index.roles else []
        inputs = self.index.inputs(op)
        for example in self.index.named_examples(op):
            if example.status not in refusals:
                continue
            where = self.source((*example.at, SITUATION))
            situation = example.situation
            kinds = [k for k in SITUATION_KINDS if isinstance(situation, dict) and k in situation]
            if len(kinds) != 1 or len(situation or {}) != 1:
                yield Finding(
                    where,
                    f"a refusal example of {op.label} needs {SITUATION}: one of {', '.join(SITUATION_KINDS)}",
                )
                continue
            value = (situation or {})[kinds[0]]
            if kinds[0] == "body-bytes" and not (isinstance(value, int) and value > 0):
                yield Finding(where, f"body-bytes is a number of bytes, not {value!r}")
            elif kinds[0] in ("state", "unprovokable") and not (isinstance(value, str) and value.strip()):
                yield Finding(where, f"{kinds[0]} says in words what is needed, not {value!r}")
            elif kinds[0] == "set":
                yield from self.check_set(where, op, inputs, value)

    def check_set(self, where: str, op: Operation, inputs: dict[str, Any], values: Any) -> Iterator[Finding]:
        if not isinstance(values, dict) or not values:
            yield Finding(where, f"set maps inputs to values, not {values!r}")
            return
        for name, value in values.items():
            given = inputs.get(name)
            if given is None:
                yield Finding(where, f"set names {name!r}, which {op.label} does not take")
                continue
            for error in example_errors(self.spec, given.schema_at, value, writing=True):
                yield Finding(where, f"set {name}={value!r} is not a valid {name} for {op.label} {error}")

    @staticmethod
    def check_provenance(where: str, node: dict[str, Any]) -> Iterator[Finding]:
        provenance = node.get("x-provenance")
        if provenance not in PROVENANCES:
            yield Finding(where, f"x-provenance must be one of {PROVENANCES}, found {provenance!r}")
        elif provenance == "inferred" and not node.get("x-provenance-note"):
            yield Finding(where, "an inferred element needs an x-provenance-note saying what is inferred")

    @staticmethod
    def check_spends_credit(where: str, method: str, op: dict[str, Any]) -> Iterator[Finding]:
        # The contract suite's paid-request guard reads this flag (contract/spec.py); an
        # operation that does not say is taken as paid, but the spec must say it explicitly.
        spends = op.get(SPENDS_CREDIT)
        if not isinstance(spends, bool):
            yield Finding(where, f"{SPENDS_CREDIT} must be true or false, found {spends!r}")
        elif spends and method == "get":
            yield Finding(where, f"a GET must not spend credit ({SPENDS_CREDIT}: true): reads are free")

    def check_media_examples(
        self, at: Location, content: dict[str, Any], *, writing: bool
    ) -> Iterator[Finding]:
        schema_at = at + ("schema",)
        samples: list[tuple[Location, Any]] = []
        if "example" in content:
            samples.append((at + ("example",), content["example"]))
        for name, example in (content.get("examples") or {}).items():
            target, ref_at = self.index.resolve_at(example)
            samples.append((ref_at or at + ("examples", name), target.get("value")))
        for example_at, value in samples:
            for error in example_errors(self.spec, schema_at, value, writing=writing):
                yield Finding(
                    self.source(example_at), f"example does not match {pointer(*schema_at)} {error}"
                )

    def check_schemas(self) -> Iterator[Finding]:
        for name, schema in self.spec["components"].get("schemas", {}).items():
            at = ("components", "schemas", name)
            yield from self.check_provenance(self.source(at), schema)
            writing = name.endswith("Request")
            for node_at, node in schema_nodes(schema, at):
                if "example" in node:
                    for error in example_errors(self.spec, node_at, node["example"], writing=writing):
                        yield Finding(self.source(node_at), f"schema example {error}")

    def check_parameters(self) -> Iterator[Finding]:
        for name, parameter in self.spec["components"].get("parameters", {}).items():
            at = ("components", "parameters", name)
            if "example" in parameter:
                for error in example_errors(self.spec, at + ("schema",), parameter["example"], writing=True):
                    yield Finding(self.source(at), f"parameter example {error}")

    def check_index(self) -> Iterator[Finding]:
        """Each component file is listed in the root under its own name; no reference leaves the bundle."""
        listed = {
            (kind, name): entry.get("$ref")
            for kind, entries in self.source.root.get("components", {}).items()
            if kind != "securitySchemes"
            for name, entry in entries.items()
        }
        for path in sorted((self.root_path.parent / "components").glob("*/*.yaml")):
            kind, name = path.parent.name, path.stem
            expected = f"components/{kind}/{path.name}"
            if listed.get((kind, name)) != expected:
                yield Finding(
                    shown(path), f"not listed in the root as components.{kind}.{name}: $ref {expected}"
                )
        for at, ref in references(self.spec):
            if not ref.startswith("#/"):
                yield Finding(self.source(at), f"reference {ref!r} leaves the bundle")


def lint(root_path: Path = SPEC_ROOT) -> list[Finding]:
    # bundled_spec() raises prance's own error, naming the file, on a structurally invalid spec.
    return Linter(bundled_spec(root_path), root_path).findings()


def main() -> int:
    findings = lint()
    for finding in findings:
        print(finding, file=sys.stderr)
    if findings:
        print(f"spec lint: {len(findings)} finding(s)", file=sys.stderr)
        return 1
    print("spec lint: no findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
