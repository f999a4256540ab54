"""The spec change gate: what changes between the bundle at BASE and the working tree's, for whom, and
whether `info.version` says so.

    python -m tools.compat [--base REF] [--changelog]        (make compat [BASE=REF], make changelog)

Each change is printed in words, grouped by operation, breaking or compatible from the consumer's
side (Specmatic decides what breaks), with what changes in the generated Python client and in the
TypeScript types (their public surfaces compared, not guessed from names). A breaking change fails
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

from tools import api_surface, typescript_package
from tools.generate import CLIENT_NAME, build
from tools.spec_index import SpecIndex, snake_case

REPO = Path(__file__).resolve().parent.parent
BUNDLE = "generated/openapi.yaml"
CLIENT = f"generated/{CLIENT_NAME}"
TYPES = "generated/typescript/customerarea.ts"
PACKAGE = "flashstart_customerarea"
CHANGELOG = REPO / "CHANGELOG.md"


def git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True)


def at_base(ref: str, folder: Path) -> tuple[str, Path, str]:
    """The bundle, the client package and the TypeScript types committed at `ref`."""
    bundle = git("show", f"{ref}:{BUNDLE}")
    if bundle.returncode != 0:
        raise SystemExit(
            f"make compat: BASE={ref} has no {BUNDLE} to compare with ({bundle.stderr.decode().strip()})"
        )
    archive = git("archive", "--format=tar", ref, CLIENT)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    types = git("show", f"{ref}:{TYPES}")
    return (
        bundle.stdout.decode(),
        folder / CLIENT / PACKAGE,
        types.stdout.decode() if types.returncode == 0 else "",
    )


def dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def version_of(bundle: str) -> tuple[int, ...]:
    text = str(yaml.safe_load(bundle)["info"]["version"])
    try:
        return tuple(int(part) for part in text.split(".")[:3])
    except ValueError:
        raise SystemExit(f"make compat: info.version {text!r} is not semver (MAJOR.MINOR.PATCH)") from None


def model_owners(index: SpecIndex) -> dict[str, set[str]]:
    """component schema name -> the operations whose request or responses reach it."""
    owners: dict[str, set[str]] = {}

    def reach(node: Any, label: str) -> None:
        if isinstance(node, dict):
            name = index.ref_name(node)
            if name and "/schemas/" in node["$ref"]:
                if label in owners.setdefault(name, set()):
                    return
                owners[name].add(label)
            for value in (index.resolve(node) if name else node).values():
                reach(value, label)
        elif isinstance(node, list):
            for value in node:
                reach(value, label)

    for op in index.operations:
        reach({k: op.definition.get(k) for k in ("requestBody", "responses", "parameters")}, op.label)
    return owners


def compare(base_ref: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        base_bundle, base_client, base_types = at_base(base_ref, folder / "base")
        (folder / "new").mkdir()
        new_bundle_path, new_client = build(folder / "new")
        new_bundle = new_bundle_path.read_text(encoding="utf-8")
        # The types alone: the package's examples and handlers are compiled by make ts-types, not here.
        new_types = typescript_package.write_types(new_bundle_path, folder / "new" / "typescript").read_text(
            encoding="utf-8"
        )
        breaks = api_surface.breaking(base_bundle, new_bundle)
        old_functions, old_models = api_surface.python_surface(base_client)
        new_functions, new_models = api_surface.python_surface(new_client / PACKAGE)
    index, old_index = SpecIndex(yaml.safe_load(new_bundle)), SpecIndex(yaml.safe_load(base_bundle))
    owners = {**model_owners(old_index), **model_owners(index)}  # a removed schema keeps its old owners
    by_function = {op.operation_id: op.label for op in (*index.operations, *old_index.operations)}
    snake = {snake_case(op_id): label for op_id, label in by_function.items()}
    impact: dict[str, list[str]] = {}
    for owner, text in api_surface.changes("function", old_functions, new_functions):
        impact.setdefault(snake.get(owner, "(client)"), []).append(f"python: `{owner}.sync(...)`: {text}")
    request_models = {
        index.ref_name(
            (op.definition.get("requestBody") or {})
            .get("content", {})
            .get("application/json", {})
            .get("schema")
        ): op
        for op in index.operations
    }
    for owner, text in api_surface.changes("model", old_models, new_models):
        for label in sorted(owners.get(owner, {"(client)"})):
            op = request_models.get(owner)
            call = (
                f"`{snake_case(op.operation_id)}.sync(body={owner}(...))`: "
                if op is not None and op.label == label
                else ""
            )
            impact.setdefault(label, []).append(f"python: {call}{text}")
    for owner, text in api_surface.changes(
        "type", api_surface.typescript_surface(base_types), api_surface.typescript_surface(new_types)
    ):
        for label in sorted(owners.get(owner, {"(types)"})):
            impact.setdefault(label, []).append(f'typescript: components["schemas"]: {text}')
    old_ops, new_ops = {op.label for op in old_index.operations}, {op.label for op in index.operations}
    return {
        "base": base_ref,
        "old_version": version_of(base_bundle),
        "new_version": version_of(new_bundle),
        "breaking": breaks,
        "impact": impact,
        "added_operations": sorted(new_ops - old_ops),
        "removed_operations": sorted(old_ops - new_ops),
        "changed": base_bundle != new_bundle,
    }


def words(item: api_surface.Break) -> str:
    """Specmatic's finding from the consumer's side."""
    where = item.where.split(".")
    field = ".".join(where[2:]) if len(where) > 2 else item.where
    if item.where.startswith("REQUEST.BODY") and "expects property" in item.message:
        return f"request field `{field}` became required: callers that omit it now get 422"
    if item.where.startswith("RESPONSE.BODY") and "missing in the new specification" in item.message:
        return (
            f"response field `{field}` may be absent now (removed, or no longer required): "
            "code that reads it unchecked breaks"
        )
    if item.where.startswith("REQUEST.PARAMETERS"):
        return f"request parameter `{where[-1]}`: {item.message}"
    return f"`{item.where}`: {item.message}"


def expected_bump(result: dict[str, Any]) -> str:
    if result["breaking"] or result["removed_operations"]:
        return "major"
    additions = result["added_operations"] or any(
        "added" in line for lines in result["impact"].values() for line in lines
    )
    return "minor" if additions else "patch" if result["changed"] else "none"


def render(result: dict[str, Any]) -> tuple[str, bool]:
    old, new = result["old_version"], result["new_version"]
    bump = expected_bump(result)
    lines = [
        f"make compat: {BUNDLE} at {result['base']} (info.version {dotted(old)}) "
        f"-> the working tree ({dotted(new)})"
    ]
    operations: dict[str, list[str]] = {}
    for item in result["breaking"]:
        operations.setdefault(item.operation, []).append(f"BREAKING: {words(item)}")
    for label in result["added_operations"]:
        operations.setdefault(label, []).append("compatible: a new operation")
    for label in result["removed_operations"]:
        operations.setdefault(label, []).append(
            "BREAKING: the operation was removed: its callers now get 404"
        )
    for label, impact in result["impact"].items():
        operations.setdefault(label, []).extend(f"  {line}" for line in impact)
    for label in sorted(operations):
        entries = operations[label]
        if not any(not e.startswith("  ") for e in entries):
            entries.insert(0, "compatible: nothing breaks for existing callers; the generated code changes")
        lines.append(f"{label}:")
        lines += [f"  {entry}" for entry in entries]
    ok = bump != "major" or new[0] > old[0]
    if bump == "none":
        lines.append("no change to the contract")
    elif ok:
        lines.append(
            f"{bump} change: expects a {bump} bump of info.version" + ("" if new > old else " (not made yet)")
        )
    else:
        lines.append(
            f"FAILED: breaking change(s) need info.version {old[0] + 1}.0.0 or later, it is {dotted(new)}"
        )
    return "\n".join(lines) + "\n", ok


def changelog(text: str, result: dict[str, Any]) -> None:
    version = dotted(result["new_version"])
    body = "\n".join(line for line in text.splitlines()[1:] if not line.startswith(("FAILED", "no change")))
    since = f"Compared with {dotted(result['old_version'])} ({result['base']})"
    section = f"## {version} ({dt.date.today().isoformat()})\n\n{since}:\n\n```\n{body}\n```\n"
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
    args = parser.parse_args(argv)
    if git("rev-parse", "--verify", "--quiet", f"{args.base}^{{commit}}").returncode != 0:
        print(f"make compat: BASE={args.base} is not a commit of this repository", file=sys.stderr)
        return 2
    result = compare(args.base)
    text, ok = render(result)
    print(text, end="")
    if args.changelog and result["changed"]:
        changelog(text, result)
        print(f"added a section for {dotted(result['new_version'])} to {CHANGELOG.name}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
