"""Findings against servers that depart from the spec: each departure named once, with the right verdict."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.documented import INDEX
from tests.exchanges import exchange, findings, verdicts
from tests.live import contract_run, findings_of, free_port, refuted, running_mock

SECRET = "findings-secret-93b1"


def named_each(doc: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(f["operation"], f["subject"], f["observed"]["status"]) for f in refuted(doc)]


@pytest.fixture(scope="module")
def deviating_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    folder = tmp_path_factory.mktemp("deviating")
    with running_mock(module="tests.deviating_server", env={"MOCK_API_KEY": SECRET}) as (url, _):
        return contract_run(folder, url, SECRET), folder


@pytest.mark.e2e
def test_each_departure_of_a_deviating_server_is_one_refuted_finding(deviating_run: Any) -> None:
    result, folder = deviating_run
    assert result.returncode == 1, result.stdout[-2000:]
    doc = findings_of(folder)
    named = {(f["operation"], f["subject"], f["observed"]["status"]) for f in refuted(doc)}
    departures = {
        ("GET /directory/licenses/versions", "path", 404),
        ("GET /licenses/available", "status", 500),  # the vendor's validation body under 500
        ("GET /directory/currencies", "response_schema", 200),  # no currency_symbol
        ("POST /licenses/demo", "auth", 200),  # answers without a key
        ("GET /licenses/available", "status", 403),  # an undocumented status
    }
    assert departures <= named, named
    for departure in departures:  # each named once: no other finding tells the same departure again
        assert [key for key in named_each(doc) if key == departure] == [departure], named_each(doc)
    assert len(refuted(doc)) <= 20, [f["message"] for f in refuted(doc)]
    by_subject = {(f["operation"], f["subject"], f["observed"]["status"]): f for f in refuted(doc)}
    missing = by_subject[("GET /directory/currencies", "response_schema", 200)]
    assert "`currency_symbol`" in missing["message"] and missing["source"].startswith(
        "openapi/components/schemas/Currency.yaml#"
    )
    assert (
        "404 with a non-JSON body, before the key was checked"
        in by_subject[("GET /directory/licenses/versions", "path", 404)]["message"]
    )
    validation = by_subject[("GET /licenses/available", "status", 500)]
    assert "vendor's documented validation body under HTTP 500, not 422" in validation["message"]
    assert "key: '500'" in validation["suggestion"] and validation["proposed_edit"]["changes"]
    assert "contradicts the vendor's docs" in by_subject[("POST /licenses/demo", "auth", 200)]["message"]


@pytest.mark.e2e
def test_the_documented_l1_shape_is_confirmed_and_the_report_shapes_hold(deviating_run: Any) -> None:
    result, folder = deviating_run
    doc = findings_of(folder)
    assert set(doc) == {"target", "coverage", "findings"}
    confirmed = {
        (f["operation"], f["subject"], f["observed"]["status"])
        for f in doc["findings"]
        if f["verdict"] == "confirmed"
    }
    assert ("GET /licenses/available", "response_schema", 200) in confirmed
    for finding in doc["findings"]:
        assert {
            "operation",
            "verdict",
            "provenance",
            "subject",
            "expected",
            "observed",
            "source",
            "evidence",
            "message",
        } <= set(finding)
        assert "status" in finding["observed"]
    for finding in refuted(doc):
        assert finding["evidence"].startswith("curl ")
        # The key, where the request had one, as the shell's $API_KEY (a keyless probe has none).
        assert ("$API_KEY" in finding["evidence"]) == (finding["subject"] != "auth"), finding["evidence"]
        assert "127.0.0.1" in finding["evidence"]  # the real target, not an in-process placeholder
        if finding["provenance"] == "inferred":
            assert finding.get("suggestion"), finding
    assert doc["coverage"]["auth_tested_only"] == [
        "POST /licenses/bulk",
        "POST /licenses/cancel",
        "POST /licenses/demo",
        "POST /licenses/renew",
    ]
    summary = (folder / "reports" / "contract-summary.md").read_text(encoding="utf-8")
    assert summary.index("### Refuted") < summary.index("### Untested") < summary.index("### Confirmed")
    version = INDEX.spec["info"]["version"]
    for fact in ("Duration s:", "Commit:", f"Spec version: {version}", "schemathesis", "Hypothesis: profile"):
        assert fact in summary
    junit = (folder / "reports" / "contract-findings-junit.xml").read_text(encoding="utf-8")
    assert junit.count("<testcase ") == len(doc["findings"]) and junit.count("<failure ") == len(refuted(doc))
    written = [
        p.read_bytes().decode("utf-8", "replace") for p in (folder / "reports").rglob("*") if p.is_file()
    ]
    everything = [result.stdout, result.stderr, *written]  # kept runs and the history's SQLite file too
    assert not [text for text in everything if SECRET in text]


@pytest.fixture(scope="module")
def honest_mock() -> Iterator[str]:
    with running_mock(env={"MOCK_API_KEY": SECRET}) as (url, _):
        yield url


# A few seeds here; bench/findings_seeds.py runs 20 (the measure: 0 refuted in 20).
@pytest.mark.e2e
@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_the_honest_mock_yields_no_refuted_finding_whatever_the_seed(
    honest_mock: str, tmp_path: Path, seed: str
) -> None:
    result = contract_run(
        tmp_path, honest_mock, SECRET, SEED=seed, HYPOTHESIS_PROFILE="teeth", MAX_REQUESTS="400"
    )
    assert result.returncode == 0, result.stdout[-2000:]
    doc = findings_of(tmp_path)
    assert refuted(doc) == [] and doc["coverage"]["documented"]["confirmed"] > 0
    assert doc["target"]["seed"] == int(seed) and f"make contract SEED={seed}" in doc["target"]["hypothesis"]
    cover = doc["coverage"]
    assert cover["tested_read_only"] == cover["testable_read_only"] > 40


@pytest.mark.e2e
def test_a_run_that_cannot_test_fails_in_one_sentence(tmp_path: Path) -> None:
    with running_mock(env={"MOCK_API_KEY": SECRET}) as (url, _):
        wrong_key = contract_run(tmp_path, url, "an-expired-key")
        no_base_path = contract_run(tmp_path, url.removesuffix("/customerarea"), SECRET)
    dead_port = contract_run(tmp_path, f"http://127.0.0.1:{free_port()}/customerarea", SECRET)
    log = tmp_path / "requests.jsonl"
    with running_mock("--log", str(log), module="tests.recording_server", env={"MOCK_API_KEY": "kk"}) as (
        url,
        _,
    ):
        short_key = contract_run(tmp_path, url, "kk")
    assert [line for line in log.read_text().splitlines() if "openapi.json" not in line] == []  # nothing sent
    for result, cause in (
        (wrong_key, "the key was refused: every keyed request answered 401"),
        (no_base_path, "check that BASE_URL ends in /customerarea"),
        (dead_port, "cannot reach http://127.0.0.1:"),
        (short_key, "API_KEY is 2 characters long, 1 of them different: the kit needs at least 12"),
    ):
        lines = (result.stdout + result.stderr).strip().splitlines()
        assert result.returncode != 0 and len(lines) == 1 and cause in lines[0], lines[:5]
        assert "an-expired-key" not in lines[0]


@pytest.mark.e2e
def test_a_request_budget_stops_sending_and_still_reports(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    with running_mock("--log", str(log), module="tests.recording_server", env={"MOCK_API_KEY": SECRET}) as (
        url,
        _,
    ):
        result = contract_run(tmp_path, url, SECRET, MAX_REQUESTS="40")
    sent = [line for line in log.read_text(encoding="utf-8").splitlines() if "openapi.json" not in line]
    assert len(sent) <= 40, len(sent)
    doc = findings_of(tmp_path)
    assert doc["target"]["requests_sent"] == 40 and refuted(doc) == [], result.stdout[-2000:]


def test_a_documented_json_404_is_a_business_answer_not_a_missing_path() -> None:
    unknown = {"code": 404, "message": "No customer with this code.", "reason": "customer_not_found"}
    found = verdicts(exchange("/licenses/available", 404, unknown))
    assert found[("GET /licenses/available", "path")].verdict == "confirmed"
    missing = verdicts(exchange("/licenses/available", 404, b"<h1>Not Found</h1>"))
    assert missing[("GET /licenses/available", "path")].verdict == "refuted"


def test_a_field_of_another_type_is_refuted_with_the_field_its_schema_and_an_edit() -> None:
    body = {"code": 200, "content": [{"version_code": "0", "version_name": "Standard"}]}
    (wrong,) = [
        f for f in findings(exchange("/directory/licenses/versions", 200, body)) if f.verdict == "refuted"
    ]
    assert (wrong.subject, wrong.operation) == ("response_schema", "GET /directory/licenses/versions")
    assert "`content.version_code` is string, not integer" in wrong.message
    assert wrong.source == "openapi/components/schemas/LicenseVersion.yaml#/properties/version_code"
    assert wrong.edit and wrong.edit.changes[0].value == "string" and "set-type" in wrong.edit.text()


def test_without_a_key_only_the_vendors_401_confirms_the_key_check() -> None:
    unauthorized = {"message": "Invalid token or unauthorized admin"}
    found = verdicts(exchange("/licenses/bulk", 401, unauthorized, "no_key", "POST"))
    assert found[("POST /licenses/bulk", "auth")].verdict == "confirmed"
    invalid = {"code": 500, "message": "The given data was invalid.", "errors": {"x": ["y"]}}
    early = verdicts(exchange("/licenses/bulk", 500, invalid, "no_key", "POST"))[
        ("POST /licenses/bulk", "auth")
    ]
    assert early.verdict == "refuted" and "does not check the key first" in early.message
