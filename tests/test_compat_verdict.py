"""make compat's verdict with Specmatic as a second opinion: its noise never changes the verdict, a break
only it finds makes the verdict stricter, its silence never makes it milder; one change per thing changed,
with every operation it touches."""

from __future__ import annotations

import copy
from typing import Any

from contract.spec import BUNDLE, SpecIndex
from tools.compat_rules.change import Change
from tools.compat_rules.verdict import judge, merged
from tools.specmatic import Break, without_noise

BASE: dict[str, Any] = SpecIndex.load(BUNDLE).spec
# What Specmatic reports at random for bulk when nothing changed there.
LICENSE_INFO_NOISE = Break(
    "POST /licenses/bulk",
    "REQUEST.BODY.license_info",
    'Expected string that matches regex ^[^\\x00-\\x1F\\x7F]*$, actual was "…"',
)


def edited(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    node = spec
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return spec


def currency_code_required() -> dict[str, Any]:
    required = [*BASE["components"]["schemas"]["BulkLicenseRequest"]["required"], "currency_code"]
    return edited(("components", "schemas", "BulkLicenseRequest", "required"), required)


def optional_note() -> dict[str, Any]:
    properties = {
        **BASE["components"]["schemas"]["DemoLicenseRequest"]["properties"],
        "note": {"type": "string"},
    }
    return edited(("components", "schemas", "DemoLicenseRequest", "properties"), properties)


def test_license_infos_noise_is_dropped_before_it_reaches_a_verdict() -> None:
    assert without_noise(BASE, currency_code_required(), [LICENSE_INFO_NOISE]) == []


def test_noise_alone_does_not_make_bulk_compatible() -> None:
    new = currency_code_required()
    verdict = judge(BASE, new, specmatic=without_noise(BASE, new, [LICENSE_INFO_NOISE]))
    assert verdict.breaking and verdict.bump == "major"
    assert "it flags none of the rules' breaking changes: the rules' verdict stands" in verdict.second_opinion


def test_noise_does_not_make_a_compatible_change_breaking() -> None:
    new = optional_note()
    verdict = judge(BASE, new, specmatic=without_noise(BASE, new, [LICENSE_INFO_NOISE]))
    assert not verdict.breaking and verdict.bump == "minor"


def test_a_finding_specmatic_shares_with_the_rules_is_counted_once() -> None:
    found = Break("POST /licenses/bulk", "REQUEST.BODY.currency_code", "New property is required")
    verdict = judge(BASE, currency_code_required(), specmatic=[found])
    assert [c.rule for c in verdict.changes] == ["request-property-became-required"]
    assert verdict.second_opinion == "Specmatic (second opinion) agrees on 1 finding(s)"


def test_a_break_only_specmatic_finds_makes_the_verdict_stricter_and_says_so() -> None:
    found = Break("POST /licenses/demo", "REQUEST.BODY.note", "Something Specmatic dislikes")
    verdict = judge(BASE, optional_note(), specmatic=[found])
    assert verdict.breaking and verdict.bump == "major"
    (only,) = [c for c in verdict.changes if c.rule == "specmatic-only"]
    assert only.source == "specmatic" and only.operations == {"POST /licenses/demo"}
    assert "the stricter verdict wins" in only.words and "the stricter verdict wins" in verdict.second_opinion


def test_one_change_of_a_shared_schema_is_one_entry_touching_every_operation() -> None:
    new = edited(("components", "schemas", "ApiError", "required"), ["code", "message", "reason"])
    (change,) = judge(BASE, new).changes
    assert change.subject == "ApiError.reason" and len(change.operations) == len(SpecIndex(BASE).operations)


def test_merged_keeps_one_change_per_rule_subject_and_words() -> None:
    one = Change(
        "response-property-became-optional", "ApiError.reason", "may be absent", frozenset({"GET /a"})
    )
    two = Change(
        "response-property-became-optional", "ApiError.reason", "may be absent", frozenset({"GET /b"})
    )
    other = Change("documentation-changed", "ApiError", "descriptions changed", frozenset({"GET /a"}))
    assert merged([other, one, two]) == (
        Change(
            "response-property-became-optional",
            "ApiError.reason",
            "may be absent",
            frozenset({"GET /a", "GET /b"}),
        ),
        other,
    )
