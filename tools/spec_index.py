"""The one view of the bundled spec our code reads: operations, their base path, and what spends credit.

Everything here comes from `generated/openapi.yaml`: the base path is the path of the spec's
first server, and which operations spend the reseller's credit is said once, by
`x-spends-credit` on each operation (the spec lint requires it on every operation).
"""

from __future__ import annotations

import functools
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

    def resolve(self, node: Any) -> Any:
        """Follow local `$ref`s (`#/components/...`) until a node that is not one."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target: Any = self.spec
            for token in node["$ref"].removeprefix("#/").split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
        return node


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> SpecIndex:
    with path.open(encoding="utf-8") as handle:
        return SpecIndex(yaml.load(handle, Loader=SAFE_LOADER))
