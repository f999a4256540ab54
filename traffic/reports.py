"""Findings from traffic, in the contract suite's shapes: reports/traffic-findings.json, traffic-summary.md.

python -m traffic.reports --har FILE.har [--reports DIR]        (make findings HAR=FILE.har)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m traffic.reports")
    parser.add_argument(
        "--har", type=Path, required=True, help="a HAR file (ours, or a browser's devtools export)"
    )
    parser.add_argument("--reports", type=Path, default=REPO / "reports")
    args = parser.parse_args(argv)
    try:
        data = json.loads(args.har.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"make findings: HAR={args.har}: cannot read it: {error.strerror or error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"make findings: HAR={args.har}: not a HAR file (not JSON: {error})", file=sys.stderr)
        return 2
    if not isinstance(data, dict) or "entries" not in data.get("log", {}):
        print(f"make findings: HAR={args.har}: not a HAR file (no log.entries)", file=sys.stderr)
        return 2
    index = SpecIndex.load()
    verdicts = Verdicts(Context(index))
    for exchange in har.exchanges(data, index):
        verdicts.add(exchange)
    facts = {"har": str(args.har), "entries": len(data["log"]["entries"])}
    doc = write_reports(verdicts, facts, args.reports, f"Traffic in {args.har.name}")
    refuted = sum(f["verdict"] == "refuted" for f in doc["findings"])
    print(
        f"make findings: {len(data['log']['entries'])} entries, {refuted} refuted findings: "
        f"{args.reports / 'traffic-summary.md'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
