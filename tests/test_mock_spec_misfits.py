"""An edit of the spec the mock cannot follow stops it at start with one sentence naming the entry, the field
and the spec file; so does a business rule the spec no longer has; a dataset to load the spec forbids is
refused."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from contract.spec import SPEC_ROOT, SpecIndex
from mock_server import conformance
from mock_server.answers import CannotFollow
from mock_server.app import create_app
from mock_server.store import Store
from tests.conftest import load_dataset
from tests.documented import bundle
from tests.live import REPO


def refused(spec: dict[str, Any]) -> str:
    with pytest.raises(CannotFollow) as error:
        create_app(Store(), spec=spec)
    sentence = str(error.value)
    assert "\n" not in sentence, sentence
    return sentence


def test_every_answer_of_every_named_dataset_is_one_the_committed_spec_allows() -> None:
    answers = conformance.follow(SpecIndex.load(), SPEC_ROOT)
    assert not any(operation.plans for operation in answers.by_id.values()), (
        "the committed spec needs no conversion"
    )


def test_a_field_whose_type_cannot_hold_the_dataset_s_value_stops_the_mock() -> None:
    spec = bundle()
    spec["components"]["schemas"]["Currency"]["properties"]["exchange_rate"] = {"type": "integer"}
    sentence = refused(spec)
    assert sentence.startswith("mock_server/data/"), sentence
    for named in ("currencies[1] (USD)", "exchange_rate", "1.08", "losing its fraction"):
        assert named in sentence, sentence
    assert "openapi/components/schemas/Currency.yaml#/properties/exchange_rate" in sentence, sentence


def test_a_value_the_spec_s_pattern_refuses_names_the_catalog_entry() -> None:
    spec = bundle()
    spec["components"]["schemas"]["LicenseCode"]["pattern"] = "^CL-Q-[A-Z0-9]+-M[0-9]+$"
    sentence = refused(spec)
    # An entry whose code the pattern refuses (the Plus offers' CL-P-..., the demo's CL-DEMO-...).
    assert re.search(r"(catalog\[\d+\]|demo_license) \(CL-(P|DEMO)-", sentence), sentence
    assert "license_code" in sentence and "openapi/components/schemas/LicenseCode.yaml" in sentence, sentence


def test_a_required_field_the_mock_does_not_send_stops_it() -> None:
    spec = bundle()
    spec["components"]["schemas"]["Currency"]["required"].append("currency_decimals")
    sentence = refused(spec)
    assert re.search(r"currencies\[\d\] \([A-Z]{3}\)", sentence), sentence
    assert "'currency_decimals' is a required property" in sentence, sentence
    assert "openapi/components/schemas/Currency.yaml" in sentence, sentence


def test_a_business_rule_whose_reason_the_spec_no_longer_shows_is_named_with_its_spec_file() -> None:
    spec = bundle()
    del spec["paths"]["/licenses/demo"]["post"]["responses"]["409"]
    sentence = refused(spec)
    for named in ("assignDemoLicense", "demo_limit_reached", "openapi/paths/licenses_demo.yaml"):
        assert named in sentence, sentence


def test_a_reason_the_spec_s_list_no_longer_has_is_named_with_its_spec_file() -> None:
    spec = bundle()
    spec["components"]["schemas"]["ErrorReason"]["enum"].remove("license_not_cancellable")
    sentence = refused(spec)
    assert "license_not_cancellable" in sentence and "cancelLicense" in sentence, sentence
    assert "openapi/components/schemas/ErrorReason.yaml" in sentence, sentence


def test_an_operation_without_a_validation_answer_is_named() -> None:
    spec = bundle()
    del spec["paths"]["/directory/currencies"]["get"]["responses"]["422"]
    sentence = refused(spec)
    assert "listCurrencies" in sentence and "openapi/paths/directory_currencies.yaml" in sentence, sentence
    assert "x-role: validation-error" in sentence, sentence


def test_a_dataset_to_load_whose_answers_the_spec_forbids_is_refused_and_nothing_changes() -> None:
    client = TestClient(create_app(Store()))
    before = client.get("/__mock/state").json()
    data = load_dataset()
    data["currencies"].append({"code": "euro", "name": "Euro again", "symbol": "E", "rate": 1})
    answer = client.post("/__mock/load", json=data)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert "currencies[4] (euro)" in error and "currency_code" in error, error
    assert "openapi/components/schemas/CurrencyCode.yaml" in error, error
    assert client.get("/__mock/state").json() == before


@pytest.mark.e2e
def test_the_mock_refuses_to_start_on_a_spec_it_cannot_follow_in_one_sentence(tmp_path: Path) -> None:
    spec = bundle()
    spec["components"]["schemas"]["Currency"]["properties"]["exchange_rate"] = {"type": "integer"}
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mock_server", "--spec", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "currencies[1] (USD)" in lines[0] and "exchange_rate" in lines[0], lines[0]
    assert f"{path}#/components/schemas/Currency/properties/exchange_rate" in lines[0], lines[0]
    assert result.stdout == "", "the banner was printed before the error"


def test_a_seed_of_one_s_own_whose_answers_the_spec_forbids_stops_the_mock(tmp_path: Path) -> None:
    data = load_dataset()
    data["currencies"].append({"code": "euro", "name": "Euro again", "symbol": "E", "rate": 1})
    seed = tmp_path / "seed.yaml"
    seed.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CannotFollow) as error:
        create_app(Store(seed))
    assert f"--seed {seed}: currencies[4] (euro)" in str(error.value), error.value


def test_an_operation_the_mock_has_no_handler_for_is_named() -> None:
    spec = bundle()
    operation = copy.deepcopy(spec["paths"]["/licenses/cancel"]["post"])
    spec["paths"]["/licenses/transfer"] = {"post": {**operation, "operationId": "transferLicense"}}
    sentence = refused(spec)
    assert "transferLicense (POST /licenses/transfer)" in sentence and "transfer_license" in sentence, (
        sentence
    )
