"""Whether a request, as it went over the wire, is valid input for its operation: its query string read
as a server reads it ("7" is 7 for an integer parameter), no parameter the spec lacks, its JSON body
against the request body's schema. A GET's JSON body is read as its query (the vendor's form).

The contract suite asks it of cases schemathesis generated to be invalid (a value that is invalid as
data can be valid once written in a query string), and the proxy of every request it forwards.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker

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


def valid(
    index: SpecIndex, method: str, path: str, query: str, body: bytes, content_type: str | None = None
) -> bool:
    """Whether the request is valid input; `content_type`, when given, must be JSON's for a body."""
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
    if body and content_type is not None and content_type.split(";")[0].strip().lower() != "application/json":
        return False
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):
        return False
    return bool(OAS30WriteValidator(content["schema"], format_checker=oas30_format_checker).is_valid(data))
