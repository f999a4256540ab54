"""What situation a request seen in traffic was in, for the findings engine: without a (valid) key,
with invalid input, or a valid request. Unlike the contract suite, which generated its requests, the
proxy must read them: the request is checked against the spec's parameters and body schema."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker

from contract.model import Situation
from contract.spec import SpecIndex


def _scalar(value: str, schema: dict[str, Any]) -> Any:
    """A query value as its schema's type reads it ("7" is 7 for an integer)."""
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


def valid(index: SpecIndex, method: str, path: str, query: str, body: bytes) -> bool:
    op = index.operation(method, path)
    if op is None:
        return True  # not an operation of ours: nothing to say about its input
    resolved = index.resolved["paths"][op.path][op.method.lower()]
    given = dict(parse_qsl(query, keep_blank_values=True))
    if body and op.method == "GET":  # the vendor's form: a GET's parameters as a JSON body
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return False
        if not isinstance(data, dict):
            return False
        given = {**{k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}, **given}
    parameters = {p["name"]: p for p in resolved.get("parameters", []) if p.get("in") == "query"}
    if set(given) - set(parameters):
        return False
    for name, parameter in parameters.items():
        if name not in given:
            if parameter.get("required"):
                return False
            continue
        schema = parameter.get("schema", {})
        if not OAS30WriteValidator(schema, format_checker=oas30_format_checker).is_valid(
            _scalar(given[name], schema)
        ):
            return False
    content = (resolved.get("requestBody") or {}).get("content", {}).get("application/json")
    if content is None or op.method == "GET":
        return True
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):
        return False
    return bool(OAS30WriteValidator(content["schema"], format_checker=oas30_format_checker).is_valid(data))


def situation(
    index: SpecIndex, method: str, path: str, query: str, body: bytes, keyed: bool, status: int
) -> Situation:
    # A key the server refused (401) tells nothing about the key check itself: like no key at all.
    if not keyed or status == 401:
        return Situation.NO_KEY
    return Situation.VALID if valid(index, method.upper(), path, query, body) else Situation.INVALID
