"""make adopt: the proposed edits of refuted findings applied to the hand-written spec in openapi/.

    python -m tools.adopt [--findings reports/contract-findings.json] [--only ID,ID] [--dry-run] [--spec DIR]

Each selected refuted finding (every one, or those `--only` names) is applied when it carries a
`proposed_edit` (contract/rules/edits.py), all its changes or none; each changed node is marked
(tools/adopt_kinds.py). One line per finding says applied (file and pointer) or not applied and why:
no edit (a path absent: a person must find the real one), or it contradicts the vendor's documentation
(applied only when `--only` names it). `--findings` also takes the proxy's traffic-findings.json.
A file or an id that cannot be used is one sentence and exit status 2; nothing is written then.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from contract.rules.edits import Edit
from contract.spec import REPO
from tools import adopt_kinds

SPEC_FOLDER = "openapi"


class CannotAdopt(ValueError):
    """A findings file or an option that cannot be used: one sentence."""


def read_findings(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CannotAdopt(f"cannot read {path}: {error.strerror or error}") from None
    except ValueError as error:
        raise CannotAdopt(f"{path} is not JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise CannotAdopt(
            f"{path} is not a findings report (no `findings` list): make contract or make findings write one"
        )
    return document


class Adoption:
    """The spec's files as edited so far, loaded once each, written together at the end."""

    def __init__(self, spec_dir: Path, observed: dict[str, str]) -> None:
        self.spec_dir = spec_dir
        self.observed = observed
        self.documents: dict[Path, Any] = {}
        self.new_files: set[Path] = set()

    def path(self, file: str) -> Path:
        relative = Path(file).relative_to(SPEC_FOLDER) if Path(file).parts[:1] == (SPEC_FOLDER,) else None
        if relative is None:
            raise adopt_kinds.NotThere(f"{file} is not in {SPEC_FOLDER}/")
        return self.spec_dir / relative

    def document(self, path: Path) -> Any:
        if path not in self.documents:
            if not path.is_file():
                raise adopt_kinds.NotThere(f"{path.name} does not exist")
            self.documents[path] = adopt_kinds.load(path)
        return self.documents[path]

    def apply(self, finding: dict[str, Any], edit: Edit) -> tuple[list[str], str | None]:
        """(where each change went, None) or ([], why not): all its changes, or none."""
        before = (copy.deepcopy(self.documents), set(self.new_files))
        mark = self.observed | {
            "finding": str(finding["id"]),
            "evidence": str(finding.get("evidence") or "-"),
        }
        applied = []
        try:
            for change in edit.changes:
                path = self.path(change.file)
                if change.kind == "create-file":
                    if path.exists() or path in self.new_files:
                        continue
                    self.documents[path] = adopt_kinds.created(change, mark)
                    self.new_files.add(path)
                elif change.kind in adopt_kinds.APPLY:
                    if adopt_kinds.APPLY[change.kind](self.document(path), change, mark) is not None:
                        continue  # already as the edit wants it (another finding's edit did it)
                else:
                    raise adopt_kinds.NotThere(f"the edit kind {change.kind!r} is unknown")
                applied.append(f"{change.where} ({change.kind})")
        except (adopt_kinds.NotThere, KeyError, TypeError, AttributeError) as error:
            self.documents, self.new_files = before
            return [], f"the spec is not as the edit expects ({error}): a person must look"
        return applied, None

    def write(self) -> None:
        for path, document in self.documents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(adopt_kinds.dump(document), encoding="utf-8")


def selected(document: dict[str, Any], only: list[str]) -> list[dict[str, Any]]:
    findings = [f for f in document["findings"] if isinstance(f, dict) and "id" in f]
    if not only:
        return [f for f in findings if f.get("verdict") == "refuted"]
    known = {f["id"]: f for f in findings}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise CannotAdopt(f"ONLY names {', '.join(unknown)}, which the findings file does not have")
    return [known[name] for name in only]


def why_not(finding: dict[str, Any], only: list[str]) -> str | None:
    """Why a finding is not applied before trying, or None."""
    if finding.get("verdict") != "refuted":
        return f"it is {finding.get('verdict')}, not refuted"
    edit = finding.get("proposed_edit")
    if edit is None:
        if finding.get("subject") == "path":
            return "no edit: the path is absent on this server; a person must find the real path"
        return f"no edit: {finding.get('message') or finding['id']}; a person must decide" + (
            " (see its suggestion)" if finding.get("suggestion") else ""
        )
    if edit.get("contradicts_documentation") and finding["id"] not in only:
        return "it contradicts the vendor's documentation; name it in ONLY= to apply it all the same"
    return None


def adopt(findings_path: Path, only: list[str], spec_dir: Path, dry_run: bool, out: Any = sys.stdout) -> int:
    """Returns the number of findings applied; prints one line per finding."""
    document = read_findings(findings_path)
    chosen = selected(document, only)
    target = document.get("target") or {}
    host = urlsplit(str(target.get("base_url") or "")).hostname or str(target.get("where") or "-")
    observed = {"date": datetime.datetime.now(datetime.UTC).date().isoformat(), "host": host}
    adoption = Adoption(spec_dir, observed)
    applied = 0
    for finding in chosen:
        reason = why_not(finding, only)
        if reason is None:
            try:
                edit = Edit.of(finding["proposed_edit"])
            except (KeyError, TypeError):
                raise CannotAdopt(
                    f"{findings_path}: the proposed_edit of {finding['id']} is not one"
                ) from None
            where, reason = adoption.apply(finding, edit)
            if reason is None:
                applied += 1
                verb = "would apply" if dry_run else "applied"
                print(f"{verb} {finding['id']}: " + ("; ".join(where) or "already in the spec"), file=out)
                continue
        print(f"not applied {finding['id']}: {reason}", file=out)
    if not dry_run:
        adoption.write()
    print(
        f"adopt: {applied} of {len(chosen)} finding(s) "
        + ("would be applied (dry run: nothing written)" if dry_run else f"applied to {spec_dir}"),
        file=out,
    )
    return applied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make adopt", description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=Path, default=REPO / "reports" / "contract-findings.json")
    parser.add_argument("--only", default="", help="finding ids, comma-separated")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--spec", type=Path, default=REPO / SPEC_FOLDER, help="the spec's folder (openapi/)")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    try:
        adopt(args.findings, only, args.spec, args.dry_run)
    except CannotAdopt as error:
        print(f"make adopt: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
