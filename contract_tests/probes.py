"""The probe plan (contract/plan.py), sent before generation, cheapest first.

Against a live server every probe goes through the guarded transport, so the safety policy, the
request budget and the rate limits hold as for every other request: a probe that writes is sent only
when ALLOW_WRITES=1 lets it, and one to an operation that spends credit never (made to be refused,
it would still count against MAX_PAID, which the state machine needs). In-process the mock answers
them all. The plain reads come first: a run that cannot test stops there, in one sentence
(contract_tests/preflight.py). A refusal's situation that sets an input other than the customer is
sent only when the plain read of its operation was served: a customer the server does not know
would answer for it (give CUSTOMER_CODE=<a customer of yours> against the real API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from contract.coverage import RunState
from contract.model import Exchange
from contract.plan import WRONG_KEY, Credential, Plan, Probe
from contract_tests.preflight import exchange_of, judge_reads, unreachable
from contract_tests.target import BudgetSpent, Target, UnsafeRequest


@dataclass
class PlanRun:
    answered: dict[str, str] = field(default_factory=dict)  # probe id -> its answer: `200 {"code":...`
    skipped: dict[str, str] = field(default_factory=dict)
    budget_spent: bool = False
    served: dict[str, int] = field(default_factory=dict)  # operation -> the plain read's status

    def state(self, target: Target) -> RunState:
        return RunState(
            writes_allowed=target.allow_writes,
            paid_allowed=target.allow_paid,
            answered=dict(self.answered),
            skipped=dict(self.skipped),
            max_requests=target.max_requests,
            budget_spent=self.budget_spent,
        )


def headers(target: Target, probe: Probe) -> dict[str, str]:
    found = {"Content-Type": "application/json"} if probe.content() is not None else {}
    if probe.credential is Credential.KEY:
        found[target.key_header] = target.api_key
    elif probe.credential is Credential.WRONG:
        found[target.key_header] = WRONG_KEY
    return found


def why_not(target: Target, probe: Probe, done: PlanRun) -> str | None:
    """Why this run does not send a probe (None: it does)."""
    op = probe.operation
    if probe.writes and not target.may_send_key(op.method, target.base_url + op.path):
        paid = " and ALLOW_PAID=1" if probe.spends_credit else ""
        return f"it writes: it needs ALLOW_WRITES=1{paid}"
    if probe.spends_credit and target.live:
        # Made to be refused, but the guard cannot know: each would count against MAX_PAID, which is
        # the state machine's, for the paid requests that test the business rules.
        return "it counts as paid: the plan leaves MAX_PAID to the state machine"
    read = done.served.get(op.label)
    situation = (probe.answer.situation if probe.answer is not None else None) or {}
    sets = situation.get("set") if isinstance(situation.get("set"), dict) else {}
    if sets and "customer_code" not in sets and read is not None and not 200 <= read < 300:
        return (
            f"the plain read of {op.label} answered {read}, so its situations cannot be told apart "
            "(give CUSTOMER_CODE=<a customer of yours>)"
        )
    return None


def run(target: Target, plan: Plan, client: httpx.Client, observe: Callable[[Exchange], None]) -> PlanRun:
    """Send the plan's probes in order; each answer goes to `observe` (the run's verdicts)."""
    done = PlanRun()
    probes = plan.sent_by_plan()
    reads = [p for p in probes if p.id.startswith("read:")]
    try:
        send(target, reads, client, observe, done)
    except httpx.TransportError as error:
        raise unreachable(target, error) from None
    judge_reads(target, target.base_path, list(done.served.values()))
    send(target, [p for p in probes if p not in reads], client, observe, done)
    return done


def send(
    target: Target,
    probes: list[Probe],
    client: httpx.Client,
    observe: Callable[[Exchange], None],
    done: PlanRun,
) -> None:
    for probe in probes:
        if done.budget_spent:
            return
        reason = why_not(target, probe, done)
        if reason is not None:
            done.skipped[probe.id] = reason
            continue
        try:
            response = client.request(
                probe.operation.method,
                target.base_url + probe.operation.path,
                params=probe.query,
                content=probe.content(),
                headers=headers(target, probe),
            )
        except BudgetSpent:
            done.budget_spent = True
            return
        except UnsafeRequest as refusal:
            done.skipped[probe.id] = str(refusal)
            target.refused.append(str(refusal))
            continue
        except httpx.TransportError as error:
            if probe.id.startswith("read:"):
                raise
            done.skipped[probe.id] = f"the server did not answer it ({error or type(error).__name__})"
            continue
        excerpt = target.redactor(response.content[:80].decode("utf-8", "replace"))
        done.answered[probe.id] = (
            f"{response.status_code} `{excerpt}`" if excerpt else str(response.status_code)
        )
        if probe.id.startswith("read:"):
            done.served[probe.operation.label] = response.status_code
        observe(exchange_of(response, probe.operation.path, probe.situation, target.redactor, probe.expects))
