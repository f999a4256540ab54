"""The generated clients' own rules: what a caller's code of the Python client or of the TypeScript types
can break on, from their public surfaces at the base and now (tools/api_surface.py reads them).

A function is a Python `api.<tag>.<module>` (its `sync` keyword arguments, its public functions) or a
TypeScript `operations.<operationId>` (its query parameters and body); a model is a Python model class or
enum, or a TypeScript schema type. A function that disappears while its operation (method and path) stays
was renamed; a model that disappears while another with the same members appears was renamed.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract.spec import SpecIndex, snake_case
from tools.compat_rules.change import Change
from tools.compat_rules.uses import Use, model_use, schema_uses

FUNCTION, MODEL, ENUM = "function", "model", "enum"  # a Shape's kinds; "alias" for a TypeScript alias
CALLABLE = "function"  # the type of a function's member that is itself a function (`sync_or_raise()`)


@dataclass(frozen=True)
class Shape:
    kind: str
    members: dict[str, tuple[str, bool]]  # name -> (type, required); an enum's values -> ("", True)


Surface = dict[str, Shape]  # "api.licenses.assign_demo_license", "License", "operations.renewLicense", ...


def function_labels(source: str, index: SpecIndex) -> dict[str, str]:
    """The last part of a function's name ("assign_demo_license", "assignDemoLicense") -> its operation."""
    name = snake_case if source == "python" else str
    return {name(op.operation_id): op.label for op in index.operations}


def client_changes(
    source: str, old: Surface, new: Surface, old_index: SpecIndex, new_index: SpecIndex
) -> list[Change]:
    """Every change of one client's surface ("python" or "typescript") from the base to now."""
    labels = function_labels(source, old_index), function_labels(source, new_index)
    uses = schema_uses(old_index) | schema_uses(new_index)

    def label(name: str, side: int) -> str | None:
        return labels[side].get(name.rsplit(".", 1)[-1])

    def touched(name: str, shape: Shape, side: int = 1) -> frozenset[str]:
        if shape.kind == FUNCTION:
            found = label(name, side)
            return frozenset({found}) if found else frozenset()
        return frozenset(model_use(uses, name).operations)

    def same_thing(name: str, other: str) -> bool:
        """A function of the same operation, or a model with the same members: one thing renamed."""
        shape, other_shape = old[name], new[other]
        if shape.kind != other_shape.kind:
            return False
        if shape.kind == FUNCTION:
            return label(name, 0) is not None and label(name, 0) == label(other, 1)
        return shape.members == other_shape.members

    found: list[Change] = []
    added = sorted(new.keys() - old.keys())
    for name in sorted(old.keys() - new.keys()):
        shape = old[name]
        twin = next((other for other in added if same_thing(name, other)), None)
        what = "function" if shape.kind == FUNCTION else "model"
        if twin is None:
            said = f"`{name}` was removed: code that uses it breaks"
            found.append(Change(f"client-{what}-removed", name, said, touched(name, shape, 0), source))
        else:
            added.remove(twin)
            said = f"`{name}` is now `{twin}`: code that uses the old name breaks"
            found.append(Change(f"client-{what}-renamed", name, said, touched(twin, new[twin]), source))
    for name in added:
        what = "function" if new[name].kind == FUNCTION else "model"
        found.append(
            Change(f"client-{what}-added", name, f"`{name}` is new", touched(name, new[name]), source)
        )
    for name in sorted(old.keys() & new.keys()):
        use = Use({"request"}) if new[name].kind == FUNCTION else model_use(uses, name)
        found += [
            Change(rule, subject, said, touched(name, new[name]), source, subject.rsplit(".", 1)[-1])
            for rule, subject, said in member_changes(name, old[name], new[name], use)
        ]
    return found


def member_changes(name: str, old: Shape, new: Shape, use: Use) -> list[tuple[str, str, str]]:
    """(rule, subject, words) for each member of one function or model that changed."""
    if old.kind != new.kind:
        return [
            (
                "client-field-type-changed",
                name,
                f"`{name}` is {article(new.kind)} now, was {article(old.kind)}",
            )
        ]
    if new.kind == ENUM:
        return enum_changes(name, list(old.members), list(new.members))
    found = []
    for member in sorted(old.members.keys() | new.members.keys()):
        subject = f"{name}.{member}"
        before, after = old.members.get(member), new.members.get(member)
        if (before or after or ("", True))[0] == CALLABLE:
            # A module's public function (`sync_or_raise`): one change for all the modules that gain it.
            if before is None:
                found.append(
                    (
                        "client-function-added",
                        member,
                        f"each operation's module has the new function `{member}`",
                    )
                )
            elif after is None:
                said = f"each operation's module lost the function `{member}`: code that calls it breaks"
                found.append(("client-function-removed", member, said))
        elif after is None:
            found.append(
                ("client-field-removed", subject, f"`{subject}` was removed: code that uses it breaks")
            )
        elif before is None:
            writes = "request" in use.directions and after[1]
            rule = "client-request-field-added-required" if writes else "client-field-added"
            found.append((rule, subject, f"`{subject}` is new" + (", and required" if after[1] else "")))
        elif before[1] != after[1]:
            found.append(required_change(subject, after[1], use))
        elif before[0] != after[0]:
            found.append(
                ("client-field-type-changed", subject, f"`{subject}` is `{after[0]}` now, was `{before[0]}`")
            )
    return found


def enum_changes(name: str, values: list[str], new_values: list[str]) -> list[tuple[str, str, str]]:
    removed, added = [v for v in values if v not in new_values], [v for v in new_values if v not in values]
    found = []
    if removed:
        said = f"`{name}` lost the value(s) {', '.join(removed)}: code that names them breaks"
        found.append(("client-enum-value-removed", name, said))
    if added:
        found.append(("client-enum-value-added", name, f"`{name}` gained the value(s) {', '.join(added)}"))
    return found


def required_change(subject: str, required: bool, use: Use) -> tuple[str, str, str]:
    if required:
        if "request" in use.directions:
            return (
                "client-request-field-became-required",
                subject,
                f"`{subject}` is now required: calls without it break",
            )
        return "client-response-field-became-required", subject, f"`{subject}` is now always set"
    if "response" in use.directions:
        said = f"`{subject}` is now optional: code that reads it unchecked breaks"
        return "client-response-field-became-optional", subject, said
    return "client-request-field-became-optional", subject, f"`{subject}` is now optional"


def article(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
