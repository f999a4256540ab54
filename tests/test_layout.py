"""The layout holds: who may import whom, no run-time import of tools/, short modules saying what they are."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.live import REPO

OURS = ("contract", "contract_tests", "mock_server", "traffic", "tools", "bench", "standins", "tests")
# package -> the packages of ours it must never import
FORBIDDEN = {
    "contract": {"contract_tests", "mock_server", "traffic", "tools", "bench", "standins", "tests"},
    "mock_server": {"contract_tests", "traffic", "tools", "bench", "standins", "tests"},
    "contract_tests": {"mock_server", "traffic", "tools", "bench", "standins", "tests"},
    "traffic": {"contract_tests", "mock_server", "tools", "bench", "standins", "tests"},
    "tools": {"contract_tests", "mock_server", "traffic", "bench", "standins", "tests"},
    "standins": {"contract_tests", "mock_server", "traffic", "tools", "bench", "tests"},
    "bench": {"tests", "contract_tests", "traffic"},
}
LONGEST = 320  # lines: "about 300"


def modules(package: str) -> list[Path]:
    return sorted(path for path in (REPO / package).rglob("*.py") if ".venv" not in path.parts)


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports (at any depth of the module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_imports_what_it_stands_above(package: str) -> None:
    wrong = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in modules(package)
        for name in imported(path) & FORBIDDEN[package]
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("package", OURS)
def test_each_module_says_what_it_is_on_its_first_line_and_stays_short(package: str) -> None:
    for path in modules(package):
        text = path.read_text(encoding="utf-8")
        assert text.startswith('"""'), f"{path.relative_to(REPO)}: its first line is not its docstring"
        if package != "tests":
            lines = text.count("\n")
            assert lines <= LONGEST, f"{path.relative_to(REPO)} has {lines} lines: split it"
