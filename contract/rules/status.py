"""Rule family `status`: invalid input gets the validation status, a valid request a documented one, each
documented status is seen in some situation, and each refusal the spec's examples name is answered in
its situation.

A situation is data in the spec: the example's `x-situation` (`set: {currency_code: ZZZ}`, or a body
of `body-bytes`). contract/plan.py sends the request that provokes it, marked with the example's name
(`Exchange.expects`); its answer is judged against that example only. One claim per example, shared
by the operations that use it, as the validation claim is per response component.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contract.model import (
    Assumption,
    Exchange,
    Finding,
    Observation,
    Provenance,
    Situation,
    Subject,
    Verdict,
    assumption_id,
)
from contract.rules.edits import proposed
from contract.rules.status_edits import undocumented, validation_elsewhere
from contract.spec import Operation
from contract.spec_parts import Example

if TYPE_CHECKING:
    from contract.rules import Context

VALIDATION = "validation-error"
NOT_FOR_VALID_INPUT = ("unauthorized", VALIDATION)  # the roles of answers a valid, keyed request never gets
PROVOKED = ("set", "body-bytes")  # the situations a request provokes (others need a state, or cannot be)


def invalid_input(context: Context, op: Operation) -> Assumption:
    """One claim per validation response: operations that share the component share the claim."""
    index = context.index
    statuses = index.statuses_of_role(op, VALIDATION)
    status = statuses[0] if statuses else None
    ref = index.ref_name(op.definition["responses"][status]) if status else None
    return Assumption(
        id=assumption_id(Subject.STATUS, "invalid", ref or op.label),
        subject=Subject.STATUS,
        statement=f"invalid input is answered {status}" if status else "invalid input is refused",
        expected=f"{status} with the validation body" if status else "the validation body",
        provenance=Provenance.of(index.response_provenance(op, status)) if status else Provenance.INFERRED,
        source=context.where("components", "responses", ref)
        if ref
        else context.where("paths", op.path, op.method.lower(), "responses", *([status] if status else [])),
    )


def _for_valid_input(context: Context, op: Operation) -> list[str]:
    excluded = {s for role in NOT_FOR_VALID_INPUT for s in context.index.statuses_of_role(op, role)}
    return [s for s in op.statuses if s not in excluded and s != "default"]


def valid_input(context: Context, op: Operation) -> Assumption:
    statuses = _for_valid_input(context, op)
    documented = all(context.index.response_provenance(op, s) == "documented" for s in statuses)
    return Assumption(
        id=assumption_id(Subject.STATUS, "valid", op.method, op.path),
        subject=Subject.STATUS,
        statement=f"a valid request to {op.label} gets a documented status",
        expected=", ".join(sorted(statuses)),
        provenance=Provenance.DOCUMENTED if documented else Provenance.INFERRED,
        source=context.where("paths", op.path, op.method.lower(), "responses"),
    )


def documented_status(context: Context, op: Operation, status: str) -> Assumption:
    return Assumption(
        id=assumption_id(Subject.STATUS, "documented", op.method, op.path, status),
        subject=Subject.STATUS,
        statement=f"{op.label} answers {status} in its situation",
        expected=status,
        provenance=Provenance.of(context.index.response_provenance(op, status)),
        source=context.where("paths", op.path, op.method.lower(), "responses", status),
    )


def provoked(context: Context, op: Operation) -> list[Example]:
    """The examples of `op` whose situation a request provokes."""
    return [
        e
        for e in context.index.named_examples(op)
        if isinstance(e.situation, dict) and any(kind in e.situation for kind in PROVOKED)
    ]


def situation_words(situation: dict[str, object]) -> str:
    """`customer_code=999999999`, or `a body of 65537 bytes`."""
    if "body-bytes" in situation:
        return f"a body of {situation['body-bytes']} bytes"
    values = situation.get("set")
    return ", ".join(f"{k}={v}" for k, v in values.items()) if isinstance(values, dict) else "?"


def expected_reason(example: Example) -> str | None:
    reason = example.value.get("reason") if isinstance(example.value, dict) else None
    return str(reason) if reason is not None else None


def situation_claim(context: Context, op: Operation, example: Example) -> Assumption:
    reason = expected_reason(example)
    expected = f"{example.status} {reason}" if reason else example.status
    return Assumption(
        id=assumption_id(Subject.STATUS, "situation", example.name),
        subject=Subject.STATUS,
        statement=f"{example.summary or example.name} ({situation_words(example.situation or {})}) "
        f"is answered {expected}",
        expected=expected,
        provenance=Provenance.of(context.index.response_provenance(op, example.status)),
        source=context.where(*example.at, "x-situation"),
    )


def assumptions(context: Context, op: Operation) -> Iterator[Assumption]:
    yield invalid_input(context, op)
    yield valid_input(context, op)
    for status in op.statuses:
        if status != "default":
            yield documented_status(context, op, status)
    for example in provoked(context, op):
        yield situation_claim(context, op, example)


def observe(context: Context, op: Operation, exchange: Exchange) -> Iterator[Observation]:
    status = str(exchange.status)
    if status in op.statuses:
        yield Observation(
            documented_status(context, op, status), op.label, Verdict.CONFIRMED, status, exchange
        )
    if exchange.expects is not None:
        # A planned probe is judged against the situation it provokes, not as any valid request.
        example = next((e for e in provoked(context, op) if e.name == exchange.expects), None)
        if example is not None:
            yield _situation(context, op, exchange, example)
        return
    if exchange.situation is Situation.INVALID:
        yield _invalid(context, op, exchange)
    elif exchange.situation is Situation.VALID:
        yield _valid(context, op, exchange)


def _invalid(context: Context, op: Operation, exchange: Exchange) -> Observation:
    claim = invalid_input(context, op)
    status = str(exchange.status)
    if status in context.index.statuses_of_role(op, VALIDATION):
        return Observation(claim, op.label, Verdict.CONFIRMED, status, exchange)
    if 200 <= exchange.status < 300:
        return Observation(
            claim, op.label, Verdict.REFUTED, status, exchange, message="invalid input was accepted"
        )
    body = exchange.json()
    validation = context.index.schema_of_role(VALIDATION)
    if isinstance(body, dict) and not context.schemas.component_errors(validation, body):
        ref = claim.id.rsplit(":", 1)[-1]
        return Observation(
            claim,
            op.label,
            Verdict.REFUTED,
            status,
            exchange,
            message=(
                f"invalid input is answered with the vendor's documented validation body under "
                f"HTTP {status}, not {claim.expected.split(' ')[0]}"
            ),
            edit=validation_elsewhere(context, claim, ref, status),
        )
    return Observation(
        claim, op.label, Verdict.REFUTED, status, exchange, message=f"invalid input is answered {status}"
    )


def _valid(context: Context, op: Operation, exchange: Exchange) -> Observation:
    status = str(exchange.status)
    main = valid_input(context, op)
    if status in _for_valid_input(context, op):
        return Observation(main, op.label, Verdict.CONFIRMED, status, exchange)
    extra = Assumption(
        id=assumption_id(Subject.STATUS, "valid", op.method, op.path, status),
        subject=Subject.STATUS,
        statement=f"{op.label} answers a valid request {status}",
        expected=main.expected,
        provenance=Provenance.INFERRED,
        source=main.source,
    )
    refused = status in context.index.statuses_of_role(op, VALIDATION)
    what = "refused as invalid" if refused else f"answered with the undocumented status {status}"
    return Observation(
        extra,
        op.label,
        Verdict.REFUTED,
        status,
        exchange,
        message=f"a valid request to {op.label} was {what}",
        suggestion=None
        if exchange.is_json and not refused
        else proposed(
            extra,
            f"# {extra.source}: document what the server answers under '{status}' "
            f"({'refused as invalid' if refused else exchange.content_type or 'no Content-Type'}): say when",
        ),
        edit=undocumented(context, op, extra, exchange) if exchange.is_json and not refused else None,
    )


def _situation(context: Context, op: Operation, exchange: Exchange, example: Example) -> Observation:
    claim = situation_claim(context, op, example)
    status = str(exchange.status)
    body = exchange.json()
    reason = body.get("reason") if isinstance(body, dict) else None
    wanted = expected_reason(example)
    if status == example.status and (wanted is None or reason in (None, wanted)):
        # `reason` is optional in the spec: the status alone confirms when the body has none.
        return Observation(claim, op.label, Verdict.CONFIRMED, status, exchange)
    said = f"{status} {reason}" if reason else status
    excerpt = exchange.body[:160].decode("utf-8", "replace")
    if status in context.index.statuses_of_role(op, VALIDATION):
        edit = (
            f"# {claim.source}: the server checks this input as a validation rule (Laravel's `exists`)\n"
            f"# and answers {status} with the validation body: move the example under '{status}' in the\n"
            "# operations that use it, and say so in the input's description"
        )
    elif 200 <= exchange.status < 300:
        edit = (
            f"# {claim.source}: the server serves the request ({status}): it does not check this input;\n"
            f"# drop the '{example.status}' example, or say in the input's description that it is not checked"
        )
    else:
        edit = (
            f"# {claim.source}: document what the server answers here\n'{status}':\n"
            f"  description: {example.summary or example.name} (observed).\n"
            f"  content:\n    application/json:\n      example: {excerpt}"
        )
    return Observation(
        claim,
        op.label,
        Verdict.REFUTED,
        status,
        exchange,
        message=f"{claim.statement.split(' is answered ')[0]} was answered {said} ({excerpt}), "
        f"not {claim.expected}",
        suggestion=proposed(claim, edit),
        weight=1,
    )


def settle(findings: list[Finding]) -> list[Finding]:
    """A valid request answered with an undocumented status that a refuted situation explains (an
    unknown customer is answered 403, for generated customers too) is named once: by the situation."""
    explained = {
        (operation, seen)
        for f in findings
        if f.id.startswith("status:situation:") and f.verdict is Verdict.REFUTED
        for operation in f.operations
        for seen, _ in f.seen
    }

    def explained_extra(finding: Finding) -> bool:
        parts = finding.id.split(":")
        if finding.verdict is not Verdict.REFUTED or parts[:2] != ["status", "valid"] or len(parts) != 5:
            return False
        return (f"{parts[2]} {parts[3]}", parts[4]) in explained

    return [f for f in findings if not explained_extra(f)]
