"""Findings from traffic, in the contract suite's shapes: reports/traffic-findings.json, traffic-summary.md.

python -m traffic.reports --har FILE.har [--reports DIR]        (make findings HAR=FILE.har)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from contract_tests import report
from contract_tests.findings import Engine
from tools.spec_index import SpecIndex
from traffic import har

REPO = Path(__file__).resolve().parent.parent


def write_reports(engine: Engine, facts: dict[str, Any], folder: Path, title: str) -> dict[str, Any]:
    findings = engine.evaluate()
    seen = engine.exchanges
    auth_only = sorted(
        label for label, items in seen.items() if items and all(e.situation == "no_key" for e in items)
    )
    doc = report.document(
        {**facts, "spec_version": engine.index.spec["info"]["version"]}, findings, auth_only, str
    )
    report.write(folder, "traffic", doc, title)
    (folder / "traffic-summary.md").write_text(report.markdown(doc, title), encoding="utf-8")
    return doc


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
    engine = Engine(index)
    for exchange in har.exchanges(data, index):
        engine.observe(exchange)
    facts = {"har": str(args.har), "entries": len(data["log"]["entries"])}
    doc = write_reports(engine, facts, args.reports, f"Traffic in {args.har.name}")
    refuted = sum(f["verdict"] == "refuted" for f in doc["findings"])
    print(
        f"make findings: {len(data['log']['entries'])} entries, {refuted} refuted findings: "
        f"{args.reports / 'traffic-summary.md'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
