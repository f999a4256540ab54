"""The kinds of spec edit `make adopt` applies, each on a ruamel.yaml round-trip tree of a hand-written file
(comments, key order and quoting kept), and the mark each changed node gets: `x-provenance: observed` and
`x-observed` (date, host, the finding, its evidence `curl` with `$API_KEY`).

The kinds are named in contract/rules/edits.py, where the rules propose them. Each returns None when
applied, or why not in words (a node that is not where the edit says, an entry already there).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from contract.rules.edits import Change

# Keywords that mean something for one type only: dropped when a field's type changes.
TYPED: tuple[str, ...] = (
    *("format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "pattern"),
    *("minLength", "maxLength", "enum", "example", "items", "minItems", "maxItems", "properties", "required"),
)


KEYED_BY = "x-keyed-by"  # read by the mock (mock_server/shapes.py): the field its lists are keyed by


class NotThere(LookupError):
    """The node an edit names is not in the file: the message says which."""


def round_trip() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # long lines stay as written, never folded anew
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


YAML_RT = round_trip()


def load(path: Path) -> Any:
    return YAML_RT.load(path.read_text(encoding="utf-8"))


def dump(document: Any) -> str:
    out = io.StringIO()
    YAML_RT.dump(document, out)
    return out.getvalue()


def tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


def node_at(document: Any, pointer: str) -> Any:
    node = document
    for token in tokens(pointer):
        if not isinstance(node, dict) or token not in node:
            raise NotThere(f"no {token!r} at {pointer}")
        node = node[token]
    return node


def commented(value: Any) -> Any:
    """A plain value as ruamel's nodes, so that it is written in block style like its neighbours."""
    if isinstance(value, dict):
        return CommentedMap((k, commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(commented(v) for v in value)
    return value


def mark(node: Any, observed: dict[str, str], *, provenance: bool = True) -> None:
    """`x-provenance: observed` (a node the edit wrote) and one more entry of `x-observed`."""
    if provenance:
        node["x-provenance"] = "observed"
    seen = node.get("x-observed")
    if not isinstance(seen, list):
        seen = node["x-observed"] = CommentedSeq()
    seen.append(commented(observed))


def insert(mapping: CommentedMap, key: str, value: Any) -> None:
    """A new key in its place: statuses in numeric order, other names in alphabetical order."""
    keys = list(mapping)
    later = [i for i, k in enumerate(keys) if str(k) > key and str(k).isdigit() == key.isdigit()]
    mapping.insert(later[0] if later else len(keys), key, commented(value))


def object_of(document: Any, change: Change, observed: dict[str, str]) -> str | None:
    node = node_at(document, change.pointer)
    if node.get("type") != "array" or "items" not in node:
        return (
            "already an object" if node.get("type") == "object" else f"{change.where} is not an array schema"
        )
    position = list(node).index("items")
    items = node.pop("items")
    node.insert(position, "additionalProperties", items)
    node["type"] = "object"
    for array_word, object_word in (("minItems", "minProperties"), ("maxItems", "maxProperties")):
        if array_word in node:
            node.insert(list(node).index(array_word), object_word, node.pop(array_word))
    node.pop("uniqueItems", None)
    keyed_by = (change.value or {}).get("keyed_by")
    if keyed_by:
        node.insert(position + 1, KEYED_BY, keyed_by)
    mark(node, observed)
    return None


def keyed_object(document: Any, change: Change, observed: dict[str, str]) -> str | None:
    """An example's list as an object keyed by its items' field (or their position); the example says so."""
    parent_pointer, _, last = change.pointer.rpartition("/")
    parent = node_at(document, parent_pointer)
    items = node_at(document, change.pointer)
    if not isinstance(items, list):
        return "already an object"
    keyed_by = (change.value or {}).get("keyed_by")
    keys = [str(item[keyed_by]) if keyed_by else str(n) for n, item in enumerate(items)]
    parent[tokens("/" + last)[0]] = CommentedMap(zip(keys, items, strict=True))
    mark(document, observed | {"change": f"{change.pointer}: a list written as an object"}, provenance=False)
    return None


def set_type(document: Any, change: Change, observed: dict[str, str]) -> str | None:
    node = node_at(document, change.pointer)
    if change.value == "null":
        if node.get("nullable") is True:
            return "already nullable"
        node["nullable"] = True
    else:
        if node.get("type") == change.value:
            return f"already {change.value}"
        for word in TYPED:
            node.pop(word, None)
        node["type"] = change.value
    mark(node, observed)
    return None


def not_required(document: Any, change: Change, observed: dict[str, str]) -> str | None:
    node = node_at(document, change.pointer)
    required = node.get("required") or []
    if change.value not in required:
        return f"`{change.value}` is already optional"
    required.remove(change.value)
    if not required:
        del node["required"]
    field = (node.get("properties") or {}).get(change.value)
    mark(field if isinstance(field, dict) else node, observed)
    return None


METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def operation_of(document: Any, pointer: str) -> Any:
    """The operation a `/<method>/responses` pointer is in (a `$ref` takes no siblings: the operation
    says what changed among its responses), or None."""
    parts = tokens(pointer)
    if parts[-1:] != ["responses"] or len(parts) < 2 or parts[-2] not in METHODS:
        return None
    return node_at(document, pointer.rsplit("/", 1)[0])


def add_media_type(document: Any, change: Change, observed: dict[str, str]) -> str | None:
    content = node_at(document, change.pointer)
    media, like = change.value["media"], change.value["like"]
    if media in content:
        return f"{media} is already documented"
    if like not in content:
        raise NotThere(f"no {like!r} at {change.where}")
    copied = copy.deepcopy(content[like])
    content.insert(list(content).index(like) + 1, media, copied)
    mark(copied, observed)
    return None


def add_entry(document: Any, change: Change, observed: dict[str, str]) -> str | None:
    """A new entry: a node of its own is marked; a `$ref` takes no siblings, so its operation says it."""
    mapping = node_at(document, change.pointer)
    key = str(change.value["key"])
    if key in mapping:
        return f"{key} is already at {change.where}"
    insert(mapping, key, change.value["value"])
    operation = operation_of(document, change.pointer)
    if "$ref" not in mapping[key]:
        mark(mapping[key], observed)
    elif operation is not None:
        mark(operation, observed | {"change": f"{key} documented"}, provenance=False)
    return None


APPLY: dict[str, Callable[[Any, Change, dict[str, str]], str | None]] = {
    "object-of": object_of,
    "keyed-object": keyed_object,
    "set-type": set_type,
    "not-required": not_required,
    "add-media-type": add_media_type,
    "add-entry": add_entry,
}


def created(change: Change, observed: dict[str, str]) -> Any:
    """A new file's document (`create-file`), marked."""
    document = commented(change.value)
    mark(document, observed)
    return document
