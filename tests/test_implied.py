"""Verdicts implied for claims the findings engine makes only to refute them (contract/implied.py): a fixed
field or status is confirmed once what covers it is, from findings the real engine wrote."""

from __future__ import annotations

from typing import Any

from contract.implied import covering, implied
from contract.model import Finding, Verdict
from contract.redact import NOTHING
from contract.report import finding_document
from contract.rules import Context
from tests.documented import INDEX
from tests.test_findings import exchange, findings

CATALOGUE = Context(INDEX).catalogue
NO_SYMBOL = {"code": 200, "content": [{"currency_code": "EUR", "currency_name": "Euro", "exchange_rate": 1}]}
FORBIDDEN = {"message": "This action is unauthorized."}


def refuted_document(*found: Finding) -> dict[str, Any]:
    (claim,) = [f for f in found if f.verdict is Verdict.REFUTED]
    return finding_document(claim, "X-API-KEY", NOTHING)


def test_a_missing_field_is_covered_by_its_whole_body_claim_of_the_spec() -> None:
    field = refuted_document(*findings(exchange("/directory/currencies", 200, NO_SYMBOL)))
    assert field["id"] == "response_schema:Currency:content.currency_symbol:missing"
    assert field["id"] not in CATALOGUE
    assert covering(field) == ["response_schema:GET:/directory/currencies:200"]
    assert all(claim in CATALOGUE for claim in covering(field))


def test_an_undocumented_status_is_covered_by_the_valid_input_claim() -> None:
    extra = refuted_document(*findings(exchange("/licenses/available", 403, FORBIDDEN)))
    assert extra["id"] == "status:valid:GET:/licenses/available:403" and extra["id"] not in CATALOGUE
    assert covering(extra) == ["status:valid:GET:/licenses/available"]


def test_a_fixed_field_is_confirmed_when_its_body_is_and_untested_when_its_body_was_not_seen() -> None:
    field = refuted_document(*findings(exchange("/directory/currencies", 200, NO_SYMBOL)))
    fixed = {"currency_code": "EUR", "currency_name": "Euro", "currency_symbol": "€", "exchange_rate": 1}
    now = {
        f.id: f.verdict
        for f in findings(exchange("/directory/currencies", 200, {"code": 200, "content": [fixed]}))
    }
    assert now["response_schema:GET:/directory/currencies:200"] is Verdict.CONFIRMED
    (confirmed,) = implied({field["id"]: field}, now, CATALOGUE).values()
    assert confirmed["verdict"] == "confirmed" and confirmed["implied_by"] == covering(field)
    assert confirmed["evidence"] is None and "not refuted again" in confirmed["message"]
    unseen = {f.id: f.verdict for f in findings()}
    assert implied({field["id"]: field}, unseen, CATALOGUE)[field["id"]]["verdict"] == "untested"


def test_nothing_is_implied_for_a_claim_of_the_catalogue_one_still_made_or_one_nothing_covers() -> None:
    field = refuted_document(*findings(exchange("/directory/currencies", 200, NO_SYMBOL)))
    now = {f.id: f.verdict for f in findings(exchange("/directory/currencies", 200, NO_SYMBOL))}
    path = {"id": "path:GET:/directory/currencies", "subject": "path", "verdict": "refuted"}
    other_spec = {**field, "operations": ["GET /directory/gone"]}
    known = {field["id"]: field, path["id"]: path, "response_schema:Old:x:missing": other_spec}
    assert implied(known, now, CATALOGUE) == {}
