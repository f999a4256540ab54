"""The spec: valid, bundled fresh, its examples right, and its checks able to fail."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract.schemas import example_errors
from contract.sources import BUNDLE, SPEC_ROOT
from contract.spec import SpecIndex
from tools.bundle import bundled_spec, render
from tools.lint import Linter, lint, operations

FIXTURES = Path(__file__).parent / "fixtures"
VENDOR_DOCUMENTED = json.loads((FIXTURES / "vendor_documented.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return bundled_spec()


def test_committed_bundle_is_what_openapi_gives(spec: dict[str, Any]) -> None:
    assert BUNDLE.read_text(encoding="utf-8") == render(spec), "run `make bundle`"


def test_bundle_is_self_contained_and_keeps_component_names(spec: dict[str, Any]) -> None:
    text = BUNDLE.read_text(encoding="utf-8")
    bundle = yaml.safe_load(text)
    refs = [line.split("$ref:")[1].strip().strip("'") for line in text.splitlines() if "$ref:" in line]
    assert refs and all(ref.startswith("#/components/") for ref in refs)
    root = yaml.safe_load(SPEC_ROOT.read_text(encoding="utf-8"))
    for kind, entries in root["components"].items():
        assert set(bundle["components"][kind]) == set(entries)


def test_every_operation_of_the_reference_is_there(spec: dict[str, Any]) -> None:
    found = {op["operationId"]: (at[1], at[2]) for at, op in operations(spec)}
    assert found == {
        "listAvailableLicenses": ("/licenses/available", "get"),
        "assignDemoLicense": ("/licenses/demo", "post"),
        "assignBulkLicense": ("/licenses/bulk", "post"),
        "renewLicense": ("/licenses/renew", "post"),
        "cancelLicense": ("/licenses/cancel", "post"),
        "listCurrencies": ("/directory/currencies", "get"),
        "listLicenseVersions": ("/directory/licenses/versions", "get"),
    }


def test_every_operation_needs_the_api_key(spec: dict[str, Any]) -> None:
    assert spec["components"]["securitySchemes"]["ApiKey"] == {
        **spec["components"]["securitySchemes"]["ApiKey"],
        "type": "apiKey",
        "in": "header",
        "name": "X-API-KEY",
    }
    for _, op in operations(spec):
        assert op.get("security", spec["security"]) == [{"ApiKey": []}]


def test_the_spec_has_no_lint_findings() -> None:
    assert [str(f) for f in lint()] == []


@pytest.mark.parametrize("name", sorted(k for k in VENDOR_DOCUMENTED if not k.startswith("_")))
def test_vendor_documented_body_is_accepted(spec: dict[str, Any], name: str) -> None:
    documented = VENDOR_DOCUMENTED[name]
    schema_at = ("components", "schemas", documented["schema"])
    assert example_errors(spec, schema_at, documented["body"], writing=False) == []


def test_vendor_l1_example_is_in_the_spec_unchanged(spec: dict[str, Any]) -> None:
    example = spec["components"]["examples"]["AvailableLicensesVendor"]
    assert example["value"] == VENDOR_DOCUMENTED["listAvailableLicenses 200"]["body"]


def test_assign_responses_link_to_renew_and_cancel(spec: dict[str, Any]) -> None:
    links = spec["components"]["links"]
    for path in ("/licenses/demo", "/licenses/bulk"):
        response = spec["paths"][path]["post"]["responses"]["200"]
        targets = {SpecIndex(spec).resolve(ref)["operationId"] for ref in response["links"].values()}
        assert targets == {"renewLicense", "cancelLicense"}
    for link in links.values():
        assert link["requestBody"]["license_id"] == "$response.body#/content/license_id"


def response_schemas(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each response schema component, with one of its named examples."""
    found: dict[str, dict[str, Any]] = {}
    index = SpecIndex(spec)
    for op in index.operations:
        for status in op.definition["responses"]:
            response, _ = index.response(op, status) or ({}, ())
            for content in response.get("content", {}).values():
                example = next(iter(content["examples"].values()))
                found.setdefault(str(index.ref_name(content["schema"])), index.resolve(example)["value"])
    return found


