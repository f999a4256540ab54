"""The rules over two bundles: paths and operations, operationIds and tags, parameters, request bodies,
responses (their schemas go to schemas.py), the component schemas, and whatever else the bundles hold.

`spec_changes(old, new)` is a pure function of the two parsed bundles. Every difference between them
is classified: by a named rule, as `documentation-changed`, or as `unclassified-change` (breaking).
"""

from __future__ import annotations

from typing import Any

from contract.spec import Operation, SpecIndex, snake_case
from tools.compat_rules.change import Change, Pair, Place, deref, expanded, leftovers
from tools.compat_rules.schemas import compare_schema
from tools.compat_rules.uses import schema_uses

OPERATION_KEYS = {"operationId", "tags", "deprecated", "parameters", "requestBody", "responses"}
WHOLE_API = Place("", "request-property", "the API", title="the API")


def spec_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    pair = Pair.of(old, new)
    before = {(op.method, op.path): op for op in pair.old.operations}
    after = {(op.method, op.path): op for op in pair.new.operations}
    found: list[Change] = []
    for key in sorted(before.keys() - after.keys()):
        op = before[key]
        path_kept = op.path in new.get("paths", {})
        rule = "api-removed-without-deprecation" if path_kept else "api-path-removed-without-deprecation"
        found.append(operation_change(op, rule, f"`{op.label}` was removed: its callers now get 404"))
    for key in sorted(after.keys() - before.keys()):
        found.append(
            operation_change(after[key], "endpoint-added", f"`{after[key].label}` is a new operation")
        )
    for key in sorted(before.keys() & after.keys()):
        found += operation_changes(pair, before[key], after[key])
    found += component_schema_changes(pair)
    found += top_level_changes(pair, old, new)
    if not found:
        # Nothing above saw a difference: if there is one all the same, no rule covers it.
        for contract, rule in ((True, "unclassified-change"), (False, "documentation-changed")):
            if expanded(pair.old, versionless(old), contract=contract) != expanded(
                pair.new, versionless(new), contract=contract
            ):
                return [WHOLE_API.change(rule, "the bundles differ where no rule looks")]
    return found


def versionless(spec: dict[str, Any]) -> dict[str, Any]:
    return {**spec, "info": {k: v for k, v in spec.get("info", {}).items() if k != "version"}}


