"""One small example of each rule of tools/compat_rules over specs: a minimal spec before and after, and
whether the change it shows breaks callers (tests/compat_client_examples.py: the clients' rules).
tests/test_compat_rules.py judges each one."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

BREAKS, SAFE = True, False
Spec = dict[str, Any]


def mini_spec() -> Spec:
    """One path with a POST (a query parameter, a body, two answers) and a GET; two schemas."""
    field = {"type": "string"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1.0.0"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "makeThing",
                    "tags": ["Things"],
                    "parameters": [{"name": "q", "in": "query", "schema": dict(field)}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ThingRequest"}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "made",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                            },
                        },
                        "404": {"description": "not found"},
                    },
                },
                "get": {"operationId": "listThings", "responses": {"200": {"description": "the things"}}},
            }
        },
        "components": {
            "schemas": {
                "ThingRequest": {"type": "object", "properties": {"field": dict(field)}},
                "Thing": {"type": "object", "required": ["field"], "properties": {"field": dict(field)}},
            }
        },
    }


# Where a schema of the mini spec is, for each prefix of the schema rules' ids.
SCHEMA_PLACES: dict[str, Callable[[Spec], dict[str, Any]]] = {
    "request-parameter": lambda spec: spec["paths"]["/things"]["post"]["parameters"][0],
    "request-property": lambda spec: spec["components"]["schemas"]["ThingRequest"]["properties"],
    "response-property": lambda spec: spec["components"]["schemas"]["Thing"]["properties"],
}
SCHEMA_KEYS = {"request-parameter": "schema", "request-property": "field", "response-property": "field"}

STRING, ARRAY = {"type": "string"}, {"type": "array", "items": {"type": "string"}}
# fact -> (the schema before, after, breaks in a request?, breaks in a response?)
FACT_EXAMPLES: dict[str, tuple[dict[str, Any], dict[str, Any], bool, bool]] = {
    "type-changed": ({"type": "integer"}, STRING, BREAKS, BREAKS),
    "type-generalized": ({"type": "integer"}, {"type": "number"}, SAFE, BREAKS),
    "type-specialized": ({"type": "number"}, {"type": "integer"}, BREAKS, SAFE),
    "enum-value-removed": ({**STRING, "enum": ["a", "b"]}, {**STRING, "enum": ["a"]}, BREAKS, SAFE),
    "enum-value-added": ({**STRING, "enum": ["a"]}, {**STRING, "enum": ["a", "b"]}, SAFE, BREAKS),
    "became-enum": (STRING, {**STRING, "enum": ["a"]}, BREAKS, SAFE),
    "max-decreased": ({"type": "integer", "maximum": 10}, {"type": "integer", "maximum": 5}, BREAKS, SAFE),
    "max-increased": ({"type": "integer", "maximum": 5}, {"type": "integer", "maximum": 10}, SAFE, BREAKS),
    "max-set": ({"type": "integer"}, {"type": "integer", "maximum": 10}, BREAKS, SAFE),
    "min-increased": ({"type": "integer", "minimum": 1}, {"type": "integer", "minimum": 2}, BREAKS, SAFE),
    "min-decreased": ({"type": "integer", "minimum": 2}, {"type": "integer", "minimum": 1}, SAFE, BREAKS),
    "min-set": ({"type": "integer"}, {"type": "integer", "minimum": 1}, BREAKS, SAFE),
    "max-length-decreased": ({**STRING, "maxLength": 9}, {**STRING, "maxLength": 5}, BREAKS, SAFE),
    "max-length-increased": ({**STRING, "maxLength": 5}, {**STRING, "maxLength": 9}, SAFE, BREAKS),
    "max-length-set": (STRING, {**STRING, "maxLength": 9}, BREAKS, SAFE),
    "min-length-increased": ({**STRING, "minLength": 1}, {**STRING, "minLength": 2}, BREAKS, SAFE),
    "min-length-decreased": ({**STRING, "minLength": 2}, {**STRING, "minLength": 1}, SAFE, BREAKS),
    "max-items-decreased": ({**ARRAY, "maxItems": 9}, {**ARRAY, "maxItems": 5}, BREAKS, SAFE),
    "max-items-increased": ({**ARRAY, "maxItems": 5}, {**ARRAY, "maxItems": 9}, SAFE, BREAKS),
    "max-items-set": (ARRAY, {**ARRAY, "maxItems": 9}, BREAKS, SAFE),
    "min-items-increased": ({**ARRAY, "minItems": 1}, {**ARRAY, "minItems": 2}, BREAKS, SAFE),
    "min-items-decreased": ({**ARRAY, "minItems": 2}, {**ARRAY, "minItems": 1}, SAFE, BREAKS),
    "pattern-added": (STRING, {**STRING, "pattern": "^[A-Z]+$"}, BREAKS, SAFE),
    "pattern-removed": ({**STRING, "pattern": "^[A-Z]+$"}, STRING, SAFE, BREAKS),
    "pattern-changed": ({**STRING, "pattern": "^[A-Z]+$"}, {**STRING, "pattern": "^[a-z]+$"}, BREAKS, BREAKS),
    "became-nullable": (STRING, {**STRING, "nullable": True}, SAFE, BREAKS),
    "became-not-nullable": ({**STRING, "nullable": True}, STRING, BREAKS, SAFE),
    "default-value-added": (STRING, {**STRING, "default": "EN"}, BREAKS, SAFE),
    "default-value-removed": ({**STRING, "default": "EN"}, STRING, BREAKS, SAFE),
    "default-value-changed": ({**STRING, "default": "EN"}, {**STRING, "default": "IT"}, BREAKS, SAFE),
    "deprecated": (STRING, {**STRING, "deprecated": True}, SAFE, SAFE),
    "reactivated": ({**STRING, "deprecated": True}, STRING, SAFE, SAFE),
}


def with_schema(prefix: str, schema: dict[str, Any]) -> Spec:
    spec = mini_spec()
    SCHEMA_PLACES[prefix](spec)[SCHEMA_KEYS[prefix]] = copy.deepcopy(schema)
    return spec


def post(spec: Spec) -> dict[str, Any]:
    return spec["paths"]["/things"]["post"]  # type: ignore[no-any-return]


def schema(spec: Spec, name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][name]  # type: ignore[no-any-return]


Edit = Callable[[Spec], object]


def unchanged(spec: Spec) -> None:
    return None


def without_operation_id(spec: Spec) -> None:
    post(spec).pop("operationId")


def without_body(spec: Spec) -> None:
    post(spec).pop("requestBody")


def optional_body(spec: Spec) -> None:
    post(spec)["requestBody"]["required"] = False


# rule -> (the edit of the mini spec before, the edit after, whether the change breaks callers)
SPEC_EXAMPLES: dict[str, tuple[Edit, Edit, bool]] = {
    "api-path-removed-without-deprecation": (unchanged, lambda s: s["paths"].pop("/things"), BREAKS),
    "api-removed-without-deprecation": (unchanged, lambda s: s["paths"]["/things"].pop("get"), BREAKS),
    "endpoint-added": (
        unchanged,
        lambda s: s["paths"].update({"/others": {"get": {"responses": {"200": {"description": "ok"}}}}}),
        SAFE,
    ),
    "endpoint-deprecated": (unchanged, lambda s: post(s).update(deprecated=True), SAFE),
    "endpoint-reactivated": (lambda s: post(s).update(deprecated=True), unchanged, SAFE),
    "api-operation-id-removed": (unchanged, lambda s: post(s).update(operationId="createThing"), BREAKS),
    "api-operation-id-added": (without_operation_id, unchanged, BREAKS),
    "api-tag-removed": (unchanged, lambda s: post(s).update(tags=[]), BREAKS),
    "api-tag-added": (lambda s: post(s).update(tags=[]), unchanged, SAFE),
    "api-schema-added": (unchanged, lambda s: s["components"]["schemas"].update(Spare=STRING), SAFE),
    "api-schema-removed": (lambda s: s["components"]["schemas"].update(Spare=STRING), unchanged, BREAKS),
    "new-required-request-parameter": (
        unchanged,
        lambda s: post(s)["parameters"].append(
            {"name": "r", "in": "query", "required": True, "schema": STRING}
        ),
        BREAKS,
    ),
    "new-optional-request-parameter": (
        unchanged,
        lambda s: post(s)["parameters"].append({"name": "r", "in": "query", "schema": STRING}),
        SAFE,
    ),
    "request-parameter-removed": (unchanged, lambda s: post(s)["parameters"].clear(), BREAKS),
    "request-parameter-became-required": (
        unchanged,
        lambda s: post(s)["parameters"][0].update(required=True),
        BREAKS,
    ),
    "request-parameter-became-optional": (
        lambda s: post(s)["parameters"][0].update(required=True),
        unchanged,
        SAFE,
    ),
    "request-body-added-required": (without_body, unchanged, BREAKS),
    "request-body-added-optional": (without_body, optional_body, SAFE),
    "request-body-removed": (unchanged, without_body, BREAKS),
    "request-body-became-optional": (unchanged, optional_body, SAFE),
    "request-body-became-required": (optional_body, unchanged, BREAKS),
    "request-body-media-type-added": (
        unchanged,
        lambda s: post(s)["requestBody"]["content"].update({"application/xml": {"schema": STRING}}),
        SAFE,
    ),
    "request-body-media-type-removed": (
        unchanged,
        lambda s: post(s)["requestBody"]["content"].clear(),
        BREAKS,
    ),
    "new-required-request-property": (
        unchanged,
        lambda s: schema(s, "ThingRequest").update(
            properties={"field": STRING, "more": STRING}, required=["more"]
        ),
        BREAKS,
    ),
    "new-optional-request-property": (
        unchanged,
        lambda s: schema(s, "ThingRequest")["properties"].update(more=STRING),
        SAFE,
    ),
    "request-property-removed": (
        unchanged,
        lambda s: schema(s, "ThingRequest")["properties"].clear(),
        BREAKS,
    ),
    "request-property-became-required": (
        unchanged,
        lambda s: schema(s, "ThingRequest").update(required=["field"]),
        BREAKS,
    ),
    "request-property-became-optional": (
        lambda s: schema(s, "ThingRequest").update(required=["field"]),
        unchanged,
        SAFE,
    ),
    "response-success-status-removed": (unchanged, lambda s: post(s)["responses"].pop("200"), BREAKS),
    "response-non-success-status-removed": (unchanged, lambda s: post(s)["responses"].pop("404"), BREAKS),
    "response-success-status-added": (
        unchanged,
        lambda s: post(s)["responses"].update({"201": {"description": "made"}}),
        SAFE,
    ),
    "response-non-success-status-added": (
        unchanged,
        lambda s: post(s)["responses"].update({"409": {"description": "taken"}}),
        SAFE,
    ),
    "response-media-type-added": (
        unchanged,
        lambda s: post(s)["responses"]["200"]["content"].update({"text/plain": {"schema": STRING}}),
        SAFE,
    ),
    "response-media-type-removed": (
        unchanged,
        lambda s: post(s)["responses"]["200"]["content"].clear(),
        BREAKS,
    ),
    "response-required-property-added": (
        unchanged,
        lambda s: schema(s, "Thing").update(
            properties={"field": STRING, "more": STRING}, required=["field", "more"]
        ),
        SAFE,
    ),
    "response-optional-property-added": (
        unchanged,
        lambda s: schema(s, "Thing")["properties"].update(more=STRING),
        SAFE,
    ),
    "response-required-property-removed": (
        unchanged,
        lambda s: schema(s, "Thing").update(properties={}, required=[]),
        BREAKS,
    ),
    "response-optional-property-removed": (
        lambda s: schema(s, "Thing")["properties"].update(more=STRING),
        unchanged,
        BREAKS,
    ),
    "response-property-became-optional": (
        unchanged,
        lambda s: schema(s, "Thing").update(required=[]),
        BREAKS,
    ),
    "response-property-became-required": (lambda s: schema(s, "Thing").update(required=[]), unchanged, SAFE),
    "documentation-changed": (unchanged, lambda s: post(s).update(description="Makes a thing."), SAFE),
    "unclassified-change": (
        unchanged,
        lambda s: schema(s, "Thing")["properties"]["field"].update(readOnly=True),
        BREAKS,
    ),
}
