"""Proposed edits of the spec for refuted findings: structured changes of the hand-written files in
openapi/ that `make adopt` applies (tools/adopt.py), and the text a report shows, rendered from them.

An edit is one or more `Change`s, each a kind (below), a file, a JSON pointer inside it and the kind's
value. The kinds, each keeping what is still known of the node it changes:

    object-of       an array schema answered as an object (PHP's array keyed by ids): the node becomes
                    `type: object` whose `additionalProperties` is the former `items`, with `x-keyed-by`
                    naming the items' field that keys them where one does (the mock keys its lists so)
    keyed-object    an example's list at that place, written as the object the server sends
    set-type        a scalar field of another type: its `type` only (`null`: `nullable: true`)
    not-required    a field the server does not send: out of the schema's `required`
    add-media-type  a media type the server answers in: beside the documented one, with its schema
    add-entry       a new entry in a map (a response of an operation, a component in the index)
    create-file     a new file (a component)

A documented claim is the vendor's word: its edit is proposed all the same, marked as contradicting
the vendor's documentation, and `make adopt` applies it only when named (`ONLY=`).
Refutations with no structured edit (a path that is absent, a situation the server answers otherwise)
keep a text that says what a person must find out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from contract.model import Assumption, Provenance

KINDS = (
    "object-of",
    "keyed-object",
    "set-type",
    "not-required",
    "add-media-type",
    "add-entry",
    "create-file",
)


@dataclass(frozen=True)
class Change:
    kind: str
    file: str  # openapi/...yaml, relative to the repository
    pointer: str  # inside the file: "/properties/content", "" for the whole file
    value: Any = None

    def document(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "pointer": self.pointer, "value": self.value}

    @property
    def where(self) -> str:
        return f"{self.file}#{self.pointer}"


@dataclass(frozen=True)
class Edit:
    summary: str
    changes: tuple[Change, ...]
    contradicts_documentation: bool = False

    def document(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "contradicts_documentation": self.contradicts_documentation,
            "changes": [c.document() for c in self.changes],
        }

    def text(self) -> str:
        """The report's `suggestion`: the same edit, for a person to read."""
        lines = [f"# {self.summary}"]
        if self.contradicts_documentation:
            lines.append(
                "# (contradicts the vendor's documentation: make adopt applies it only when ONLY= names it)"
            )
        for change in self.changes:
            lines.append(f"# {change.kind} at {change.where}")
            if change.value is not None:
                shown = yaml.safe_dump(change.value, sort_keys=False, width=100).rstrip()
                lines.extend("  " + line for line in shown.splitlines())
        return "\n".join(lines)

    @classmethod
    def of(cls, document: dict[str, Any]) -> Edit:
        """An edit read back from a findings file; a KeyError or TypeError when it is not one."""
        changes = tuple(
            Change(str(c["kind"]), str(c["file"]), str(c["pointer"]), c.get("value"))
            for c in document["changes"]
        )
        return cls(str(document["summary"]), changes, bool(document.get("contradicts_documentation")))


def proposed(claim: Assumption, snippet: str) -> str | None:
    """A text for a person, for a refuted inference; None for a documented claim (the vendor's to change)."""
    return snippet if claim.provenance in (Provenance.INFERRED, Provenance.OBSERVED) else None


def edit(claim: Assumption, summary: str, *changes: Change) -> Edit:
    return Edit(summary, changes, contradicts_documentation=claim.provenance is Provenance.DOCUMENTED)


def split(source: str) -> tuple[str, str]:
    """`openapi/x.yaml#/a/b` -> (`openapi/x.yaml`, `/a/b`)."""
    file, _, pointer = source.partition("#")
    return file, pointer


def change_at(source: str, kind: str, value: Any = None) -> Change:
    file, pointer = split(source)
    return Change(kind, file, pointer, value)


def schema_of(value: Any) -> dict[str, Any]:
    """A schema an observed JSON value fits, with its fields' types (never a bare `type: object`)."""
    if isinstance(value, dict):
        return (
            {
                "type": "object",
                "required": list(value),
                "properties": {name: schema_of(item) for name, item in value.items()},
            }
            if value
            else {"type": "object"}
        )
    if isinstance(value, list):
        return {"type": "array", "items": schema_of(value[0]) if value else {}}
    if value is None:
        return {"nullable": True}
    return {"type": json_type(value)}


def json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "integer" if isinstance(value, int) else "number"
    )
