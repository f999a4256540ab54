"""Each rule of make compat's engine finds the change of its example (tests/compat_examples.py), and only
that; each rule has an example; the level each example asks for is the one its rule gives."""

from __future__ import annotations

import pytest

from contract.spec import SpecIndex
from tests.compat_client_examples import CLIENT_EXAMPLES, in_typescript
from tests.compat_examples import FACT_EXAMPLES, SPEC_EXAMPLES, mini_spec, post, with_schema
from tools.compat_rules.change import Change
from tools.compat_rules.client import client_changes
from tools.compat_rules.operations import spec_changes
from tools.compat_rules.rules import PREFIXES, RULES

SCHEMA_CASES = [(prefix, fact) for prefix in PREFIXES for fact in FACT_EXAMPLES]


def rules_of(changes: list[Change]) -> set[str]:
    return {change.rule for change in changes}


@pytest.mark.parametrize(("prefix", "fact"), SCHEMA_CASES, ids=[f"{p}-{f}" for p, f in SCHEMA_CASES])
def test_each_schema_keyword_change_is_named_by_its_place_and_fact(prefix: str, fact: str) -> None:
    before, after, breaks_requests, breaks_answers = FACT_EXAMPLES[fact]
    changes = spec_changes(with_schema(prefix, before), with_schema(prefix, after))
    rule = f"{prefix}-{fact}"
    assert rules_of(changes) == {rule}, [c.words for c in changes]
    expected = breaks_requests if PREFIXES[prefix] == "request" else breaks_answers
    assert all(change.breaking == expected for change in changes)
    assert changes[0].operations == {"POST /things"}


@pytest.mark.parametrize("rule", sorted(SPEC_EXAMPLES))
def test_each_spec_rule_finds_its_example_and_nothing_else(rule: str) -> None:
    edit_before, edit_after, breaks = SPEC_EXAMPLES[rule]
    before, after = mini_spec(), mini_spec()
    edit_before(before)
    edit_after(after)
    changes = spec_changes(before, after)
    assert rules_of(changes) == {rule}, [(c.rule, c.words) for c in changes]
    assert all(change.breaking == breaks for change in changes)


@pytest.mark.parametrize("rule", sorted(CLIENT_EXAMPLES))
@pytest.mark.parametrize("source", ["python", "typescript"])
def test_each_client_rule_finds_its_example_and_nothing_else(rule: str, source: str) -> None:
    before, after, breaks = CLIENT_EXAMPLES[rule]
    if source == "typescript":
        before, after = in_typescript(before), in_typescript(after)
    spec, renamed = mini_spec(), mini_spec()
    post(renamed)["operationId"] = "createThing"
    changes = client_changes(source, before, after, SpecIndex(spec), SpecIndex(renamed))
    assert rules_of(changes) == {rule}, [(c.rule, c.words) for c in changes]
    assert all(change.breaking == breaks and change.source == source for change in changes)


def test_a_renamed_function_names_the_old_and_the_new_one_and_its_operation() -> None:
    before, after, _ = CLIENT_EXAMPLES["client-function-renamed"]
    spec, renamed = mini_spec(), mini_spec()
    post(renamed)["operationId"] = "createThing"
    (change,) = client_changes("python", before, after, SpecIndex(spec), SpecIndex(renamed))
    assert "`api.things.make_thing` is now `api.things.create_thing`" in change.words
    assert change.operations == {"POST /things"}


def test_every_rule_has_an_example() -> None:
    examples = (
        {f"{prefix}-{fact}" for prefix, fact in SCHEMA_CASES} | SPEC_EXAMPLES.keys() | CLIENT_EXAMPLES.keys()
    )
    # specmatic-only is Specmatic's: tests/test_compat_verdict.py shows it.
    assert examples | {"specmatic-only"} == RULES.keys()


def test_a_change_names_only_rules_that_exist() -> None:
    with pytest.raises(ValueError, match="no rule 'request-property-vanished'"):
        Change("request-property-vanished", "Thing.field", "gone")


def test_a_rule_in_a_path_parameter_of_the_path_item_is_found_too() -> None:
    before, after = mini_spec(), mini_spec()
    for spec, required in ((before, False), (after, True)):
        spec["paths"]["/things"]["parameters"] = [
            {"name": "t", "in": "header", "required": required, "schema": {}}
        ]
    changes = spec_changes(before, after)
    assert rules_of(changes) == {"request-parameter-became-required"}
    assert {c.operations for c in changes} == {frozenset({"POST /things"}), frozenset({"GET /things"})}


def test_a_recursive_schema_is_compared_once_per_place() -> None:
    before, after = mini_spec(), mini_spec()
    for spec in (before, after):
        spec["components"]["schemas"]["Thing"]["properties"]["parent"] = {
            "$ref": "#/components/schemas/Thing"
        }
    after["components"]["schemas"]["Thing"]["properties"]["field"]["maxLength"] = 3
    changes = spec_changes(before, after)
    assert [(c.rule, c.subject) for c in changes] == [("response-property-max-length-set", "Thing.field")]


def test_a_difference_where_no_rule_looks_is_unclassified_and_breaking_never_silence() -> None:
    before, after = mini_spec(), mini_spec()
    after["components"]["parameters"] = {"Unused": {"name": "u", "in": "query", "schema": {"type": "string"}}}
    (change,) = spec_changes(before, after)
    assert change.rule == "unclassified-change" and change.breaking
    assert change.words == "the bundles differ where no rule looks"


def test_a_version_alone_is_no_change() -> None:
    before, after = mini_spec(), mini_spec()
    after["info"]["version"] = "2.0.0"
    assert spec_changes(before, after) == []