def wrong_variants(spec: dict[str, Any], schema_name: str, value: dict[str, Any]) -> list[tuple[str, Any]]:
    """A valid body broken in several ways: each required field dropped, each top field given a wrong type."""
    schema = spec["components"]["schemas"][schema_name]
    variants: list[tuple[str, Any]] = []
    for field in schema["required"]:
        broken = copy.deepcopy(value)
        del broken[field]
        variants.append((f"without {field}", broken))
        retyped = copy.deepcopy(value)
        retyped[field] = [] if not isinstance(value[field], list) else "not a list"
        variants.append((f"{field} of the wrong type", retyped))
    return variants


def test_wrong_bodies_are_rejected_for_every_response_schema(spec: dict[str, Any]) -> None:
    schemas = response_schemas(spec)
    assert set(schemas) == {
        "AvailableLicensesResponse",
        "LicenseResponse",
        "CurrenciesResponse",
        "LicenseVersionsResponse",
        "UnauthorizedError",
        "ValidationError",
        "ApiError",
    }
    for name, value in schemas.items():
        at = ("components", "schemas", name)
        assert example_errors(spec, at, value, writing=False) == []
        for label, broken in wrong_variants(spec, name, value):
            assert example_errors(spec, at, broken, writing=False), f"{name} {label} was accepted"


def test_nested_wrong_values_are_rejected(spec: dict[str, Any]) -> None:
    documented = copy.deepcopy(VENDOR_DOCUMENTED["listAvailableLicenses 200"]["body"])
    documented["content"][0]["license_amount"] = "5"
    at = ("components", "schemas", "AvailableLicensesResponse")
    assert example_errors(spec, at, documented, writing=False)
    license_body = spec["components"]["examples"]["BulkLicenseAssigned"]["value"]
    for field, wrong in [("status", "paused"), ("expiry_date", "15/02/2026"), ("credit_remaining", -1)]:
        broken = copy.deepcopy(license_body)
        broken["content"][field] = wrong
        assert example_errors(spec, ("components", "schemas", "LicenseResponse"), broken, writing=False)


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    target = tmp_path / "openapi"
    shutil.copytree(SPEC_ROOT.parent, target)
    return target / "openapi.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_lint_names_file_and_pointer_of_a_wrong_example(spec_copy: Path) -> None:
    edit(
        spec_copy.parent / "components/examples/BulkLicenseAssigned.yaml",
        "customer_code: 1",
        "customer_code: one",
    )
    findings = [str(f) for f in lint(spec_copy)]
    assert any(
        "components/examples/BulkLicenseAssigned.yaml#" in f and "/content/customer_code" in f
        for f in findings
    ), findings


def test_lint_requires_401_422_and_provenance(spec_copy: Path) -> None:
    path = spec_copy.parent / "paths/licenses_cancel.yaml"
    edit(path, "    '401':\n      $ref: '#/components/responses/Unauthorized'\n", "")
    edit(path, "  x-provenance: inferred\n", "")
    findings = [str(f) for f in lint(spec_copy)]
    assert any(f.startswith(f"{path}#/post: no response for a missing or wrong API key") for f in findings)
    assert any(f.startswith(f"{path}#/post: x-provenance") for f in findings), findings


def test_lint_requires_every_component_file_to_be_listed(spec_copy: Path) -> None:
    extra = spec_copy.parent / "components/schemas/Orphan.yaml"
    extra.write_text("type: string\nx-provenance: inferred\nx-provenance-note: test\n", encoding="utf-8")
    findings = [str(f) for f in Linter(bundled_spec(spec_copy), spec_copy).findings()]
    assert any("Orphan.yaml: not listed in the root" in f for f in findings), findings


def test_lint_requires_every_operation_to_say_whether_it_spends_credit(spec_copy: Path) -> None:
    bulk = spec_copy.parent / "paths/licenses_bulk.yaml"
    edit(bulk, "  x-spends-credit: true\n", "")
    available = spec_copy.parent / "paths/licenses_available.yaml"
    edit(available, "  x-spends-credit: false\n", "  x-spends-credit: true\n")
    findings = [str(f) for f in lint(spec_copy)]
    assert any(f.startswith(f"{bulk}#/post: x-spends-credit must be true or false") for f in findings)
    assert any(f.startswith(f"{available}#/get: a GET must not spend credit") for f in findings)


def test_the_spec_says_bulk_and_renew_spend_credit_and_nothing_else_does() -> None:
    index = SpecIndex.load()
    assert index.base_path == "/customerarea"
    assert {op.label for op in index.operations if op.spends_credit} == {
        "POST /licenses/bulk",
        "POST /licenses/renew",
    }
