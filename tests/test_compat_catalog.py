"""A catalog of kinds of change to the real bundle, each judged twice by make compat's rules in-process:
the expected verdict and bump every time (breaking and compatible, in requests and answers, parameters,
paths, operationIds, enums, bounds, documentation, nothing at all)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from contract.spec import BUNDLE, SpecIndex
from tools.compat_rules.verdict import Verdict, judge

Spec = dict[str, Any]
BASE: Spec = SpecIndex.load(BUNDLE).spec


def schema(spec: Spec, name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][name]  # type: ignore[no-any-return]


def operation(spec: Spec, path: str, method: str = "post") -> dict[str, Any]:
    return spec["paths"][path][method]  # type: ignore[no-any-return]


def drop_currency_symbol(spec: Spec) -> None:
    currency = schema(spec, "Currency")
    currency["properties"].pop("currency_symbol")
    currency["required"].remove("currency_symbol")


def add_countries(spec: Spec) -> None:
    countries = copy.deepcopy(operation(spec, "/directory/currencies", "get"))
    countries["operationId"] = "listCountries"
    spec["paths"]["/directory/countries"] = {"get": countries}


def rename_demo_operation(spec: Spec) -> None:
    operation(spec, "/licenses/demo")["operationId"] = "createDemoLicense"


def unchanged(spec: Spec) -> None:
    return None


# kind -> (the edit, the verdict, the bump, a rule it must name)
CATALOG: dict[str, tuple[Callable[[Spec], object], str, str, str | None]] = {
    "bulk's currency_code became required": (
        lambda s: schema(s, "BulkLicenseRequest")["required"].append("currency_code"),
        "breaking",
        "major",
        "request-property-became-required",
    ),
    "a new optional request field": (
        lambda s: schema(s, "DemoLicenseRequest")["properties"].update(note={"type": "string"}),
        "compatible",
        "minor",
        "new-optional-request-property",
    ),
    "a new required request field": (
        lambda s: (
            schema(s, "DemoLicenseRequest")["properties"].update(note={"type": "string"}),
            schema(s, "DemoLicenseRequest")["required"].append("note"),
        ),
        "breaking",
        "major",
        "new-required-request-property",
    ),
    "a request field removed": (
        lambda s: schema(s, "DemoLicenseRequest")["properties"].pop("accept_notifications"),
        "breaking",
        "major",
        "request-property-removed",
    ),
    "a request field's maxLength raised": (
        lambda s: schema(s, "BulkLicenseRequest")["properties"]["license_info"].update(maxLength=512),
        "compatible",
        "minor",
        "request-property-max-length-increased",
    ),
    "a request enum introduced": (
        lambda s: schema(s, "LanguageCode").update(enum=["EN", "IT"]),
        "breaking",
        "major",
        "request-property-became-enum",
    ),
    "a response field removed": (
        drop_currency_symbol,
        "breaking",
        "major",
        "response-required-property-removed",
    ),
    "an optional response field added": (
        lambda s: schema(s, "Currency")["properties"].update(currency_flag={"type": "string"}),
        "compatible",
        "minor",
        "response-optional-property-added",
    ),
    "a response field's type changed": (
        lambda s: schema(s, "LicenseVersion")["properties"]["version_code"].update(type="string"),
        "breaking",
        "major",
        "response-property-type-changed",
    ),
    "a response field became optional": (
        lambda s: schema(s, "Currency")["required"].remove("exchange_rate"),
        "breaking",
        "major",
        "response-property-became-optional",
    ),
    "a response field became required": (
        lambda s: schema(s, "ApiError")["required"].append("reason"),
        "compatible",
        "patch",
        "response-property-became-required",
    ),
    "a response field became nullable": (
        lambda s: schema(s, "Currency")["properties"]["currency_name"].update(nullable=True),
        "breaking",
        "major",
        "response-property-became-nullable",
    ),
    "a response enum value added": (
        lambda s: schema(s, "ErrorReason")["enum"].append("rate_limited"),
        "breaking",
        "major",
        "response-property-enum-value-added",
    ),
    "a response enum value removed": (
        lambda s: schema(s, "LicenseStatus")["enum"].remove("renewed"),
        "compatible",
        "patch",
        "response-property-enum-value-removed",
    ),
    "a query parameter became required": (
        lambda s: s["components"]["parameters"]["LangQuery"].update(required=True),
        "breaking",
        "major",
        "request-parameter-became-required",
    ),
    "a new optional query parameter": (
        lambda s: operation(s, "/licenses/available", "get")["parameters"].append(
            {"name": "page", "in": "query", "schema": {"type": "integer"}}
        ),
        "compatible",
        "minor",
        "new-optional-request-parameter",
    ),
    "a parameter's maximum lowered": (
        lambda s: schema(s, "CustomerCode").update(maximum=1000),
        "breaking",
        "major",
        "request-parameter-max-decreased",
    ),
    "a path removed": (
        lambda s: s["paths"].pop("/directory/licenses/versions"),
        "breaking",
        "major",
        "api-path-removed-without-deprecation",
    ),
    "a new operation": (add_countries, "compatible", "minor", "endpoint-added"),
    "an operationId renamed": (rename_demo_operation, "breaking", "major", "api-operation-id-removed"),
    "an error status added": (
        lambda s: operation(s, "/licenses/available", "get")["responses"].update(
            {"429": {"description": "Too many requests."}}
        ),
        "compatible",
        "minor",
        "response-non-success-status-added",
    ),
    "an error status removed": (
        lambda s: operation(s, "/licenses/demo")["responses"].pop("409"),
        "breaking",
        "major",
        "response-non-success-status-removed",
    ),
    "a description edited": (
        lambda s: operation(s, "/licenses/renew").update(description="Renews a license."),
        "compatible",
        "patch",
        "documentation-changed",
    ),
    "a keyword no rule reads": (
        lambda s: operation(s, "/licenses/cancel").update(security=[]),
        "breaking",
        "major",
        "unclassified-change",
    ),
    "nothing": (unchanged, "none", "none", None),
}


def judged(kind: str) -> Verdict:
    edit = CATALOG[kind][0]
    new = copy.deepcopy(BASE)
    edit(new)
    return judge(copy.deepcopy(BASE), new)


def verdict_of(result: Verdict) -> str:
    return "breaking" if result.breaking else "compatible" if result.changes else "none"


def test_the_catalog_holds_at_least_fifteen_kinds_of_both_verdicts() -> None:
    verdicts = [expected for _, expected, _, _ in CATALOG.values()]
    assert len(CATALOG) >= 15 and verdicts.count("breaking") >= 5 and verdicts.count("compatible") >= 5


@pytest.mark.parametrize("kind", list(CATALOG))
def test_each_kind_of_change_gets_its_verdict_and_bump_every_time(kind: str) -> None:
    _, verdict, bump, rule = CATALOG[kind]
    first, second = judged(kind), judged(kind)
    assert first == second
    assert (verdict_of(first), first.bump) == (verdict, bump), [(c.rule, c.words) for c in first.changes]
    if rule is not None:
        assert rule in {change.rule for change in first.changes}


def test_bulks_currency_code_made_required_is_breaking_and_says_so_in_plain_words() -> None:
    (change,) = judged("bulk's currency_code became required").changes
    assert change.breaking and change.operations == {"POST /licenses/bulk"}
    assert change.words == (
        "`BulkLicenseRequest.currency_code` became required: requests that omit it are refused (422)"
    )


def test_an_operation_id_rename_names_the_old_and_the_new_function() -> None:
    (change,) = judged("an operationId renamed").changes
    assert "`assign_demo_license` are now `create_demo_license`" in change.words
    assert 'operations["assignDemoLicense"]` is now `operations["createDemoLicense"]`' in change.words


def test_a_lowered_maximum_breaks_requests_and_is_safe_in_answers() -> None:
    levels = {c.rule: c.breaking for c in judged("a parameter's maximum lowered").changes}
    assert levels == {
        "request-parameter-max-decreased": True,
        "request-property-max-decreased": True,
        "response-property-max-decreased": False,
    }
