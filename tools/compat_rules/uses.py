"""Which operations reach each component schema, in their requests or in their answers: the operations a
change of a schema or of a client's model touches, and whether a model is written by callers or read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contract.spec import SpecIndex


@dataclass
class Use:
    directions: set[str] = field(default_factory=set)  # "request", "response"
    operations: set[str] = field(default_factory=set)


def schema_uses(index: SpecIndex) -> dict[str, Use]:
    """component schema name -> where the operations use it (a schema no operation reaches is absent)."""
    uses: dict[str, Use] = {}

    def reach(node: Any, direction: str, label: str) -> None:
        if isinstance(node, dict):
            name = index.ref_name(node)
            if name and "/schemas/" in node["$ref"]:
                use = uses.setdefault(name, Use())
                if direction in use.directions and label in use.operations:
                    return  # seen from this operation in this direction: recursive schemas end here
                use.directions.add(direction)
                use.operations.add(label)
            for value in (index.resolve(node) if name else node).values():
                reach(value, direction, label)
        elif isinstance(node, list):
            for value in node:
                reach(value, direction, label)

    for op in index.operations:
        reach([op.definition.get("parameters"), op.definition.get("requestBody")], "request", op.label)
        reach(op.definition.get("responses"), "response", op.label)
    return uses


def model_use(uses: dict[str, Use], model: str) -> Use:
    """A client model's use: its schema's, or for a model the generator made of an inline schema
    (`ValidationErrorErrors`) the use of the schema whose name is the longest prefix of it. A model of
    no known use is taken as both written and read: the stricter rules apply."""
    owner = max((name for name in uses if model.startswith(name)), key=len, default=None)
    return uses[owner] if owner is not None else Use({"request", "response"})
