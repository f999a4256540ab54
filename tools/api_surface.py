"""The public surfaces of the generated clients, read from their source for `make compat`: what a caller's
code names and relies on (tools/compat_rules/client.py compares two of them).

Python (openapi-python-client's package): each `api/<tag>/<module>.py` is a function `api.<tag>.<module>`
whose members are `sync`'s keyword arguments and the module's public functions; each model class is a
model of its fields, each StrEnum an enum of its values. `T | Unset` is an optional `T`.

TypeScript (openapi-typescript's file): each schema of `components["schemas"]` is a model of its members,
an enum (a union of string literals) or an alias; each `operations[...]` entry a function whose members are
its query parameters and its JSON body.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tools.compat_rules.client import CALLABLE, ENUM, FUNCTION, MODEL, Shape, Surface

UNSET = "Unset"


def python_surface(package: Path) -> Surface:
    surface: Surface = {}
    for path in sorted((package / "api").glob("*/*.py")):
        if path.stem == "__init__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        members = {f"{n.name}()": (CALLABLE, True) for n in functions if not n.name.startswith("_")}
        for function in functions:
            if function.name == "sync":
                for arg, default in zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True):
                    if arg.arg != "client":
                        members[arg.arg] = (python_type(arg.annotation), default is None)
        surface[f"api.{path.parent.name}.{path.stem}"] = Shape(FUNCTION, members)
    for path in sorted((package / "models").glob("*.py")):
        for statement in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(statement, ast.ClassDef):
                surface[statement.name] = model_shape(statement)
    return surface


def model_shape(node: ast.ClassDef) -> Shape:
    if any(isinstance(base, ast.Name) and base.id == "StrEnum" for base in node.bases):
        values = {
            str(ast.literal_eval(f.value)): ("", True)
            for f in node.body
            if isinstance(f, ast.Assign) and isinstance(f.value, ast.Constant)
        }
        return Shape(ENUM, values)
    fields = {
        f.target.id: (python_type(f.annotation), f.value is None)
        for f in node.body
        if isinstance(f, ast.AnnAssign)
        and isinstance(f.target, ast.Name)
        and f.target.id != "additional_properties"
    }
    return Shape(MODEL, fields)


def python_type(annotation: ast.expr | None) -> str:
    """The annotation without `Unset`: whether the member may be left out is said apart."""
    if annotation is None:
        return ""
    parts = [part.strip() for part in ast.unparse(annotation).split("|")]
    return " | ".join(part for part in parts if part != UNSET)


def typescript_surface(text: str) -> Surface:
    surface: Surface = {}
    schemas = entries(block_of(text, "export interface components {")).get("schemas", ("{}", True))[0]
    for name, (kind, _) in entries(schemas[1:-1]).items():
        if kind.startswith("{"):
            surface[name] = Shape(MODEL, entries(kind[1:-1]))
        elif re.fullmatch(r'"[^"]*"(?: \| "[^"]*")*', kind):
            surface[name] = Shape(ENUM, {value: ("", True) for value in re.findall(r'"([^"]*)"', kind)})
        else:
            surface[name] = Shape("alias", {"(type)": (kind, True)})
    for name, (definition, _) in entries(block_of(text, "export interface operations {")).items():
        members: dict[str, tuple[str, bool]] = {}
        parts = entries(definition[1:-1])
        query = parts.get("parameters", ("{}", True))[0]
        members.update(entries(entries(query[1:-1]).get("query", ("{}", True))[0][1:-1]))
        body = parts.get("requestBody")
        if body is not None and body[0] != "never":
            content = entries(entries(body[0][1:-1]).get("content", ("{}", True))[0][1:-1])
            members["(body)"] = (content.get('"application/json"', ("", True))[0], body[1])
        surface[f"operations.{name}"] = Shape(FUNCTION, members)
    return surface


def block_of(text: str, opening: str) -> str:
    """The body between the braces that `opening` (ending in `{`) opens, or "" when it is absent."""
    start = text.find(opening)
    if start < 0:
        return ""
    start += len(opening)
    depth = 1
    for at in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[at], 0)
        if depth == 0:
            return text[start:at]
    return ""


def entries(body: str) -> dict[str, tuple[str, bool]]:
    """The `name?: type;` entries of a TypeScript object type's body, comments left out: name ->
    (the type, its nested braces and spacing folded to one line; required?)."""
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    found: dict[str, tuple[str, bool]] = {}
    depth, start = 0, 0
    for at, char in enumerate(body):
        depth += {"{": 1, "[": 1, "(": 1, "}": -1, "]": -1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            entry = " ".join(body[start:at].split())
            start = at + 1
            match = re.fullmatch(r'(?:readonly )?("[^"]+"|[\w$]+)(\??): (.+)', entry)
            if match:
                found[match.group(1)] = (match.group(3), not match.group(2))
    return found
