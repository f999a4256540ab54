"""The spec as data, the one reader of the bundle: operations, base path, key header, examples, roles.

Everything here comes from `generated/openapi.yaml` (or a spec given to it): the base path is the
path of the spec's first server; the key's header is the spec's API-key security scheme's; which
operations spend the reseller's credit is said once, by `x-spends-credit` on each operation (the spec
lint requires it on every operation); provenance is each operation's, response's and schema's
`x-provenance`; what a body means (a validation failure, a refusal, the 401) is its schema's
`x-role`. This is the only code of ours that follows `$ref`s: the mock, the findings rules, the
contract suite, the proxy, the tools and the tests ask it.
"""

from __future__ import annotations

import copy
import functools
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from contract.spec_parts import Parts

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "generated" / "openapi.yaml"
SPEC_ROOT = REPO / "openapi" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SPENDS_CREDIT = "x-spends-credit"
ROLE = "x-role"
ROLES = ("validation-error", "refusal", "unauthorized")
# libyaml's loader where PyYAML has it: the same safe subset, many times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def snake_case(operation_id: str) -> str:
    """`assignDemoLicense` -> `assign_demo_license`: the mock's handler and the client's module."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


@dataclass(frozen=True)
class Operation:
    method: str  # upper case: "POST"
    path: str  # as the spec writes it, relative to the base path: "/licenses/bulk"
    operation_id: str
    spends_credit: bool
    definition: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def provenance(self) -> str:
        return str(self.definition.get("x-provenance", "-"))

    @property
    def provenance_note(self) -> str:
        return str(self.definition.get("x-provenance-note", ""))

    @property
    def statuses(self) -> list[str]:
        """The documented statuses, as the spec writes them ("200", "default"), in its order."""
        return list(self.definition.get("responses", {}))


class SpecError(ValueError):
    """The spec lacks something the kit reads from it; the message names it."""


class SpecIndex(Parts):
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        servers = spec.get("servers") or [{"url": "/"}]
        self.base_path: str = urlsplit(str(servers[0]["url"])).path.rstrip("/")
        self.operations = tuple(
            Operation(
                method=method.upper(),
                path=path,
                operation_id=str(definition.get("operationId", "")),
                # Fail closed: an operation that does not say it is free is taken as paid.
                spends_credit=definition.get(SPENDS_CREDIT) is not False,
                definition=definition,
            )
            for path, item in spec.get("paths", {}).items()
            for method, definition in item.items()
            if method in METHODS
        )

    @classmethod
    def load(cls, path: Path = BUNDLE) -> SpecIndex:
        return _load(path.resolve())

    @property
    def version(self) -> str:
        return str(self.spec.get("info", {}).get("version", "?"))

    @functools.cached_property
    def key_header(self) -> str:
        """The header the API key travels in: the spec's `apiKey` security scheme's `name`."""
        schemes = self.spec.get("components", {}).get("securitySchemes", {})
        names = [s["name"] for s in schemes.values() if s.get("type") == "apiKey" and s.get("in") == "header"]
        if len(names) != 1:
            raise SpecError(f"the spec must have one apiKey security scheme in a header, it has {len(names)}")
        return str(names[0])

    # -- operations --------------------------------------------------------------------------------
    def at_path(self, path: str) -> list[Operation]:
        """Every operation of a path, whatever its method."""
        return [op for op in self.operations if op.path == path]

    def operation(self, method: str, path: str) -> Operation | None:
        return next((op for op in self.at_path(path) if op.method == method.upper()), None)

    def by_id(self, operation_id: str) -> Operation | None:
        return next((op for op in self.operations if op.operation_id == operation_id), None)

    @functools.cached_property
    def routes(self) -> dict[tuple[str, str], Operation]:
        """(METHOD, path with the base path) -> operation: what a request's scope names."""
        return {(op.method, self.base_path + op.path): op for op in self.operations}

    def operation_at(self, method: str, full_path: str) -> Operation | None:
        """The operation a request (method, path with the base path) is for."""
        if not full_path.startswith(self.base_path + "/"):
            return None
        return self.operation(method, full_path[len(self.base_path) :])

    def response_schema(self, op: Operation, status: str) -> Any | None:
        """The JSON schema node (a `$ref` as written) of one documented status, or None."""
        found = self.response(op, status)
        content = (found[0].get("content") or {}) if found else {}
        return content.get("application/json", {}).get("schema")

    def response_provenance(self, op: Operation, status: str) -> str:
        """Whether the vendor documents that `op` answers `status`: the response's own `x-provenance`
        (on the path's response or the response component it refers to); inferred when it says none."""
        raw = op.definition.get("responses", {}).get(status)
        if raw is None:
            return "inferred"
        own = raw.get("x-provenance") if isinstance(raw, dict) else None
        return str(own or self.resolve(raw).get("x-provenance") or "inferred")

    def success_status(self, op: Operation) -> str | None:
        """The status of `op`'s success (its first 2xx), or None."""
        return next((s for s in op.statuses if s.isdigit() and 200 <= int(s) < 300), None)

    def examples(self, op: Operation) -> dict[str, dict[str, Any]]:
        """status -> example name -> value, for every documented JSON response, in the spec's order."""
        found: dict[str, dict[str, Any]] = {}
        for status in op.statuses:
            response, _ = self.response(op, status) or ({}, ())
            content = response.get("content", {}).get("application/json", {})
            found[status] = {
                name: self.resolve(example)["value"] for name, example in content.get("examples", {}).items()
            }
        return found

    def statuses_of_reason(self, op: Operation, reason: str) -> list[str]:
        """The statuses of `op` whose examples give this `reason`: a refusal's status, in the spec."""
        return [
            status
            for status, examples in self.examples(op).items()
            if any(isinstance(v, dict) and v.get("reason") == reason for v in examples.values())
        ]

    def example_of_reason(self, reason: str) -> tuple[int, dict[str, Any]] | None:
        """The first documented answer whose body gives this `reason`, and its status (None: none)."""
        for op in self.operations:
            for status, examples in self.examples(op).items():
                for value in examples.values():
                    if isinstance(value, dict) and value.get("reason") == reason and status.isdigit():
                        return int(status), value
        return None

    # -- what a body means ----------------------------------------------------------------------------
    @functools.cached_property
    def roles(self) -> dict[str, str]:
        """`x-role` -> the schema component that has it (validation-error, refusal, unauthorized)."""
        found: dict[str, str] = {}
        for name, schema in self.spec.get("components", {}).get("schemas", {}).items():
            role = schema.get(ROLE) if isinstance(schema, dict) else None
            if role is not None:
                if role in found:
                    raise SpecError(f"two schemas have {ROLE}: {role}: {found[role]} and {name}")
                found[str(role)] = name
        return found

    def schema_of_role(self, role: str) -> str:
        name = self.roles.get(role)
        if name is None:
            raise SpecError(f"no schema of the spec has {ROLE}: {role}")
        return name

    def statuses_of_role(self, op: Operation, role: str) -> list[str]:
        """The statuses of `op` whose body is the schema of that role (the validation body's: "422")."""
        name = self.schema_of_role(role)
        return [s for s in op.statuses if self.ref_name(self.response_schema(op, s)) == name]

    @functools.cached_property
    def resolved(self) -> dict[str, Any]:
        """The whole spec with every `$ref` replaced by its target (connexion's own resolver)."""
        with warnings.catch_warnings():  # connexion imports starlette's test client, which warns
            warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
            from connexion.spec import resolve_refs  # the mock's dependency; the lint never asks for this

        return resolve_refs(copy.deepcopy(self.spec))  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> SpecIndex:
    with path.open(encoding="utf-8") as handle:
        return SpecIndex(yaml.load(handle, Loader=SAFE_LOADER))
