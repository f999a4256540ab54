"""The one view of the bundled spec our code reads: operations, examples, base path, provenance, credit.

Everything here comes from `generated/openapi.yaml` (or a spec given to it): the base path is the
path of the spec's first server; which operations spend the reseller's credit is said once, by
`x-spends-credit` on each operation (the spec lint requires it on every operation); provenance is
each operation's and schema's `x-provenance`. This is the only code of ours that follows `$ref`s:
the mock's layers, the fast path, the lint, the contract suite's reports and the tests ask it.
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

BUNDLE = Path(__file__).resolve().parent.parent / "generated" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SPENDS_CREDIT = "x-spends-credit"
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


class SpecIndex:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        servers = spec.get("servers") or [{"url": "/"}]
        self.base_path = urlsplit(servers[0]["url"]).path.rstrip("/")
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

    def at_path(self, path: str) -> list[Operation]:
        """Every operation of a path, whatever its method."""
        return [op for op in self.operations if op.path == path]

    def operation(self, method: str, path: str) -> Operation | None:
        return next((op for op in self.at_path(path) if op.method == method.upper()), None)

    @functools.cached_property
    def routes(self) -> dict[tuple[str, str], Operation]:
        """(METHOD, path with the base path) -> operation: what a request's scope names."""
        return {(op.method, self.base_path + op.path): op for op in self.operations}

    def operation_at(self, method: str, full_path: str) -> Operation | None:
        """The operation a request (method, path with the base path) is for."""
        if not full_path.startswith(self.base_path + "/"):
            return None
        return self.operation(method, full_path[len(self.base_path) :])

    def resolve(self, node: Any) -> Any:
        """Follow local `$ref`s (`#/components/...`) until a node that is not one."""
        return self.resolve_at(node)[0]

    def resolve_at(self, node: Any) -> tuple[Any, tuple[str, ...] | None]:
        """The node a local `$ref` leads to and where it is (None when `node` is no `$ref`)."""
        at: tuple[str, ...] | None = None
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            at = tuple(
                t.replace("~1", "/").replace("~0", "~") for t in node["$ref"].removeprefix("#/").split("/")
            )
            node = self.spec
            for token in at:
                node = node[token]
        return node, at

    @staticmethod
    def ref_name(node: Any) -> str | None:
        """The name of the component a `$ref` node points at (`LicenseResponse`), or None."""
        ref = node.get("$ref") if isinstance(node, dict) else None
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None

    def response(self, op: Operation, status: str) -> tuple[dict[str, Any], tuple[str, ...]] | None:
        """A documented response of `op` and where it is in the bundle (None: not documented)."""
        response = op.definition.get("responses", {}).get(status)
        if response is None:
            return None
        target, at = self.resolve_at(response)
        return target, at or ("paths", op.path, op.method.lower(), "responses", status)

    def examples(self, op: Operation) -> dict[str, dict[str, Any]]:
        """status -> example name -> value, for every documented JSON response, in the spec's order."""
        found: dict[str, dict[str, Any]] = {}
        for status in op.definition.get("responses", {}):
            response, _ = self.response(op, status) or ({}, ())
            content = response.get("content", {}).get("application/json", {})
            found[status] = {
                name: self.resolve(example)["value"] for name, example in content.get("examples", {}).items()
            }
        return found

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
