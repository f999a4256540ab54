"""Specmatic's `backward-compatibility-check` (pinned, from npm; Java runs it): make compat's second opinion.

The verdict is the rules' (tools/compat_rules); Specmatic's findings are compared with it, and one the
rules do not share makes the verdict stricter (tools/compat_rules/verdict.py). Its report repeats each
change once per response status; it is folded here to one line per (operation, field, message).
Specmatic also reports, at random, a change where there is none (it cannot generate strings for a
pattern of control characters, such as `license_info`'s): such noise is recognised by the field being
the same in both specs, and dropped, so that it never changes a verdict.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from contract.spec import SpecIndex

REPO = Path(__file__).resolve().parent.parent
SPECMATIC_VERSION = "2.55.1"
SPECMATIC_DIR = REPO / "tools" / ".specmatic"
JAR = SPECMATIC_DIR / "node_modules" / "specmatic" / "specmatic.jar"
BLOCK = re.compile(r"API: (\S+) (\S+) -> \S+\s+>> (\S+) \([^)]*\)\s+(.+?)(?=\n\s*\n|\Z)", re.S)


@dataclass(frozen=True)
class Break:
    operation: str  # "POST /licenses/demo"
    where: str  # "REQUEST.BODY.lang"
    message: str  # Specmatic's own words

    @property
    def key(self) -> tuple[str, str, str]:
        # Specmatic quotes random example values in some messages: not part of what changed.
        return self.operation, self.where, re.sub(r'"[^"]*"', '"…"', self.message)


def specmatic() -> Path:
    """The pinned Specmatic jar, installed from npm into tools/.specmatic/ on first use."""
    if not JAR.exists():
        if shutil.which("npm") is None or shutil.which("java") is None:
            raise SystemExit("make compat needs node's npm and a Java runtime (17+) to run Specmatic")
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-save",
                "--prefix",
                str(SPECMATIC_DIR),
                f"specmatic@{SPECMATIC_VERSION}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return JAR


def _run(base: str, new: str) -> list[Break]:
    """Specmatic's incompatibilities from `base` to `new`, one per status as it reports them."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        git = ["git", "-c", "user.email=compat@localhost", "-c", "user.name=compat", "-C", str(work)]
        subprocess.run(["git", "init", "-q", str(work)], check=True)
        (work / "api.yaml").write_text(base, encoding="utf-8")
        subprocess.run([*git, "add", "api.yaml"], check=True)
        subprocess.run([*git, "commit", "-qm", "base"], check=True)
        # Specmatic checks only a file that changed: a comment makes the base itself one.
        (work / "api.yaml").write_text(
            new if new != base else new + "\n# compared with itself\n", encoding="utf-8"
        )
        result = subprocess.run(
            [
                "java",
                "-jar",
                str(specmatic()),
                "backward-compatibility-check",
                "--base-branch",
                "HEAD",
                "--target-path",
                "api.yaml",
            ],
            cwd=work,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=300,
        )
    report = result.stdout.split("The Incompatibility Report:", 1)
    if result.returncode not in (0, 1):
        raise SystemExit(f"Specmatic failed (exit {result.returncode}): {result.stderr[-500:]}")
    return [
        Break(f"{m} {p}", w, " ".join(msg.split()))
        for m, p, w, msg in BLOCK.findall(report[1] if len(report) > 1 else "")
    ]


def _fields(spec: dict[str, Any], item: Break) -> list[tuple[str, bool]] | None:
    """What Specmatic's location names, in a fully resolved spec: (the field's schema, required?) in
    each place it is found (each response status, say); None when the path leads nowhere."""
    method, path = item.operation.split(" ", 1)
    operation = spec.get("paths", {}).get(path, {}).get(method.lower())
    if operation is None:
        return None
    parts = item.where.split(".")
    if parts[:2] == ["REQUEST", "PARAMETERS"]:
        found = [p for p in operation.get("parameters", []) if p.get("name") == parts[-1]]
        return [(json.dumps(p, sort_keys=True), bool(p.get("required"))) for p in found] or None
    if parts[:2] == ["REQUEST", "BODY"]:
        roots = [
            (operation.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
        ]
    elif parts[:2] == ["RESPONSE", "BODY"]:
        roots = [
            r.get("content", {}).get("application/json", {}).get("schema")
            for r in operation["responses"].values()
        ]
    else:
        return None
    found = []
    for node in roots:
        required = False
        for step in parts[2:]:
            while isinstance(node, dict) and node.get("type") == "array":
                node = node.get("items")
            if not isinstance(node, dict) or step not in (node.get("properties") or {}):
                node = None
                break
            required, node = step in (node.get("required") or []), node["properties"][step]
        if node is not None:
            found.append((json.dumps(node, sort_keys=True), required))
    return sorted(found) or None


def breaking(base: str, new: str) -> list[Break]:
    """What Specmatic finds breaking from `base` to `new`, noise dropped, folded (`without_noise`)."""
    return without_noise(yaml.safe_load(base), yaml.safe_load(new), _run(base, new))


def without_noise(base: dict[str, Any], new: dict[str, Any], found: list[Break]) -> list[Break]:
    """Specmatic's findings folded to one per (operation, field, message), its noise dropped.

    Specmatic also reports a field it cannot generate values for (a pattern of control characters,
    such as `license_info`'s), at random, when nothing changed: a finding whose field has the same
    schema and the same required-ness in both specs, everywhere it appears, is that noise.
    """
    old_spec, new_spec = SpecIndex(base).resolved, SpecIndex(new).resolved
    folded: dict[tuple[str, str, str], Break] = {}
    for item in found:
        before, after = _fields(old_spec, item), _fields(new_spec, item)
        if before is not None and before == after:
            continue
        folded.setdefault(item.key, item)
    return list(folded.values())
