"""Every rule `make compat` classifies a change by: its id, whether it breaks existing callers, and the bump
of `info.version` it asks for.

The ids are oasdiff's (github.com/oasdiff/oasdiff, checker/localizations_src/en/messages.yaml), so the
vocabulary is one people can look up. Where oasdiff lacks a name the kit coins one in its pattern: the
generated clients' rules (`client-...`), `documentation-changed`, `unclassified-change`, `specmatic-only`,
and the mirror images of a few of oasdiff's (`api-schema-added`, `response-property-max-decreased`, ...).
Some levels are stricter than oasdiff's, each for the reason its comment gives: the generated clients
name functions, models and arguments after the spec.

A schema keyword's rule is named `<prefix>-<fact>`: the prefix says where (a request parameter, a request
property, a response property), the fact what changed. Its level follows from what the fact does to the
set of values allowed there (oasdiff's "effect"): narrowing what a request may send breaks callers, and so
does widening what a response may hold; the opposite directions are safe.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    breaking: bool
    bump: str  # "major", "minor" (callers can do something new) or "patch" (nothing new for callers)


BREAKS, ADDS, SAFE = Rule(True, "major"), Rule(False, "minor"), Rule(False, "patch")
BUMPS = ("none", "patch", "minor", "major")

# Where a schema is, as the first words of its rules' ids.
PREFIXES = {"request-parameter": "request", "request-property": "request", "response-property": "response"}

# A schema keyword's facts and their effect on the values allowed.
NARROWS, WIDENS, CHANGES, DEFAULTS, DEPRECATES, REACTIVATES = (
    "narrows",
    "widens",
    "changes",
    "defaults",
    "deprecates",
    "reactivates",
)
FACTS = {
    "type-changed": CHANGES,
    "type-generalized": WIDENS,
    "type-specialized": NARROWS,
    "enum-value-removed": NARROWS,
    "enum-value-added": WIDENS,
    "became-enum": NARROWS,
    "max-decreased": NARROWS,
    "max-increased": WIDENS,
    "max-set": NARROWS,
    "min-increased": NARROWS,
    "min-decreased": WIDENS,
    "min-set": NARROWS,
    "max-length-decreased": NARROWS,
    "max-length-increased": WIDENS,
    "max-length-set": NARROWS,
    "min-length-increased": NARROWS,
    "min-length-decreased": WIDENS,
    "max-items-decreased": NARROWS,
    "max-items-increased": WIDENS,
    "max-items-set": NARROWS,
    "min-items-increased": NARROWS,
    "min-items-decreased": WIDENS,
    "pattern-added": NARROWS,
    "pattern-removed": WIDENS,
    "pattern-changed": CHANGES,
    "became-nullable": WIDENS,
    "became-not-nullable": NARROWS,
    "default-value-added": DEFAULTS,
    "default-value-removed": DEFAULTS,
    "default-value-changed": DEFAULTS,
    "deprecated": DEPRECATES,
    "reactivated": REACTIVATES,
}


def effect_rule(direction: str, effect: str) -> Rule:
    """The level of a fact with this effect, in a request or in a response."""
    if effect == DEPRECATES:
        return ADDS
    if effect == REACTIVATES:
        return SAFE
    if effect == DEFAULTS:
        # What the server assumes for an omitted request value changes its behaviour; in an answer a
        # default says nothing the caller can rely on.
        return BREAKS if direction == "request" else SAFE
    if effect == CHANGES:
        return BREAKS
    narrowing_breaks = direction == "request"
    return BREAKS if (effect == NARROWS) == narrowing_breaks else (ADDS if effect == WIDENS else SAFE)


RULES: dict[str, Rule] = {
    f"{prefix}-{fact}": effect_rule(direction, effect)
    for prefix, direction in PREFIXES.items()
    for fact, effect in FACTS.items()
} | {
    # Paths and operations.
    "api-path-removed-without-deprecation": BREAKS,
    "api-removed-without-deprecation": BREAKS,
    "endpoint-added": ADDS,
    "endpoint-deprecated": ADDS,
    "endpoint-reactivated": SAFE,
    "api-operation-id-removed": BREAKS,  # stricter than oasdiff: the clients' functions are named after it
    "api-operation-id-added": BREAKS,  # stricter: the clients name the operation after it
    "api-tag-removed": BREAKS,  # stricter: the Python client files a module under its first tag
    "api-tag-added": SAFE,
    "api-schema-removed": BREAKS,  # stricter: both clients name a model after each schema
    "api-schema-added": ADDS,
    # Parameters.
    "new-required-request-parameter": BREAKS,
    "new-optional-request-parameter": ADDS,
    "request-parameter-removed": BREAKS,  # stricter: the Python function loses the argument
    "request-parameter-became-required": BREAKS,
    "request-parameter-became-optional": ADDS,
    # Request bodies and their properties.
    "request-body-added-required": BREAKS,
    "request-body-added-optional": ADDS,
    "request-body-removed": BREAKS,
    "request-body-became-required": BREAKS,
    "request-body-became-optional": ADDS,
    "request-body-media-type-added": ADDS,
    "request-body-media-type-removed": BREAKS,
    "new-required-request-property": BREAKS,
    "new-optional-request-property": ADDS,
    "request-property-removed": BREAKS,  # stricter: the Python model loses the argument
    "request-property-became-required": BREAKS,
    "request-property-became-optional": ADDS,
    # Responses and their properties.
    "response-success-status-removed": BREAKS,
    "response-non-success-status-removed": BREAKS,  # stricter: a TypeScript `case` on it stops compiling
    "response-success-status-added": ADDS,
    "response-non-success-status-added": ADDS,
    "response-media-type-added": ADDS,
    "response-media-type-removed": BREAKS,
    "response-required-property-added": ADDS,
    "response-optional-property-added": ADDS,
    "response-required-property-removed": BREAKS,
    "response-optional-property-removed": BREAKS,  # stricter: the Python model loses the attribute
    "response-property-became-optional": BREAKS,
    "response-property-became-required": SAFE,
    # The generated clients' public surfaces (Python functions and models, TypeScript types).
    "client-function-removed": BREAKS,
    "client-function-renamed": BREAKS,
    "client-function-added": ADDS,
    "client-model-removed": BREAKS,
    "client-model-renamed": BREAKS,
    "client-model-added": ADDS,
    "client-field-removed": BREAKS,
    "client-field-type-changed": BREAKS,
    "client-field-added": ADDS,
    "client-request-field-added-required": BREAKS,
    "client-request-field-became-required": BREAKS,
    "client-request-field-became-optional": ADDS,
    "client-response-field-became-optional": BREAKS,
    "client-response-field-became-required": SAFE,
    "client-enum-value-removed": BREAKS,
    "client-enum-value-added": ADDS,
    # Everything else: said, never silent.
    "documentation-changed": SAFE,
    "unclassified-change": BREAKS,
    "specmatic-only": BREAKS,
}


def bump_of(rules: list[str]) -> str:
    """The largest bump the rules ask for ("none" for no rule)."""
    return max((RULES[rule].bump for rule in rules), key=BUMPS.index, default="none")
