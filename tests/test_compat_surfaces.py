"""The generated clients' public surfaces as make compat reads them from the committed source, and the
client rules over them: what a caller of the Python client or of the TypeScript types names."""

from __future__ import annotations

import copy

from contract.spec import BUNDLE, SpecIndex
from tests.live import REPO
from tools.api_surface import python_surface, typescript_surface
from tools.compat_rules.client import ENUM, FUNCTION, MODEL, client_changes
from tools.typescript_package import TYPES_FILE

PYTHON = python_surface(REPO / "generated" / "flashstart-customerarea-client" / "flashstart_customerarea")
TYPESCRIPT = typescript_surface((REPO / "generated" / "typescript" / TYPES_FILE).read_text(encoding="utf-8"))
SPEC = SpecIndex.load(BUNDLE)


def test_a_python_function_is_its_module_with_syncs_arguments_and_its_public_functions() -> None:
    demo = PYTHON["api.licenses.assign_demo_license"]
    assert demo.kind == FUNCTION and demo.members["body"] == ("DemoLicenseRequest", True)
    assert {"sync()", "asyncio()", "sync_or_raise()"} <= demo.members.keys()
    offers = PYTHON["api.licenses.list_available_licenses"].members
    assert offers["customer_code"] == ("int", True) and offers["lang"] == ("str", False)


def test_a_python_model_has_its_fields_types_without_unset_and_whether_they_are_required() -> None:
    bulk = PYTHON["BulkLicenseRequest"]
    assert bulk.kind == MODEL and bulk.members["currency_code"] == ("str", False)
    assert PYTHON["License"].members["license_info"] == ("None | str", True)
    assert PYTHON["ErrorReason"].kind == ENUM and "insufficient_credit" in PYTHON["ErrorReason"].members


def test_a_typescript_schema_is_a_model_an_enum_or_an_alias() -> None:
    assert TYPESCRIPT["BulkLicenseRequest"].members["currency_code"] == (
        'components["schemas"]["CurrencyCode"]',
        False,
    )
    assert TYPESCRIPT["ValidationError"].members["errors"] == ("{ [key: string]: string[]; }", True)
    assert TYPESCRIPT["LicenseType"].kind == ENUM and set(TYPESCRIPT["LicenseType"].members) == {
        "demo",
        "paid",
    }
    assert TYPESCRIPT["CurrencyCode"].members == {"(type)": ("string", True)}


def test_a_typescript_operation_has_its_query_parameters_and_its_body() -> None:
    offers = TYPESCRIPT["operations.listAvailableLicenses"].members
    assert offers["customer_code"][1] and not offers["lang"][1]
    assert TYPESCRIPT["operations.assignDemoLicense"].members == {
        "(body)": ('components["schemas"]["DemoLicenseRequest"]', True)
    }


def test_a_module_renamed_with_its_operation_id_is_one_rename_in_each_client() -> None:
    renamed = copy.deepcopy(SPEC.spec)
    renamed["paths"]["/licenses/demo"]["post"]["operationId"] = "createDemoLicense"
    for source, surface, old, new in (
        ("python", PYTHON, "api.licenses.assign_demo_license", "api.licenses.create_demo_license"),
        ("typescript", TYPESCRIPT, "operations.assignDemoLicense", "operations.createDemoLicense"),
    ):
        after = {new if name == old else name: shape for name, shape in surface.items()}
        (change,) = client_changes(source, surface, after, SPEC, SpecIndex(renamed))
        assert change.rule == "client-function-renamed" and change.operations == {"POST /licenses/demo"}
        assert f"`{old}` is now `{new}`" in change.words


def test_the_committed_surfaces_compared_with_themselves_change_nothing() -> None:
    assert client_changes("python", PYTHON, PYTHON, SPEC, SPEC) == []
    assert client_changes("typescript", TYPESCRIPT, TYPESCRIPT, SPEC, SPEC) == []
