"""Every model of the generated client round-trips what its schema allows, and parses every example."""

from __future__ import annotations

import enum
from typing import Any

import flashstart_customerarea.models as models
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.documented import INDEX, bundle


def values(schema: dict[str, Any], spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Hypothesis values for the OpenAPI 3.0 schema subset this spec uses (hypothesis-jsonschema
    does not run on current Hypothesis)."""
    if INDEX.ref_name(schema) is not None:
        return values(INDEX.resolve(schema), spec)
    strategy = _values(schema, spec)
    return st.none() | strategy if schema.get("nullable") else strategy


def _values(schema: dict[str, Any], spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = schema.get("type")
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates().map(lambda day: day.isoformat())
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True)
        return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 40))
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        low = schema.get("minimum")
        return st.floats(
            low, exclude_min=bool(schema.get("exclusiveMinimum")), allow_nan=False, allow_infinity=False
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(values(schema["items"], spec), max_size=4)
    properties = schema.get("properties", {})
    required = st.fixed_dictionaries(
        {name: values(properties[name], spec) for name in schema.get("required", [])},
        optional={
            name: values(sub, spec)
            for name, sub in properties.items()
            if name not in schema.get("required", [])
        },
    )
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        keys = st.text(min_size=1, max_size=10).filter(lambda key: key not in properties)
        return st.tuples(required, st.dictionaries(keys, values(extra, spec), max_size=3)).map(
            lambda pair: {**pair[1], **pair[0]}
        )
    return required


def model_schemas() -> dict[str, dict[str, Any]]:
    """Each generated model class name, with the JSON Schema of the component it was made from."""
    spec = bundle()
    schemas = dict(spec["components"]["schemas"])
    schemas["ValidationErrorErrors"] = schemas["ValidationError"]["properties"]["errors"]
    return {
        name: schemas[name] for name in models.__all__ if not issubclass(getattr(models, name), enum.Enum)
    }


MODELS = model_schemas()


def test_every_model_has_a_schema() -> None:
    classes = {n for n in models.__all__ if not issubclass(getattr(models, n), enum.Enum)}
    assert set(MODELS) == classes and len(classes) >= 15


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_round_trips_values_of_its_schema(name: str) -> None:
    model = getattr(models, name)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(values(MODELS[name], bundle()))
    def round_trip(value: dict[str, Any]) -> None:
        assert model.from_dict(value).to_dict() == value

    round_trip()


def response_examples() -> list[tuple[str, str, Any]]:
    found = []
    for op in INDEX.operations:
        for status in op.definition["responses"]:
            response, _ = INDEX.response(op, status) or ({}, ())
            content = response["content"]["application/json"]
            for example in content["examples"].values():
                example_name = INDEX.ref_name(example)
                value = INDEX.resolve(example)["value"]
                found.append(
                    (f"{op.operation_id} {status} {example_name}", INDEX.ref_name(content["schema"]), value)
                )
    return found


@pytest.mark.parametrize(
    ("label", "schema_name", "value"),
    response_examples(),
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_every_spec_example_parses_into_its_model(label: str, schema_name: str, value: Any) -> None:
    parsed = getattr(models, schema_name).from_dict(value)
    assert parsed.to_dict() == value, label


def test_request_examples_parse() -> None:
    for name in ("DemoLicenseRequest", "BulkLicenseRequest", "LicenseActionRequest"):
        example = bundle()["components"]["schemas"][name]["example"]
        assert getattr(models, name).from_dict(example).to_dict() == example


def test_a_wrong_body_is_not_silently_accepted() -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        models.LicenseResponse.from_dict({"code": 200, "content": {"license_id": "LIC-1"}})
