"""Coverage that says why: for each untested assumption, the reason (it needs writes, and what ALLOW_WRITES=1
would send; a state only writes create; the budget ran out...), and the counts a summary opens with:
tested, testable read-only, needing writes.

Pure: the plan (contract/plan.py), the findings and what the run did are all it reads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from contract.model import Finding, Verdict
from contract.plan import Plan, Probe, Sending

SANDBOX = "ALLOW_WRITES=1 CUSTOMER_CODE=<a sandbox customer>"


@dataclass(frozen=True)
class RunState:
    """What the run did with the plan."""

    writes_allowed: bool = False
    paid_allowed: bool = False
    answered: Mapping[str, str] = field(default_factory=dict)  # probe id -> its answer: `200 {"code":...`
    skipped: Mapping[str, str] = field(default_factory=dict)  # probe id -> why it was not sent
    max_requests: int | None = None
    budget_spent: bool = False


def _write(probe: Probe) -> str:
    paid = " (it spends credit: ALLOW_PAID=1 too)" if probe.spends_credit else ""
    return f"`{probe.words()}`{paid}"


def why_untested(plan: Plan, assumption_id: str, state: RunState) -> str:
    probes = plan.testing(assumption_id)
    budget = f"the request budget ran out (MAX_REQUESTS={state.max_requests})"
    read_only = [p for p in probes if p.read_only]
    for probe in read_only:
        if probe.id in state.skipped:
            return f"its probe `{probe.words()}` was not sent: {state.skipped[probe.id]}"
    sent = [p for p in read_only if p.id in state.answered]
    if read_only and not sent and state.budget_spent:
        return f"{budget} before its probe `{read_only[0].words()}`"
    if sent:
        answered = f"its probe `{sent[0].words()}` was answered {state.answered[sent[0].id]}"
        situation = f"status:situation:{sent[0].expects}"
        if sent[0].expects and assumption_id != situation:
            return f"{answered}: see `{situation}`"
        return f"{answered}, which tells nothing of it"
    writes = [p for p in probes if p.writes and p.sending in (Sending.PLAN, Sending.GENERATION)]
    if writes and not state.writes_allowed:
        chosen = sorted(writes, key=lambda p: p.spends_credit)[0]
        return f"it needs writes: {SANDBOX} would send {_write(chosen)}"
    if writes and not state.paid_allowed and all(p.spends_credit for p in writes):
        return f"it spends credit: ALLOW_PAID=1 would send {_write(writes[0])}"
    held = [p for p in writes if p.id in state.skipped]
    if held and not any(p.id in state.answered for p in writes):
        return f"its probe `{held[0].words()}` was not sent: {state.skipped[held[0].id]}"
    states = [p for p in probes if p.sending is Sending.STATE]
    if states:
        return f"it needs a state only writes create: {states[0].why_not}" + (
            "" if state.writes_allowed else f" ({SANDBOX}: the state machine may reach it)"
        )
    for kind, words in ((Sending.NEVER, "the kit never sends its request"), (Sending.UNPROVOKABLE, "")):
        chosen_probe = next((p for p in probes if p.sending is kind), None)
        if chosen_probe is not None:
            return (
                f"{words}: {chosen_probe.why_not}"
                if words
                else f"no request provokes it: {chosen_probe.why_not}"
            )
    if writes:
        return "no write this run met it" + (f": {budget}" if state.budget_spent else "")
    met = "generation did not meet it" + (f" before {budget}" if state.budget_spent else "")
    return f"no planned request tests it; {met}"


def explain(plan: Plan, findings: list[Finding], state: RunState) -> list[Finding]:
    """The findings, each untested one with its reason."""
    return [
        dataclasses.replace(f, why_untested=why_untested(plan, f.id, state))
        if f.verdict is Verdict.UNTESTED
        else f
        for f in findings
    ]


def counts(plan: Plan, findings: list[Finding]) -> dict[str, Any]:
    """Tested of all; tested of those a read-only run can test; how many need writes."""
    tested = {f.id for f in findings if f.verdict is not Verdict.UNTESTED}
    read_only = plan.read_only_testable()
    known = {f.id for f in findings}
    return {
        "tested": len(tested),
        "assumptions": len(findings),
        "testable_read_only": len(read_only & known),
        "tested_read_only": len(read_only & tested),
        "needing_writes": len(plan.needing_writes() & known),
        "tested_needing_writes": len(plan.needing_writes() & tested),
    }
