"""Verdicts a run implies, from the runs before it, for the claims the findings engine makes only to refute.

A body that matches its schema confirms its whole-body claim and says nothing of each field; a field
claim (`response_schema:Currency:content.currency_symbol:missing`) exists only in a run that refutes
it, and so does an undocumented status (`status:valid:GET:/licenses/available:403`). Once the server
is fixed, the claim is simply absent. Over runs that absence means something: a field claim whose
whole body matched, at its status, on each of its operations is confirmed; an undocumented status is
confirmed when valid requests got documented ones. When what covers it was not observed, it is
untested. These verdicts let the history, what changed and the baseline say "newly confirmed" and
"stale" for the deviations that are most often fixed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from contract.model import Subject, Verdict, assumption_id

UNDOCUMENTED_STATUS = f"{Subject.STATUS.value}:valid:"
LEFT_OUT = (
    "evidence",
    "suggestion",
    "proposed_edit",
    "baselined",
    "observed",
)  # what the earlier run saw, not this one


def covering(finding: Mapping[str, Any]) -> list[str]:
    """The spec's own claims whose observations test this one (none when it is not a refuted-only claim)."""
    operations = [label.split(" ", 1) for label in finding.get("operations") or [] if " " in label]
    status = (finding.get("observed") or {}).get("status")
    if finding.get("subject") == Subject.RESPONSE_SCHEMA and status is not None:
        return [assumption_id(Subject.RESPONSE_SCHEMA, method, path, status) for method, path in operations]
    if finding.get("subject") == Subject.STATUS and str(finding["id"]).startswith(UNDOCUMENTED_STATUS):
        return [assumption_id(Subject.STATUS, "valid", method, path) for method, path in operations]
    return []


def implied(
    known: Mapping[str, Mapping[str, Any]], now: Mapping[str, Verdict], catalogue: Collection[str]
) -> dict[str, dict[str, Any]]:
    """For each claim seen before (`known`: its latest finding) that this run neither made (`now`) nor
    has in its spec's catalogue, the finding this run implies, when the spec's claims covering it are
    in the catalogue: confirmed when every one is confirmed, else untested."""
    found: dict[str, dict[str, Any]] = {}
    for key, before in known.items():
        if key in now or key in catalogue:
            continue
        covers = covering(before)
        if not covers or any(claim not in catalogue for claim in covers):
            continue
        confirmed = all(now.get(claim) is Verdict.CONFIRMED for claim in covers)
        verdict = Verdict.CONFIRMED if confirmed else Verdict.UNTESTED
        names = ", ".join(f"`{claim}`" for claim in covers)
        said = f"not refuted again: {names} confirmed" if confirmed else f"untested: {names} not confirmed"
        found[key] = {
            **{name: value for name, value in before.items() if name not in LEFT_OUT},
            "verdict": verdict.value,
            "observed": {"status": (before.get("observed") or {}).get("status"), "times": 0},
            "message": f"{before.get('assumption') or key}: {said} in this run",
            "implied_by": covers,
            "evidence": None,
        }
    return found
