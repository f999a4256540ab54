"""Where a claim of the spec is written: a place in the bundle, mapped back to its file in openapi/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from contract.spec import BUNDLE, REPO, SPEC_ROOT

__all__ = ["BUNDLE", "REPO", "SPEC_ROOT", "SourceMap", "escape", "load_yaml", "pointer", "shown"]


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: object) -> str:
    return "".join("/" + escape(str(t)) for t in tokens)


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


class SourceMap:
    """Maps a place in the bundle back to the hand-written file and the pointer inside it.

    The root lists one `$ref` per path and per component, so the first two (paths) or
    three (components) tokens of a bundle pointer select the file.
    """

    def __init__(self, root_path: Path = SPEC_ROOT) -> None:
        self.root_path = root_path
        self.root: dict[str, Any] = load_yaml(root_path)

    def __call__(self, bundle_pointer: tuple[str, ...]) -> str:
        head = 2 if bundle_pointer[:1] == ("paths",) else 3
        node: Any = self.root
        for token in bundle_pointer[:head]:
            if not isinstance(node, dict) or token not in node:
                return f"{shown(self.root_path)}#{pointer(*bundle_pointer)}"
            node = node[token]
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str) and not ref.startswith("#"):
            return f"{shown(self.root_path.parent / ref)}#{pointer(*bundle_pointer[head:])}"
        return f"{shown(self.root_path)}#{pointer(*bundle_pointer)}"