def top_level_changes(pair: Pair, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """info (its version is the gate's), tags, servers, security, the security schemes."""
    components, new_components = old.get("components", {}), new.get("components", {})
    found = leftovers(pair, old, new, {"info", "paths", "components", "tags"}, WHOLE_API)
    if old.get("tags") != new.get("tags"):
        # The list only describes the tags; an operation's own tags have their rules above.
        found.append(WHOLE_API.change("documentation-changed", "the API's list of tags changed"))
    found += leftovers(pair, old.get("info", {}), new.get("info", {}), {"version"}, WHOLE_API)
    # The other components are compared where the operations use them.
    used = (components.keys() | new_components.keys()) - {"securitySchemes"}
    return found + leftovers(pair, components, new_components, used, WHOLE_API)


def operation_change(op: Operation, rule: str, words: str) -> Change:
    return Change(rule, op.label, words, frozenset({op.label}))


def operation_changes(pair: Pair, old: Operation, new: Operation) -> list[Change]:
    found: list[Change] = []
    if old.operation_id != new.operation_id:
        rule = "api-operation-id-removed" if old.operation_id else "api-operation-id-added"
        found.append(operation_change(new, rule, renamed_words(old, new)))
    tags, new_tags = old.definition.get("tags") or [], new.definition.get("tags") or []
    for tag in (t for t in tags if t not in new_tags):
        said = f"`{new.label}` lost its tag `{tag}`: the Python client files a module under its first tag"
        found.append(operation_change(new, "api-tag-removed", said))
    for tag in (t for t in new_tags if t not in tags):
        found.append(operation_change(new, "api-tag-added", f"`{new.label}` has the new tag `{tag}`"))
    if bool(old.definition.get("deprecated")) != bool(new.definition.get("deprecated")):
        if new.definition.get("deprecated"):
            found.append(
                operation_change(new, "endpoint-deprecated", f"`{new.label}` is deprecated: it still works")
            )
        else:
            found.append(
                operation_change(new, "endpoint-reactivated", f"`{new.label}` is no longer deprecated")
            )
    found += parameter_changes(pair, old, new)
    found += request_body_changes(pair, old, new)
    found += response_changes(pair, old, new)
    place = Place(new.label, "request-property", new.label)
    return found + leftovers(pair, old.definition, new.definition, OPERATION_KEYS, place)


def renamed_words(old: Operation, new: Operation) -> str:
    before, after = old.operation_id or "(none)", new.operation_id or "(none)"
    return (
        f"`{new.label}`: operationId `{before}` is now `{after}`: the Python client's module and "
        f"function `{snake_case(before)}` are now `{snake_case(after)}`, TypeScript's "
        f'`operations["{before}"]` is now `operations["{after}"]`: code that calls the old names breaks'
    )


def parameters_of(index: SpecIndex, op: Operation) -> dict[tuple[str, str], dict[str, Any]]:
    """(in, name) -> the parameter; the operation's override the path item's."""
    item = index.spec["paths"][op.path]
    found = {}
    for node in [*(item.get("parameters") or []), *(op.definition.get("parameters") or [])]:
        parameter, _ = deref(index, node)
        found[(parameter["in"], parameter["name"])] = parameter
    return found


def parameter_changes(pair: Pair, old: Operation, new: Operation) -> list[Change]:
    before, after = parameters_of(pair.old, old), parameters_of(pair.new, new)
    found = []
    for key in sorted(before.keys() | after.keys()):
        where, name = key
        place = Place(
            new.label,
            "request-parameter",
            f"{where} parameter {name}",
            name,
            f"the {where} parameter `{name}`",
        )
        if key not in after:
            found.append(
                place.change(
                    "request-parameter-removed", f"{place.said} was removed: the clients no longer take it"
                )
            )
            continue
        required = bool(after[key].get("required"))
        said = (
            "required: requests without it are refused (422)" if required else "optional: callers may send it"
        )
        if key not in before:
            rule = f"new-{'required' if required else 'optional'}-request-parameter"
            found.append(place.change(rule, f"{place.said} is new and {said}"))
            continue
        if bool(before[key].get("required")) != required:
            rule = f"request-parameter-became-{'required' if required else 'optional'}"
            found.append(place.change(rule, f"{place.said} became {said}"))
        found += compare_schema(pair, before[key].get("schema", {}), after[key].get("schema", {}), place)
        found += leftovers(pair, before[key], after[key], {"in", "name", "required", "schema"}, place)
    return found


def request_body_changes(pair: Pair, old: Operation, new: Operation) -> list[Change]:
    body, _ = deref(pair.old, old.definition.get("requestBody"))
    new_body, _ = deref(pair.new, new.definition.get("requestBody"))
    place = Place(
        new.label, "request-property", f"{new.label} request body", title=f"the request body of `{new.label}`"
    )
    if body is None and new_body is None:
        return []
    if new_body is None:
        return [
            place.change(
                "request-body-removed", f"{place.said} was removed: requests that send one may be refused"
            )
        ]
    required = "required" if new_body.get("required") else "optional"
    if body is None:
        return [place.change(f"request-body-added-{required}", f"{place.said} is new and {required}")]
    found = []
    if bool(body.get("required")) != bool(new_body.get("required")):
        found.append(place.change(f"request-body-became-{required}", f"{place.said} became {required}"))
    found += content_changes(pair, body, new_body, place, "request-body-media-type")
    return found + leftovers(pair, body, new_body, {"required", "content"}, place)


def response_changes(pair: Pair, old: Operation, new: Operation) -> list[Change]:
    responses, new_responses = old.definition.get("responses", {}), new.definition.get("responses", {})
    found = []
    for status in sorted(responses.keys() | new_responses.keys()):
        kind = "success" if str(status).startswith("2") else "non-success"
        place = Place(
            new.label,
            "response-property",
            f"{new.label} {status}",
            title=f"the {status} answer of `{new.label}`",
        )
        if status not in new_responses:
            found.append(
                place.change(
                    f"response-{kind}-status-removed",
                    f"{place.said} is no longer documented: code that handles it breaks",
                )
            )
        elif status not in responses:
            found.append(place.change(f"response-{kind}-status-added", f"{place.said} is new"))
        else:
            response, _ = deref(pair.old, responses[status])
            new_response, _ = deref(pair.new, new_responses[status])
            found += content_changes(pair, response, new_response, place, "response-media-type")
            found += leftovers(pair, response, new_response, {"content"}, place)
    return found


def content_changes(
    pair: Pair, old: dict[str, Any], new: dict[str, Any], place: Place, rule: str
) -> list[Change]:
    """The media types of a request body or an answer, and each one's schema."""
    content, new_content = old.get("content") or {}, new.get("content") or {}
    found = []
    for media in sorted(content.keys() | new_content.keys()):
        if media not in new_content:
            found.append(place.change(f"{rule}-removed", f"{place.said}: `{media}` is gone"))
        elif media not in content:
            found.append(place.change(f"{rule}-added", f"{place.said}: `{media}` is new"))
        else:
            schema, new_schema = content[media].get("schema", {}), new_content[media].get("schema", {})
            found += compare_schema(pair, schema, new_schema, place)
            found += leftovers(pair, content[media], new_content[media], {"schema"}, place)
    return found


def component_schema_changes(pair: Pair) -> list[Change]:
    """A component schema removed or added: both generated clients name a model or a type after each."""
    names = pair.old.spec.get("components", {}).get("schemas", {}).keys()
    new_names = pair.new.spec.get("components", {}).get("schemas", {}).keys()
    found = []
    for rule, which, index, said in (
        (
            "api-schema-removed",
            names - new_names,
            pair.old,
            "was removed, and so were the clients' model and type of that name: code that uses them breaks",
        ),
        (
            "api-schema-added",
            new_names - names,
            pair.new,
            "is new, and so are the clients' model and type of that name",
        ),
    ):
        uses = schema_uses(index)
        for name in sorted(which):
            operations = frozenset(uses[name].operations) if name in uses else frozenset()
            found.append(Change(rule, name, f"the schema `{name}` {said}", operations))
    return found
