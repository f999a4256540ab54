"""Generate the Python client (and the bundle it is made from) and the TypeScript types, or
check that they are fresh.

    python -m tools.generate                    write generated/openapi.yaml and the Python client
    python -m tools.generate --only typescript  write generated/typescript/ (tools/typescript_package.py)
    python -m tools.generate --check            rebuild all three in a temporary folder, compare
                                                with the committed files, name each stale one

The client is openapi-python-client's output, formatted by its post hooks (ruff); both
tools are pinned in pyproject.toml, so the output is the same on every machine.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from contract.sources import BUNDLE, REPO
from contract.spec import SpecIndex
from tools import typescript_package
from tools.bundle import bundled_spec, render

TYPESCRIPT = REPO / "generated" / "typescript"
TYPESCRIPT_FILE = typescript_package.TYPES_FILE
CLIENT_NAME = "flashstart-customerarea-client"
CLIENT = REPO / "generated" / CLIENT_NAME
CONFIG = REPO / "openapi-python-client.yaml"
TEMPLATES = REPO / "client_templates"
BIN = Path(sys.executable).parent
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache", "build"}


def build(folder: Path) -> tuple[Path, Path]:
    """Write the bundle and the client under `folder`; return both paths."""
    bundle = folder / "openapi.yaml"
    bundle.write_text(render(bundled_spec()), encoding="utf-8")
    client = folder / CLIENT_NAME
    templates = client_templates(folder)
    subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(bundle),
            "--config",
            str(CONFIG),
            "--custom-template-path",
            str(templates),
            "--meta",
            "setup",
            "--output-path",
            str(client),
            "--overwrite",
            "--fail-on-warning",
        ],
        check=True,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        # The post hooks call `ruff` by name: the pinned one in this environment.
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    return bundle, client


def client_templates(folder: Path) -> Path:
    """client_templates/ and, beside them, what the generator does not pass to templates from the
    spec (its servers): `spec_values.jinja`, so that the client's default URL and the base path its
    404s name are the spec's."""
    templates = folder / "client_templates"
    shutil.copytree(TEMPLATES, templates)
    index = SpecIndex.load(folder / "openapi.yaml")
    values = {"production_url": index.spec["servers"][0]["url"], "base_path": index.base_path}
    (templates / "spec_values.jinja").write_text(
        "".join(f"{{% set {name} = {json.dumps(value)} %}}\n" for name, value in values.items()),
        encoding="utf-8",
    )
    return templates


def build_typescript(bundle: Path, folder: Path) -> Path:
    """The TypeScript package for the bundle (tools/typescript_package.py), in `folder/typescript/`."""
    return typescript_package.write(bundle, folder / "typescript")


def differences(fresh: Path, committed: Path, prefix: str) -> list[str]:
    """Paths (relative to the repo) that differ, are missing or are extra in `committed`."""
    if not committed.exists():
        return [prefix]
    if fresh.is_file():
        return [] if filecmp.cmp(fresh, committed, shallow=False) else [prefix]
    comparison = filecmp.dircmp(fresh, committed, ignore=sorted(IGNORED))
    # An editable install leaves its metadata beside the committed client; it is not output.
    extra = [name for name in comparison.right_only if not name.endswith(".egg-info")]
    found = [f"{prefix}/{name}" for name in comparison.left_only + extra]
    found += [f"{prefix}/{name}" for name in comparison.diff_files + comparison.funny_files]
    for name in comparison.common_dirs:
        found += differences(fresh / name, committed / name, f"{prefix}/{name}")
    if not found:
        # dircmp compares with shallow=True; compare bytes where stat signatures matched.
        found = [
            f"{prefix}/{name}"
            for name in comparison.same_files
            if not filecmp.cmp(fresh / name, committed / name, shallow=False)
        ]
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument(
        "--only",
        choices=("python", "typescript"),
        default="python",
        help="what to write (default: the bundle and the Python client)",
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        if options.only == "typescript" and not options.check:
            # The types are made from the committed bundle; the Python client is not needed.
            # Built first: a build that fails leaves the committed package as it was.
            built = build_typescript(BUNDLE, Path(temp))
            shutil.rmtree(TYPESCRIPT, ignore_errors=True)
            shutil.copytree(built, TYPESCRIPT)
            print("wrote generated/typescript/ (the types package)")
            return 0
        bundle, client = build(Path(temp))
        if options.check:
            stale = differences(bundle, BUNDLE, "generated/openapi.yaml")
            stale += differences(client, CLIENT, f"generated/{CLIENT_NAME}")
            stale += differences(build_typescript(BUNDLE, Path(temp)), TYPESCRIPT, "generated/typescript")
            for path in stale:
                print(f"stale: {path}", file=sys.stderr)
            if stale:
                print(
                    "generated files differ from openapi/: run `make generate` (and `make ts-types`)",
                    file=sys.stderr,
                )
                return 1
            print("generated/ is up to date with openapi/")
            return 0
        shutil.copyfile(bundle, BUNDLE)
        shutil.rmtree(CLIENT, ignore_errors=True)
        shutil.copytree(client, CLIENT, ignore=shutil.ignore_patterns(*IGNORED))
    print(f"wrote generated/openapi.yaml and generated/{CLIENT_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
