"""The probe plan (contract/plan.py): one deliberate request per testable assumption, cheapest first, from the
spec's data; every probe answered as planned by the honest mock (a wrong probe fails here); and coverage
that says why the rest stay untested (contract/coverage.py)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from contract.coverage import RunState, counts, explain
from contract.model import Exchange, Situation, Verdict
from contract.plan import NOT_A_NUMBER, WRONG_KEY, Credential, Plan, Probe
from contract.rules import Context, evaluate
from contract.spec import SpecIndex
from contract.verdicts import Verdicts
from tests.conftest import DEV_KEY, client
from tests.documented import BASE_PATH, INDEX, bundle
from tests.exchanges import CONTEXT

PLAN = Plan.build(CONTEXT)
READ_ONLY = [p for p in PLAN.sent_by_plan() if p.read_only]


def test_the_read_only_probes_come_first_one_per_assumption_kind() -> None:
    order = [p.id for p in PLAN.sent_by_plan()]
    assert order[:3] == [f"read:GET:{op.path}" for op in INDEX.operations if op.method == "GET"]
    assert order.index(READ_ONLY[-1].id) < min(order.index(p.id) for p in PLAN.sent_by_plan() if p.writes)
    kinds = {p.id.split(":")[0] for p in READ_ONLY}
    assert kinds == {"read", "no-key", "wrong-key", "malformed", "situation"}
    # Every operation's path and key check, writes sent without the key and with nothing to write.
    for op in INDEX.operations:
        (no_key,) = [p for p in READ_ONLY if p.id == f"no-key:{op.method}:{op.path}"]
        assert no_key.credential is Credential.NONE and (op.method == "GET" or no_key.body == {})
    assert len(READ_ONLY) <= 25, [p.id for p in READ_ONLY]


def test_every_read_is_sent_one_wrong_input_even_one_that_takes_none() -> None:
    by_id = {p.id: p for p in READ_ONLY}
    for op in INDEX.operations:
        if op.method == "GET":
            assert by_id[f"malformed:GET:{op.path}"].situation is Situation.INVALID
    # The directories take no input: a parameter they do not take, as their validation example names it.
    unexpected = by_id["malformed:GET:/directory/currencies"]
    assert unexpected.query == {"page": "2"} and unexpected.answer is not None
    assert unexpected.answer.name == "ParameterNotAllowed"
    assert "status:invalid:ParameterNotAllowed" in unexpected.tests


def test_each_refusal_situation_of_a_read_is_a_probe_with_the_input_set() -> None:
    by_id = {p.id: p for p in READ_ONLY}
    currency = by_id["situation:CurrencyNotFound:GET:/licenses/available"]
    assert currency.query == {"customer_code": 1, "currency_code": "ZZZ"}
    assert by_id["situation:CustomerNotFound:GET:/licenses/available"].query == {"customer_code": 999999999}
    big = by_id["situation:PayloadTooLarge:GET:/directory/currencies"]
    assert len(big.content() or b"") == 65537


def test_writes_are_planned_with_what_they_spend_and_never_for_another_customer() -> None:
    by_id = {p.id: p for p in PLAN.probes}
    bulk = by_id["situation:CurrencyNotFound:POST:/licenses/bulk"]
    assert bulk.writes and bulk.spends_credit and bulk.body and bulk.body["currency_code"] == "ZZZ"
    cancel = by_id["situation:LicenseNotFound:POST:/licenses/cancel"]
    assert cancel.writes and not cancel.spends_credit
    stranger = by_id["situation:CustomerNotFound:POST:/licenses/demo"]
    assert stranger.sending == "never" and "another customer" in stranger.why_not
    assert by_id["situation:DemoLimitReached:POST:/licenses/demo"].sending == "state"
    assert by_id["situation:ServiceUnavailable:GET:/directory/currencies"].sending == "unprovokable"
    sandbox = Plan.build(CONTEXT, customer_code=42)
    sent = [p for p in sandbox.probes if p.writes and p.sending == "plan" and p.body]
    named = {p.body.get("customer_code") for p in sent if p.body}
    assert named <= {42, NOT_A_NUMBER}  # the sandbox customer, or no customer at all (a malformed one)


def test_a_situation_is_data_a_new_example_becomes_a_probe() -> None:
    spec = bundle()
    spec["components"]["examples"]["VersionNotFound"] = {
        "summary": "A version the catalog does not have",
        "x-situation": {"set": {"version_code": 9999}},
        "value": {"code": 404, "message": "No such version.", "reason": "license_code_not_found"},
    }
    examples = spec["paths"]["/licenses/available"]["get"]["responses"]["404"]["content"]["application/json"]
    examples["examples"]["versionNotFound"] = {"$ref": "#/components/examples/VersionNotFound"}
    plan = Plan.build(Context(SpecIndex(spec)))
    (probe,) = [p for p in plan.probes if p.expects == "VersionNotFound"]
    assert probe.query == {"customer_code": 1, "version_code": 9999} and probe.read_only
    assert "status:situation:VersionNotFound" in probe.tests


@pytest.fixture(scope="module")
def mock() -> TestClient:
    return client(raise_server_exceptions=False)


def send(mock: TestClient, probe: Probe) -> Exchange:
    headers = {"Content-Type": "application/json"} if probe.content() is not None else {}
    if probe.credential is not Credential.NONE:
        headers["X-API-KEY"] = DEV_KEY if probe.credential is Credential.KEY else WRONG_KEY
    op = probe.operation
    answer = mock.request(
        op.method, BASE_PATH + op.path, params=probe.query, content=probe.content(), headers=headers
    )
    return Exchange(
        op.method, str(answer.url), op.path, probe.situation, headers, probe.content(), answer.status_code,
        answer.headers.get("content-type", ""), answer.content, dict(answer.headers), expects=probe.expects,
    )  # fmt: skip


@pytest.mark.parametrize("probe", PLAN.sent_by_plan(), ids=lambda p: p.id)
def test_the_honest_mock_answers_every_probe_as_planned(mock: TestClient, probe: Probe) -> None:
    answer = send(mock, probe)
    assert probe.answer is not None and str(answer.status) == probe.answer.status, answer.body[:300]
    observed = evaluate(CONTEXT, answer)
    refuted = [o.message for o in observed if o.verdict is Verdict.REFUTED]
    confirmed = {o.assumption.id for o in observed if o.verdict is Verdict.CONFIRMED}
    assert not refuted and probe.tests <= confirmed, (refuted, sorted(probe.tests - confirmed))


def untested_reasons(state: RunState) -> dict[str, str]:
    nothing_seen = Verdicts(CONTEXT).findings()
    return {f.id: f.why_untested for f in explain(PLAN, nothing_seen, state)}


def test_an_untested_assumption_says_why() -> None:
    why = untested_reasons(RunState())
    assert why["status:documented:POST:/licenses/demo:200"].startswith(
        "it needs writes: ALLOW_WRITES=1 CUSTOMER_CODE=<a sandbox customer> would send `POST /licenses/demo"
    )
    assert "it spends credit: ALLOW_PAID=1 too" in why["status:documented:POST:/licenses/bulk:200"]
    assert why["status:documented:POST:/licenses/demo:409"].startswith(
        "it needs a state only writes create: the customer already had 2 demo licenses"
    )
    assert why["status:documented:GET:/directory/currencies:503"].startswith("no request provokes it")
    assert why["status:documented:POST:/licenses/demo:404"].startswith("the kit never sends its request")
    assert why["status:documented:GET:/directory/currencies:422"].startswith("no planned request tests it")


def test_a_probe_the_budget_or_the_run_left_out_is_named() -> None:
    probe = "situation:CurrencyNotFound:GET:/licenses/available"
    spent = untested_reasons(RunState(max_requests=5, budget_spent=True))["status:situation:CurrencyNotFound"]
    assert spent == (
        "the request budget ran out (MAX_REQUESTS=5) before its probe "
        "`GET /licenses/available?customer_code=1&currency_code=ZZZ`"
    )
    skipped = untested_reasons(RunState(skipped={probe: "the plain read answered 404"}))
    assert skipped["status:situation:CurrencyNotFound"].endswith("was not sent: the plain read answered 404")
    big = "situation:PayloadTooLarge:GET:/directory/currencies"
    answered = untested_reasons(RunState(answered={big: '200 `{"code": 404, "content": []}`'}))
    assert answered["status:documented:GET:/directory/currencies:413"].endswith(
        'was answered 200 `{"code": 404, "content": []}`: see `status:situation:PayloadTooLarge`'
    )
    assert answered["status:situation:PayloadTooLarge"].endswith("which tells nothing of it")


def test_the_counts_are_of_the_plans_read_only_and_write_assumptions() -> None:
    findings: list[Any] = Verdicts(CONTEXT).findings()
    found = counts(PLAN, findings)
    assert found["testable_read_only"] == len(PLAN.read_only_testable()) > 40
    assert found["needing_writes"] == len(PLAN.needing_writes()) > 20
    assert found["tested"] == found["tested_read_only"] == 0
    assert not PLAN.read_only_testable() & PLAN.needing_writes()
