"""A live run watched over time: judged against the baseline, recorded in the history, and its summary
opened by what changed since the previous run on the same host (contract/baseline.py, history.py,
changes.py hold the logic; this is the glue the suite's entry point calls at its start and its end).

Built at the start, so that a bad baseline or a history that cannot be written stops the run in one
sentence before it sends anything. The in-process mock has neither: `start` gives None.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract import baseline, changes, history
from contract.baseline import Baseline, BaselineError, Judgement
from contract.history import History, HistoryError
from contract.implied import implied
from contract.model import Finding, Verdict
from contract.report import Report, document
from contract_tests.target import Target


class WatchError(ValueError):
    """The baseline or the history cannot be used; the message is the one sentence to show."""


@dataclass
class Watch:
    history_path: Path
    host: str
    baseline: Baseline | None
    note: str = ""  # why no baseline applies, said in the summary
    judged: Judgement | None = None
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # the findings' and the implied ones
    implied: dict[str, dict[str, Any]] = field(default_factory=dict)  # findings this run implies
    hidden: set[str] = field(default_factory=set)  # claims of the spec with no finding in this run
    lines: list[str] = field(default_factory=list)  # for the terminal, at the end

    @classmethod
    def start(cls, target: Target, env: Mapping[str, str] | None = None) -> Watch | None:
        if not target.live:
            return None
        env = os.environ if env is None else env
        path = history.default_path(env)
        try:
            History(path).close()  # created (or checked) now, before anything is sent
            found, asked = baseline.default_path(env)
            chosen = baseline.load(found) if found is not None else None
        except (HistoryError, BaselineError) as error:
            raise WatchError(str(error)) from None
        host = history.host_of(target.base_url)
        if chosen is not None and chosen.host not in (None, host):
            if asked:
                raise WatchError(f"BASELINE={found} accepts the deviations of {chosen.host}, not of {host}")
            note = f"{chosen.path.name} is the baseline of {chosen.host}: not applied to this run on {host}"
            return cls(path, host, None, note)
        if chosen is None:
            note = "no baseline: every refuted finding fails the run (make baseline writes one)"
            return cls(path, host, None, "BASELINE=off: " + note if asked else note)
        return cls(path, host, chosen)

    def conclude(self, findings: list[Finding], catalogue: Collection[str]) -> bool | None:
        """The run's verdicts, with those it implies for claims made only to refute them (from the
        history: contract/implied.py), judged against the baseline: whether it fails the run, or None
        when no baseline applies (the suite's rule stands). Under a baseline the findings decide: the
        checks' failures are the deviations they name, and a test that crashed failed the run already."""
        self.verdicts = {f.id: f.verdict for f in findings}
        self.hidden = set(catalogue) - set(self.verdicts)
        try:
            with History(self.history_path) as opened:
                known = opened.latest_findings(self.host)
        except HistoryError:
            known = {}  # said at the end, when recording fails the same way
        self.implied = implied(known, self.verdicts, catalogue)
        self.verdicts |= {key: Verdict(found["verdict"]) for key, found in self.implied.items()}
        if self.baseline is None:
            return None
        today = dt.datetime.now(dt.UTC).date()
        self.judged = baseline.judge(self.baseline, self.verdicts, today)
        return self.judged.failed

    def finish(self, report: Report, target: Target) -> bool:
        """Record the run, and open its summary with what changed and the baseline's judgement.
        False when the history could not be written: the run then fails, saying why."""
        if self.judged is not None:
            report.accepted = self.judged.reasons
            used = self.judged.baseline
            report.facts["baseline"] = f"{used.path} ({len(used.entries)} entries)"
        found = document(report, target.redactor)["findings"] + list(self.implied.values())
        try:
            with History(self.history_path) as opened:
                recorded = opened.record(report.facts, target.base_url, found, target.redactor)
        except HistoryError as error:
            report.facts["outcome"] = f"FAILED: the history was not recorded ({error})"
            report.opening += ["## History not recorded", "", str(error), ""]
            self.lines.append(f"contract: FAILED: the history was not recorded: {error}")
            return False
        changed = changes.compare(
            recorded.run, recorded.previous, recorded.before, self.verdicts, self.hidden
        )
        messages = {f.id: f.message for f in report.findings} | {
            k: f["message"] for k, f in self.implied.items()
        }
        report.opening += changes.markdown(changed, messages)
        self.lines.append(changes.terminal_line(changed))
        if self.judged is not None:
            report.opening += baseline.markdown(self.judged)
            self.lines.append(baseline.terminal_line(self.judged))
        else:
            report.opening += ["## Baseline: none", "", f"- {self.note}", ""]
        self.lines.append(f"contract: recorded as run {recorded.run.id} in {self.history_path}")
        return True
