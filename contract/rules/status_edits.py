"""The proposed edits of the `status` family: an answer documented under the status the server was seen
to answer with, in the operation files of openapi/ (contract/rules/edits.py's kinds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contract.model import Assumption, Exchange
from contract.rules.edits import Change, Edit, edit, schema_of
from contract.spec import Operation

if TYPE_CHECKING:
    from contract.rules import Context


def responses_of(context: Context, op: Operation) -> tuple[str, str]:
    """The file of `op` and the pointer of its responses there."""
    file, _, pointer = context.where("paths", op.path, op.method.lower(), "responses").partition("#")
    return file, pointer


def validation_elsewhere(context: Context, claim: Assumption, ref: str, status: str) -> Edit | None:
    """The validation response documented under the status the server answers it with too, in every
    operation that refers to it (the inferred status kept: another server may still answer it)."""
    changes = []
    for op in context.index.operations:
        responses = op.definition.get("responses", {})
        if status not in responses and any(context.index.ref_name(r) == ref for r in responses.values()):
            value = {"key": status, "value": {"$ref": f"#/components/responses/{ref}"}}
            changes.append(Change("add-entry", *responses_of(context, op), value))
    if not changes:
        return None
    return edit(
        claim, f"invalid input is answered {status} with the validation body ({ref}): document it", *changes
    )


def undocumented(context: Context, op: Operation, claim: Assumption, exchange: Exchange) -> Edit:
    """A status the server answers a valid request with: documented, its body's schema and the body
    itself as its example (the fields typed as seen; a person says when it is answered)."""
    body = exchange.json()
    response = {
        "description": f"Answered to a valid request (observed: {exchange.label}); say when.",
        "content": {
            "application/json": {
                "schema": schema_of(body),
                "examples": {"observed": {"summary": "As the server answered", "value": body}},
            }
        },
    }
    return edit(
        claim,
        f"{op.label} answers a valid request {exchange.status}: document it with the body seen",
        Change("add-entry", *responses_of(context, op), {"key": str(exchange.status), "value": response}),
    )
