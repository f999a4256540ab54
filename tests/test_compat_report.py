"""make compat's words: the terminal's report and CHANGELOG.md's section, for 2.0.0's changes (1.0.0 is
the bundle with them undone), and the committed CHANGELOG.md itself."""

from __future__ import annotations

import copy
import re
from typing import Any

from contract.spec import BUNDLE, SpecIndex
from tests.live import REPO
from tools.compat_report import Base, changelog_section, render
from tools.compat_rules.verdict import Verdict, judge

NOW: dict[str, Any] = SpecIndex.load(BUNDLE).spec
BASE = Base("HEAD~1", "61a861aa8883", "2026-12-01", "1.0.0")
EVERY = frozenset(op.label for op in SpecIndex(NOW).operations)
WRITES = ("POST /licenses/bulk", "POST /licenses/cancel", "POST /licenses/demo", "POST /licenses/renew")


def version_one() -> dict[str, Any]:
    """The bundle without 2.0.0's two changes (info.version aside)."""
    spec = copy.deepcopy(NOW)
    schemas = spec["components"]["schemas"]
    schemas["ApiError"]["required"].append("reason")
    schemas["License"]["properties"]["license_duration_months"] = {"type": "integer", "minimum": 1}
    spec["info"]["version"] = "1.0.0"
    return spec


def two_oh() -> Verdict:
    return judge(version_one(), NOW)


def test_the_changelog_says_the_same_of_bulk_as_of_demo_renew_and_cancel() -> None:
    section = changelog_section(two_oh(), BASE, "2.0.0", "2026-12-01", EVERY)
    (line,) = [
        line for line in section.splitlines() if line.startswith("- `License.license_duration_months`")
    ]
    assert line.startswith("- `License.license_duration_months` is a string now, was an integer")
    assert f"Operations: {', '.join(WRITES)}." in line and "(`response-property-type-changed`)" in line


def test_the_changelog_has_one_line_per_change_with_the_base_commit_and_date() -> None:
    section = changelog_section(two_oh(), BASE, "2.0.0", "2026-12-01", EVERY)
    assert "Compared with 1.0.0: the bundle at commit 61a861aa8883 (2026-12-01). A major change." in section
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == 3  # the type, ApiError.reason, the documentation
    assert "ApiError.reason` may be absent from answers now" in lines[0]
    assert "Operations: every operation (7)." in lines[0]


def test_the_report_fails_a_break_without_a_new_major_version_and_passes_with_one() -> None:
    unbumped = Base("HEAD~1", "61a861aa8883", "2026-12-01", "2.0.0")
    text, ok = render(two_oh(), unbumped, "2.0.0", EVERY)
    assert not ok and text.endswith(
        "FAILED: breaking change(s) need info.version 3.0.0 or later, it is 2.0.0\n"
    )
    text, ok = render(two_oh(), BASE, "2.0.0", EVERY)
    assert ok and text.endswith("major change: expects a major bump of info.version\n")
    assert "BREAKING   `License.license_duration_months` is a string now, was an integer" in text


def test_the_report_of_no_change_says_so() -> None:
    text, ok = render(judge(NOW, copy.deepcopy(NOW)), BASE, "2.0.0", EVERY)
    assert ok and text.splitlines()[1:] == [
        "Python client: not committed at HEAD~1, not compared",
        "TypeScript types: not committed at HEAD~1, not compared",
        "no change to the contract",
    ]


def committed_section(version: str) -> str:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    return changelog.split(f"\n## {version} ", 1)[1].split("\n## ", 1)[0]


def test_the_committed_2_0_0_section_names_its_base_by_commit_and_each_change_once() -> None:
    section = committed_section("2.0.0")
    assert re.search(r"at commit [0-9a-f]{12} \(\d{4}-\d\d-\d\d\)", section) and "HEAD~1" not in section
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == len(set(lines))
    (duration,) = [line for line in lines if line.startswith("- `License.license_duration_months`")]
    assert f"Operations: {', '.join(WRITES)}." in duration
    (reason,) = [line for line in lines if "`ApiError.reason` may be absent" in line]
    assert "every operation (7)" in reason
    assert "RESPONSE.BODY" not in section  # Specmatic's raw words are not a caller's
