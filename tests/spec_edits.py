"""Edits reality may make to the spec (issue #24), made to a copy of openapi/ in a folder of the test's own.

The mock must follow them with no edit of mock_server/; the contract suite runs it in-process with
`CONTRACT_APP=mock_server.app:from_environment MOCK_SPEC=<the copy's openapi.yaml>`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tests.live import REPO

Edit = Callable[[Path], None]


def copy_of_the_spec(folder: Path) -> Path:
    """A copy of openapi/ under `folder`; its root file."""
    shutil.copytree(REPO / "openapi", folder / "openapi")
    return folder / "openapi" / "openapi.yaml"


def change_yaml(path: Path, change: Callable[[Any], Any]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(change(data), sort_keys=False, allow_unicode=True), encoding="utf-8")


def validation_under_500(root: Path) -> None:
    """Every operation's validation answer moved from 422 to 500, as the vendor's example tab shows it."""
    for path in sorted((root.parent / "paths").glob("*.yaml")):

        def moved(item: dict[str, Any]) -> dict[str, Any]:
            for operation in item.values():
                responses = operation["responses"]
                operation["responses"] = {("500" if s == "422" else s): r for s, r in responses.items()}
            return item

        change_yaml(path, moved)


def exchange_rate_as_string(root: Path) -> None:
    """`Currency.exchange_rate` made a string of digits (a decimal string), its example too."""
    schemas, examples = root.parent / "components" / "schemas", root.parent / "components" / "examples"

    def as_string(schema: dict[str, Any]) -> dict[str, Any]:
        rate = schema["properties"]["exchange_rate"]
        schema["properties"]["exchange_rate"] = {
            "type": "string",
            "pattern": r"^[0-9]+(\.[0-9]+)?$",
            "description": rate["description"],
            "example": "1",
        }
        return schema

    def strings(example: dict[str, Any]) -> dict[str, Any]:
        for currency in example["value"]["content"]:
            currency["exchange_rate"] = str(currency["exchange_rate"])
        return example

    change_yaml(schemas / "Currency.yaml", as_string)
    change_yaml(examples / "Currencies.yaml", strings)


def edited_spec(folder: Path, *edits: Edit) -> Path:
    root = copy_of_the_spec(folder)
    for edit in edits:
        edit(root)
    return root
