"""The spec change gate: what changes between the bundle at BASE and the working tree's, for whom, and
whether `info.version` says so.

    python -m tools.compat [--base REF] [--changelog] [--no-specmatic]
                                           (make compat [BASE=REF] [SPECMATIC=off], make changelog)

The verdict is the rules' (tools/compat_rules): each change of the two bundles and of the two generated
clients' public surfaces (Python, TypeScript) is classified by a named rule; Specmatic runs as a second
opinion, and where it finds a break the rules do not, the stricter verdict wins. A breaking change fails
unless the major number of `info.version` was raised; otherwise the bump it expects is said.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import yaml

from contract.spec import SpecIndex
from tools import specmatic
from tools.api_surface import python_surface, typescript_surface
from tools.compat_report import Base, changelog_section, render
from tools.compat_rules.client import Surface
from tools.compat_rules.verdict import Verdict, judge
from tools.generate import CLIENT_NAME, build
from tools.typescript_package import write_types

REPO = Path(__file__).resolve().parent.parent
BUNDLE = "generated/openapi.yaml"
CLIENT = f"generated/{CLIENT_NAME}"
TYPES = "generated/typescript/customerarea.ts"
PACKAGE = "flashstart_customerarea"
CHANGELOG = REPO / "CHANGELOG.md"


def git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True)


def base_of(ref: str, bundle: dict[str, Any]) -> Base:
    commit = git("rev-parse", "--short=12", f"{ref}^{{commit}}").stdout.decode().strip()
    date = git("show", "-s", "--format=%cs", commit).stdout.decode().strip()
    return Base(ref, commit, date, str(bundle["info"]["version"]))


def at_base(ref: str, folder: Path) -> tuple[str, Surface | None, Surface | None]:
    """The bundle committed at `ref`, and its clients' surfaces (None: not committed there)."""
    bundle = git("show", f"{ref}:{BUNDLE}")
    if bundle.returncode != 0:
        raise SystemExit(f"make compat: BASE={ref} has no {BUNDLE} to compare with")
    python = None
    archive = git("archive", "--format=tar", ref, CLIENT)
    if archive.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        python = python_surface(folder / CLIENT / PACKAGE)
    types = git("show", f"{ref}:{TYPES}")
    typescript = typescript_surface(types.stdout.decode()) if types.returncode == 0 else None
    return bundle.stdout.decode(), python, typescript


def compare(ref: str, second_opinion: bool) -> tuple[Verdict, dict[str, Any], dict[str, Any]]:
    """The verdict from the bundle at `ref` to the working tree's, and the two bundles."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        old_text, old_python, old_typescript = at_base(ref, folder / "base")
        (folder / "new").mkdir()
        bundle, client = build(folder / "new")
        new_text = bundle.read_text(encoding="utf-8")
        old, new = yaml.safe_load(old_text), yaml.safe_load(new_text)
        surfaces = {}
        if old_python is not None:
            surfaces["python"] = (old_python, python_surface(client / PACKAGE))
        if old_typescript is not None:
            types = write_types(bundle, folder / "new" / "typescript").read_text(encoding="utf-8")
            surfaces["typescript"] = (old_typescript, typescript_surface(types))
        found = None
        if second_opinion:
            found = specmatic.breaking(old_text, new_text)
    return judge(old, new, surfaces, found), old, new


def operations(*bundles: dict[str, Any]) -> frozenset[str]:
    return frozenset(op.label for bundle in bundles for op in SpecIndex(bundle).operations)


def write_changelog(section: str, version: str) -> None:
    current = CHANGELOG.read_text(encoding="utf-8") if CHANGELOG.exists() else "# Changelog of the contract\n"
    if f"\n## {version} " in current:
        raise SystemExit(f"make changelog: {CHANGELOG.name} has a section for {version} already")
    head, _, rest = current.partition("\n## ")
    CHANGELOG.write_text(
        head.rstrip() + "\n\n" + section + ("\n## " + rest if rest else ""), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.compat")
    parser.add_argument(
        "--base", default="HEAD~1", help="the git ref to compare with (default: the previous commit)"
    )
    parser.add_argument(
        "--changelog", action="store_true", help="add a section for the new info.version to CHANGELOG.md"
    )
    parser.add_argument(
        "--no-specmatic",
        action="store_true",
        help="leave out Specmatic's second opinion (the rules decide anyway)",
    )
    args = parser.parse_args(argv)
    if git("rev-parse", "--verify", "--quiet", f"{args.base}^{{commit}}").returncode != 0:
        print(f"make compat: BASE={args.base} is not a commit of this repository", file=sys.stderr)
        return 2
    try:
        verdict, old, new = compare(args.base, second_opinion=not args.no_specmatic)
    except subprocess.CalledProcessError as failed:
        tool = Path(str(failed.cmd[0])).name
        print(
            f"make compat: {tool} failed on the working tree's spec: `make generate` shows why",
            file=sys.stderr,
        )
        return 2
    except yaml.YAMLError as error:
        print(
            f"make compat: the bundle at BASE={args.base} is not YAML ({error.__class__.__name__})",
            file=sys.stderr,
        )
        return 2
    base, version, every = base_of(args.base, old), str(new["info"]["version"]), operations(old, new)
    text, ok = render(verdict, base, version, every)
    print(text, end="")
    if args.changelog and verdict.bump != "none":
        write_changelog(
            changelog_section(verdict, base, version, dt.date.today().isoformat(), every), version
        )
        print(f"added a section for {version} to {CHANGELOG.name}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
