"""`make baseline`: a baseline written from the latest live run in the history, for a person to edit.

    python -m contract.baseline_cli [--history PATH] [--host HOST] [--output PATH]

Each refuted finding of the latest run (on HOST, when given) becomes an entry. An entry the output
file already has keeps its reason and expiry while its finding is still refuted or untested; one
whose finding is now confirmed, or no longer in the spec, is dropped, and said. A new entry's reason
says what the server did and when: edit it to say why the deviation is accepted before committing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import indent
from typing import Any

import yaml

from contract.baseline import FILE_NAME, OFF, Baseline, BaselineError, Entry, load
from contract.history import History, HistoryError, RunRecord, default_path, shown
from contract.model import Verdict
from contract.spec import REPO

HEADER = """\
# Accepted deviations of {host} from the spec. A contract run with this baseline (BASELINE=<file>;
# contract-baseline.yaml at the root is used by default) fails only for a refuted finding not listed
# here, an entry whose finding is now confirmed (the baseline is stale), or an entry past its
# `expires` date (YYYY-MM-DD, optional). Review it like code: each reason says why it is accepted.
# Written by `make baseline` from {run}.
"""
NEW_ENTRY = "# new: say why this deviation is accepted (and until when: expires)\n"


@dataclass
class Draft:
    run: RunRecord
    entries: list[tuple[Entry, bool]] = field(default_factory=list)  # (entry, new)
    dropped: list[tuple[Entry, str]] = field(default_factory=list)  # (entry, why)

    def text(self) -> str:
        lines = [HEADER.format(host=self.run.host, run=self.run.describe()), f"host: {self.run.host}\n"]
        if not self.entries:
            return "".join([*lines, "accepted: []\n"])
        lines.append("accepted:\n")
        for entry, new in self.entries:
            data: dict[str, Any] = {"id": entry.id, "reason": entry.reason}
            if entry.expires is not None:
                data["expires"] = entry.expires
            text = yaml.safe_dump([data], sort_keys=False, allow_unicode=True, width=100)
            lines.append(indent((NEW_ENTRY if new else "") + text, "  "))
        return "".join(lines)


def draft(run: RunRecord, findings: list[dict[str, Any]], previous: Baseline | None) -> Draft:
    """The entries for `run`'s refuted findings, those of `previous` kept where they still hold."""
    verdicts = {f["id"]: Verdict(f["verdict"]) for f in findings}
    written = Draft(run)
    kept = {entry.id for entry in previous.entries} if previous else set()
    for entry in previous.entries if previous else ():
        verdict = verdicts.get(entry.id)
        if verdict in (Verdict.REFUTED, Verdict.UNTESTED):
            written.entries.append((entry, False))
        else:
            why = "confirmed now" if verdict is Verdict.CONFIRMED else f"no such assumption in run {run.id}"
            written.dropped.append((entry, why))
    for finding in findings:
        if finding["verdict"] == Verdict.REFUTED and finding["id"] not in kept:
            reason = f"seen on {shown(run.at)[:10]}: {finding['message']}"
            written.entries.append((Entry(finding["id"], reason), True))
    return written


def output_path(given: Path | None) -> Path:
    baseline = os.environ.get("BASELINE", "").strip()
    if given is not None:
        return given
    return Path(baseline) if baseline and baseline.lower() != OFF else REPO / FILE_NAME


def write(history: Path, host: str | None, output: Path) -> str:
    """Write the draft; what was done, in a few lines."""
    if not history.is_file():
        raise HistoryError(
            f"no history at {history} yet: a live run (make contract BASE_URL=...) records one"
        )
    with History(history) as opened:
        run = opened.latest(host)
        if run is None:
            raise HistoryError(f"the history {history} has no run{f' on {host}' if host else ''} yet")
        findings = opened.findings(run.id)
    previous = load(output) if output.is_file() else None
    if previous is not None and previous.host not in (None, run.host):
        raise BaselineError(
            f"{output} is the baseline of {previous.host}, and the latest run is on {run.host}: "
            f"give --host {previous.host}, or --output another file"
        )
    written = draft(run, findings, previous)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(written.text(), encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"cannot write {output}: {error.strerror or error}") from None
    new = [entry.id for entry, is_new in written.entries if is_new]
    lines = [
        f"make baseline: wrote {output} from {run.describe()} on {run.host}: "
        f"{len(written.entries)} accepted, {len(new)} new"
    ]
    lines += [f"  new (edit its reason): {key}" for key in new]
    lines += [f"  dropped ({why}): {entry.id}" for entry, why in written.dropped]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=Path, help="default: HISTORY, else reports/history.sqlite")
    parser.add_argument("--host", help="the latest run on this host (default: the latest run of all)")
    parser.add_argument("--output", type=Path, help=f"default: BASELINE, else {FILE_NAME} at the root")
    args = parser.parse_args(argv)
    try:
        print(write(args.history or default_path(), args.host, output_path(args.output)))
    except (HistoryError, BaselineError) as error:
        print(f"make baseline: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
