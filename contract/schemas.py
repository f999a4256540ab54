"""OpenAPI 3.0's reading of the spec's schemas (nullable, readOnly, writeOnly), at any place in the bundle.

The lint checks examples with it, the findings rules check answers with it, the tests check the
mock's answers with it: one validator, openapi-schema-validator's, with every `$ref` resolvable.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import ValidationError, best_match
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from contract.sources import pointer

BUNDLE_URI = "urn:flashstart:bundle"
Location = tuple[str, ...]


class Schemas:
    """Validators for the schemas at places in one spec (the bundle, as a dict)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.registry: Registry[Any] = Registry().with_resource(
            BUNDLE_URI, Resource.from_contents(spec, default_specification=DRAFT4)
        )

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one Schemas per spec, kept as long as the spec
    def validator(self, at: Location, *, writing: bool = False) -> Any:
        """The validator of the schema at `at` (a place in the bundle): read rules for answers
        (readOnly allowed), write rules for requests (readOnly refused), as OpenAPI 3.0 says."""
        kind = OAS30WriteValidator if writing else OAS30ReadValidator
        return kind(
            {"$ref": f"{BUNDLE_URI}#{pointer(*at)}"},
            registry=self.registry,
            format_checker=oas30_format_checker,
        )

    def errors(self, at: Location, value: Any, *, writing: bool = False) -> Iterator[ValidationError]:
        return self.validator(at, writing=writing).iter_errors(value)  # type: ignore[no-any-return]

    def component_errors(self, name: str, value: Any) -> list[ValidationError]:
        return list(self.errors(("components", "schemas", name), value))


def example_errors(spec: dict[str, Any], schema_at: Location, value: Any, *, writing: bool) -> list[str]:
    """The best error of a value against the schema at a place in the bundle, in one line (or none)."""
    error = best_match(Schemas(spec).errors(schema_at, value, writing=writing))
    if error is None:
        return []
    return [f"at {pointer(*error.absolute_path) or '/'}: {error.message}"]
