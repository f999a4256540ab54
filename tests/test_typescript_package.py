"""The TypeScript package (generated/typescript/) as a consumer gets it: packed with the spec's version,
its examples exactly the spec's, and its types and examples usable without msw installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.documented import INDEX
from tests.live import REPO
from tools.typescript_handlers import documented_examples

PACKAGE = REPO / "generated" / "typescript"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("npm") is None, reason="no npm on this machine"),
]


def node(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", "--input-type=module", "-e", script], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_the_types_package_packs_as_a_tarball_with_the_specs_version() -> None:
    result = subprocess.run(
        ["npm", "pack", "--dry-run", "--json"], cwd=PACKAGE, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    (packed,) = json.loads(result.stdout)
    assert packed["name"] == "@flashstart/customerarea-types"
    assert packed["version"] == INDEX.spec["info"]["version"]
    files = {entry["path"] for entry in packed["files"]}
    entries = {f"{name}.{ext}" for name in ("index", "examples", "msw") for ext in ("js", "d.ts")}
    assert {"package.json", "README.md", "customerarea.d.ts", "customerarea.ts"} | entries <= files


def test_the_examples_are_the_specs_named_examples_of_each_operation() -> None:
    result = node(
        f"const m = await import({json.dumps((PACKAGE / 'examples.js').as_uri())});"
        "console.log(JSON.stringify(m.EXAMPLES))",
        REPO,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        op.operation_id: documented_examples(INDEX, op) for op in INDEX.operations
    }


def test_types_and_examples_load_without_msw_and_the_msw_entry_asks_for_it(tmp_path: Path) -> None:
    # An app that installed the package but not its optional peer.
    installed = tmp_path / "node_modules" / "@flashstart" / "customerarea-types"
    shutil.copytree(PACKAGE, installed)
    (tmp_path / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    main = node(
        'const t = await import("@flashstart/customerarea-types");'
        'const e = await import("@flashstart/customerarea-types/examples");'
        "console.log(Object.keys(t.DOCUMENTED_STATUSES).length, Object.keys(e.EXAMPLES).length)",
        tmp_path,
    )
    assert main.returncode == 0, main.stderr
    assert main.stdout.split() == [str(len(INDEX.operations))] * 2
    handlers = node('await import("@flashstart/customerarea-types/msw")', tmp_path)
    assert handlers.returncode != 0 and "Cannot find package 'msw'" in handlers.stderr, handlers.stderr
