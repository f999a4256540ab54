"""make adopt (tools/adopt.py): each kind of proposed edit applied to a copy of openapi/ with comments, order
and quoting kept, each changed node marked; documented claims only when named; bad input in one sentence."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from contract.bundle import bundled_spec
from contract.model import Finding
from contract.redact import Redactor
from contract.report import finding_document
from contract.rules import Context
from contract.rules.edits import Change
from contract.sources import SourceMap
from contract.spec import SpecIndex
from contract.verdicts import Verdicts
from mock_server.app import from_environment
from tests.exchanges import CONTEXT, exchange, findings
from tests.live import REPO
from tools import adopt_kinds
from tools.adopt import CannotAdopt, adopt, main
from tools.lint import lint
from traffic.reports import write_reports

CURRENCIES = [
    {"currency_code": "EUR", "currency_name": "Euro", "currency_symbol": "€", "exchange_rate": 1},
    {"currency_code": "USD", "currency_name": "US Dollar", "currency_symbol": "$", "exchange_rate": 1.08},
]


def report(tmp_path: Path, *found: Finding) -> Path:
    documents = [finding_document(f, "X-API-KEY", Redactor("k")) for f in found if f.verdict == "refuted"]
    path = tmp_path / "findings.json"
    target = {"base_url": "https://api.example/customerarea"}
    path.write_text(json.dumps({"target": target, "findings": documents}), encoding="utf-8")
    return path


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    copy = tmp_path / "openapi"
    shutil.copytree(REPO / "openapi", copy)
    return copy


def adopted(tmp_path: Path, spec: Path, *found: Finding, only: list[str] | None = None) -> str:
    out = io.StringIO()
    adopt(report(tmp_path, *found), only or [], spec, dry_run=False, out=out)
    return out.getvalue()


def schema(spec: Path, name: str) -> Any:
    return adopt_kinds.load(spec / "components" / "schemas" / f"{name}.yaml")


def test_a_list_answered_as_an_object_becomes_an_object_of_its_items_not_a_bare_object(
    tmp_path: Path, spec: Path
) -> None:
    by_code = {c["currency_code"]: c for c in CURRENCIES}
    found = findings(exchange("/directory/currencies", 200, {"code": 200, "content": by_code}))
    printed = adopted(tmp_path, spec, *found)
    assert "applied response_schema:CurrenciesResponse:content:type: " in printed, printed
    content = schema(spec, "CurrenciesResponse")["properties"]["content"]
    assert content["type"] == "object" and "items" not in content
    assert content["additionalProperties"] == {"$ref": "#/components/schemas/Currency"}
    (mark,) = content["x-observed"]
    assert content["x-provenance"] == "observed" and mark["host"] == "api.example"
    assert mark["evidence"].startswith("curl ") and '"X-API-KEY: $API_KEY"' in mark["evidence"]
    assert content["x-keyed-by"] == "currency_code"
    example = adopt_kinds.load(spec / "components" / "examples" / "Currencies.yaml")
    assert list(example["value"]["content"]) == ["EUR", "USD"]


def test_the_spec_lint_and_the_mock_follow_an_adopted_object_of_items(
    tmp_path: Path, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_code = {c["currency_code"]: c for c in CURRENCIES}
    adopted(
        tmp_path, spec, *findings(exchange("/directory/currencies", 200, {"code": 200, "content": by_code}))
    )
    assert lint(spec / "openapi.yaml") == []
    monkeypatch.setenv("MOCK_SPEC", str(spec / "openapi.yaml"))
    with TestClient(from_environment()) as client:
        answer = client.get("/customerarea/directory/currencies", headers={"X-API-KEY": "mock-dev-key"})
    assert answer.status_code == 200, answer.text
    content = answer.json()["content"]
    assert list(content) == ["EUR", "USD", "GBP", "CHF"] and content["USD"]["currency_code"] == "USD"


def test_a_field_not_sent_is_no_longer_required_and_a_field_of_another_type_keeps_its_description(
    tmp_path: Path, spec: Path
) -> None:
    sent = [
        {**CURRENCIES[0], "exchange_rate": "1"},
        {k: v for k, v in CURRENCIES[1].items() if k != "currency_symbol"},
    ]
    found = findings(exchange("/directory/currencies", 200, {"code": 200, "content": sent}))
    before = (spec / "components" / "schemas" / "Currency.yaml").read_text(encoding="utf-8")
    adopted(tmp_path, spec, *found)
    currency = schema(spec, "Currency")
    assert "currency_symbol" not in currency["required"]
    assert currency["properties"]["currency_symbol"]["x-provenance"] == "observed"
    rate = currency["properties"]["exchange_rate"]
    assert rate["type"] == "string" and rate["description"].startswith("Units of this currency")
    assert "minimum" not in rate and "exclusiveMinimum" not in rate
    after = adopt_kinds.load(spec / "components" / "schemas" / "Currency.yaml")
    # Everything else as written: the keys in their order, the other fields untouched.
    assert list(after) == [*list(adopt_kinds.YAML_RT.load(before))] and list(after["properties"]) == [
        "currency_code",
        "currency_name",
        "currency_symbol",
        "exchange_rate",
    ]
    assert after["properties"]["currency_name"] == {"type": "string", "example": "Euro"}


def test_a_documented_claim_is_applied_only_when_named(tmp_path: Path, spec: Path) -> None:
    found = findings(
        exchange("/licenses/available", 200, {"code": 200, "content": []}, content_type="text/html")
    )
    contradicting = [f for f in found if f.edit is not None and f.edit.contradicts_documentation]
    assert contradicting, [f.id for f in found if f.verdict == "refuted"]
    name = contradicting[0].id
    assert f"not applied {name}: it contradicts the vendor's documentation" in adopted(tmp_path, spec, *found)
    assert f"applied {name}: " in adopted(tmp_path, spec, *found, only=[name])


def test_a_missing_path_is_not_applied_and_says_a_person_must_find_it(tmp_path: Path, spec: Path) -> None:
    found = findings(exchange("/directory/licenses/versions", 404, b"<html>Not Found</html>"))
    printed = adopted(tmp_path, spec, *found)
    assert "not applied path:GET:/directory/licenses/versions: no edit: the path is absent" in printed
    assert "a person must find the real path" in printed


def test_a_bad_findings_file_or_an_unknown_id_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert main(["--findings", str(tmp_path / "bad.json")]) == 2
    assert main(["--findings", str(tmp_path / "absent.json")]) == 2
    empty = report(tmp_path)
    assert main(["--findings", str(empty), "--only", "status:nothing"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3 and all(line.startswith("make adopt: ") for line in lines), lines
    assert "is not JSON" in lines[0] and "cannot read" in lines[1] and "status:nothing" in lines[2]
    with pytest.raises(CannotAdopt):
        adopt(empty, ["x"], tmp_path, dry_run=True)


def test_the_proxys_traffic_findings_are_adopted_the_same_way(tmp_path: Path, spec: Path) -> None:
    folded = Verdicts(CONTEXT)
    by_code = {c["currency_code"]: c for c in CURRENCIES}
    folded.add(exchange("/directory/currencies", 200, {"code": 200, "content": by_code}))
    write_reports(folded, {"base_url": "https://api.example/customerarea"}, tmp_path, "traffic")
    out = io.StringIO()
    adopt(tmp_path / "traffic-findings.json", [], spec, dry_run=True, out=out)
    assert "would apply response_schema:CurrenciesResponse:content:type: " in out.getvalue()
    assert "1 of 1 finding(s) would be applied (dry run: nothing written)" in out.getvalue()
    assert schema(spec, "CurrenciesResponse")["properties"]["content"]["type"] == "array"


def test_comments_quoting_and_order_are_kept_and_every_spec_file_reads_back_as_written(
    tmp_path: Path,
) -> None:
    written = (
        "# why this operation exists\nget:\n  responses:\n    '200':  # the success\n"
        '      description: "Done"\n'
        "    '503':\n      description: Down\n"
    )
    path = tmp_path / "op.yaml"
    path.write_text(written, encoding="utf-8")
    document = adopt_kinds.load(path)
    value = {"key": "429", "value": {"description": "Slow down"}}
    change = Change("add-entry", "openapi/op.yaml", "/get/responses", value)
    assert adopt_kinds.APPLY["add-entry"](document, change, {"date": "2026-12-02"}) is None
    text = adopt_kinds.dump(document)
    assert text.startswith("# why this operation exists\n") and "'200':  # the success" in text
    assert 'description: "Done"' in text and text.index("'200'") < text.index("'429'") < text.index("'503'")
    for spec_file in sorted((REPO / "openapi").rglob("*.yaml")):
        original = spec_file.read_text(encoding="utf-8")
        assert adopt_kinds.dump(adopt_kinds.load(spec_file)) == original, spec_file


def test_an_undocumented_status_is_documented_with_its_body_and_then_confirmed(
    tmp_path: Path, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = {"message": "This action is unauthorized."}
    answer = exchange("/licenses/available", 403, refused)
    printed = adopted(tmp_path, spec, *findings(answer))
    assert "applied status:valid:GET:/licenses/available:403: " in printed, printed
    response = adopt_kinds.load(spec / "paths" / "licenses_available.yaml")["get"]["responses"]["403"]
    media = response["content"]["application/json"]
    assert media["examples"]["observed"]["value"] == refused and response["x-provenance"] == "observed"
    assert media["schema"]["properties"] == {"message": {"type": "string"}}
    assert lint(spec / "openapi.yaml") == []
    adopted_spec = Context(SpecIndex(bundled_spec(spec / "openapi.yaml")), SourceMap(spec / "openapi.yaml"))
    again = Verdicts(adopted_spec)
    again.add(answer)
    verdicts = {f.id: f.verdict for f in again.findings()}
    assert verdicts["status:valid:GET:/licenses/available"] == "confirmed", verdicts
    monkeypatch.setenv("MOCK_SPEC", str(spec / "openapi.yaml"))
    with TestClient(from_environment()) as client:
        forced = client.get(
            "/customerarea/licenses/available?customer_code=1",
            headers={"X-API-KEY": "mock-dev-key", "Prefer": "code=403"},
        )
    assert (forced.status_code, forced.json()) == (403, refused)
