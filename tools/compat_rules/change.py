"""One classified change, where in the spec it was found, and the two bundles being compared."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from contract.spec import SpecIndex
from tools.compat_rules.rules import RULES

# What only people read: a change there is `documentation-changed`, never a change of the contract.
DOCUMENTATION = frozenset(
    {"description", "summary", "title", "example", "examples", "externalDocs", "links", "contact", "license"}
    | {"termsOfService"}
)


@dataclass(frozen=True)
class Change:
    rule: str  # an id of rules.RULES: "request-property-became-required"
    subject: str  # what changed, as a caller names it: "BulkLicenseRequest.currency_code"
    words: str  # what it means for a caller, in a sentence
    operations: frozenset[str] = frozenset()  # "POST /licenses/bulk", ...
    source: str = "spec"  # "spec", "python", "typescript" or "specmatic"
    leaf: str = ""  # the property or parameter name, "" for an operation or a schema as a whole

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"no rule {self.rule!r} in tools/compat_rules/rules.py")

    @property
    def breaking(self) -> bool:
        return RULES[self.rule].breaking


@dataclass(frozen=True)
class Place:
    """Where a schema is being compared: for which operation, in a request or a response, and its name."""

    operation: str  # "" for the API as a whole
    prefix: str  # "request-parameter", "request-property" or "response-property"
    subject: str
    leaf: str = ""
    title: str = ""  # how a sentence names the place, when not `subject` in backticks

    @property
    def said(self) -> str:
        return self.title or f"`{self.subject}`"

    @property
    def direction(self) -> str:
        return self.prefix.split("-", 1)[0]

    def named(self, component: str) -> Place:
        return replace(self, subject=component, leaf="", title="")

    def member(self, name: str) -> Place:
        return replace(self, subject=f"{self.subject}.{name}", leaf=name, title="")

    def items(self) -> Place:
        return replace(self, subject=f"{self.subject}[]", title="")

    def change(self, rule: str, words: str) -> Change:
        operations = frozenset({self.operation}) if self.operation else frozenset()
        return Change(rule, self.subject, words, operations, leaf=self.leaf)


@dataclass
class Pair:
    """The bundle at the base (old) and the one compared with it (new)."""

    old: SpecIndex
    new: SpecIndex
    walking: set[tuple[int, int]] = field(default_factory=set)  # schema pairs being compared: no cycles

    @classmethod
    def of(cls, old: dict[str, Any], new: dict[str, Any]) -> Pair:
        return cls(SpecIndex(old), SpecIndex(new))


def deref(index: SpecIndex, node: Any) -> tuple[Any, str | None]:
    """The node a `$ref` chain leads to and the name of the component it ends at (None: no `$ref`)."""
    target, at = index.resolve_at(node)
    return target, (at[-1] if at else None)


def expanded(index: SpecIndex, node: Any, *, contract: bool, through: frozenset[str] = frozenset()) -> Any:
    """`node` with every `$ref` replaced by its target (a recursive one stays a `$ref`); with `contract`,
    without what only people read (documentation and `x-` extensions): what a caller's code depends on."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in through:
                return node
            return expanded(index, index.resolve(node), contract=contract, through=through | {ref})
        return {
            key: (
                {
                    name: expanded(index, value, contract=contract, through=through)
                    for name, value in item.items()
                }
                if key == "properties" and isinstance(item, dict)
                else expanded(index, item, contract=contract, through=through)
            )
            for key, item in node.items()
            if not (contract and documentation(key))
        }
    if isinstance(node, list):
        return [expanded(index, item, contract=contract, through=through) for item in node]
    return node


def documentation(key: str) -> bool:
    return key in DOCUMENTATION or key.startswith("x-")


def leftovers(
    pair: Pair, old: dict[str, Any], new: dict[str, Any], handled: set[str], place: Place
) -> list[Change]:
    """The keys of two nodes no rule above looked at: documentation, or a change no rule classifies
    (breaking, so that nothing passes unexamined)."""
    found = []
    for key in sorted((old.keys() | new.keys()) - handled):
        before, after = old.get(key), new.get(key)
        if expanded(pair.old, before, contract=False) == expanded(pair.new, after, contract=False):
            continue
        if not documentation(key) and expanded(pair.old, before, contract=True) != expanded(
            pair.new, after, contract=True
        ):
            found.append(
                place.change(
                    "unclassified-change",
                    f"{place.said}: `{key}` changed and no rule classifies it: "
                    "treated as breaking; review it, then teach tools/compat_rules a rule",
                )
            )
        else:
            found.append(
                place.change("documentation-changed", "descriptions, examples or extensions changed")
            )
    return found


def shown(value: Any) -> str:
    """A spec value as a caller reads it in a sentence."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    return str(value)
