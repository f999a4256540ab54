"""Findings from traffic, in the contract suite's shapes: reports/traffic-findings.json, traffic-summary.md.

python -m traffic.reports --har FILE.har [FILE.har...] [--reports DIR]     (make findings HAR=...)

Several files are read as one recording, in the order given (the proxy's rotated files:
HAR="reports/traffic-*.har reports/traffic.har").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from contract import report
from contract.redact import Redactor
from contract.rules import Context
from contract.spec import SpecIndex
from contract.verdicts import Verdicts
from traffic import har
from traffic.evaluation import Evaluator

REPO = Path(__file__).resolve().parent.parent


def write_reports(verdicts: Verdicts, facts: dict[str, Any], folder: Path, title: str) -> dict[str, Any]:
    """traffic-findings.json, traffic-findings-junit.xml and traffic-summary.md in `folder`."""
    index = verdicts.context.index
    traffic = report.Report(
        title=title,
        facts={**facts, "spec_version": index.version},
        findings=verdicts.findings(),
        auth_tested_only=verdicts.auth_tested_only(),
        key_header=index.key_header,
    )
    # The exchanges carry no key: HAR files are written redacted, and a request's key is `$API_KEY`.
    return report.write(folder, "traffic", traffic, Redactor())


def read(path: Path) -> dict[str, Any] | str:
    """A HAR file's JSON, or the sentence saying why it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return f"cannot read it: {error.strerror or error}"
    except ValueError as error:
        return f"not a HAR file (not JSON: {error})"
    if not isinstance(data, dict) or not isinstance(data.get("log"), dict) or "entries" not in data["log"]:
        return "not a HAR file (no log.entries)"
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m traffic.reports")
    parser.add_argument(
        "--har", type=Path, nargs="+", required=True, help="HAR files (ours, or a browser's devtools export)"
    )
    parser.add_argument("--reports", type=Path, default=REPO / "reports")
    args = parser.parse_args(argv)
    files = []
    for path in args.har:
        data = read(path)
        if isinstance(data, str):
            print(f"make findings: HAR={path}: {data}", file=sys.stderr)
            return 2
        files.append(data)
    evaluator = Evaluator(Verdicts(Context(SpecIndex.load())))
    entries = judged = capped = 0
    for data in files:
        entries += len(data["log"]["entries"])
        for recorded in har.exchanges(data, evaluator.inputs):
            evaluator.add(recorded.exchange, recorded.body_known)
            judged += 1
            capped += not recorded.body_known
    facts = {
        "har": ", ".join(map(str, args.har)),
        "entries": entries,
        "evaluated": judged,
        "judged_on_status_only": capped,
    }
    doc = write_reports(evaluator.verdicts, facts, args.reports, f"Traffic in {args.har[0].name}")
    refuted = sum(f["verdict"] == "refuted" for f in doc["findings"])
    print(
        f"make findings: {entries} entries, {judged} evaluated ({capped} on their status only: a body "
        f"not whole in the file), {refuted} refuted findings: {args.reports / 'traffic-summary.md'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
