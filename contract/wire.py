"""Whether a request, as it went over the wire, is valid input for its operation: its query string read
as a server reads it ("7" is 7 for an integer parameter), no parameter the spec lacks, its JSON body
against the request body's schema. A GET's JSON body is read as its query (the vendor's form).

The contract suite asks it of cases schemathesis generated to be invalid (a value that is invalid as
data can be valid once written in a query string), and the proxy of every request it forwards.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
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


def _validator(schema: dict[str, Any]) -> Any:
    return OAS30WriteValidator(schema, format_checker=oas30_format_checker)


@dataclass(frozen=True)
class _Parameter:
    required: bool
    schema: dict[str, Any]
    validator: Any


@dataclass(frozen=True)
class _Input:
    """One operation's input rules: its query parameters, and its JSON body's validator (if any)."""

    method: str
    parameters: dict[str, _Parameter]
    body: Any


class Inputs:
    """The spec's input rules, per operation, read once from the resolved spec."""

    def __init__(self, index: SpecIndex) -> None:
        self.index = index
        self._rules: dict[str, _Input] = {}

    def _of(self, label: str, path: str, method: str) -> _Input:
        found = self._rules.get(label)
        if found is None:
            resolved = self.index.resolved["paths"][path][method.lower()]
            parameters = {
                p["name"]: _Parameter(
                    bool(p.get("required")), p.get("schema", {}), _validator(p.get("schema", {}))
                )
                for p in resolved.get("parameters", [])
                if p.get("in") == "query"
            }
            content = (resolved.get("requestBody") or {}).get("content", {}).get("application/json")
            body = _validator(content["schema"]) if content is not None and method != "GET" else None
            found = self._rules[label] = _Input(method, parameters, body)
        return found

    def valid(self, method: str, path: str, query: str, body: bytes, content_type: str | None = None) -> bool:
        """Whether the request is valid input; `content_type`, when given, must be JSON's for a body."""
        op = self.index.operation(method, path)
        if op is None:
            return True  # not an operation of ours: nothing to say about its input
        rules = self._of(op.label, op.path, op.method)
        given = dict(parse_qsl(query, keep_blank_values=True))
        if body and op.method == "GET":  # the vendor's form: a GET's parameters as a JSON body
            data = _json(body)
            if not isinstance(data, dict):
                return False
            given = {**{k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}, **given}
        if set(given) - set(rules.parameters):
            return False
        for name, parameter in rules.parameters.items():
            if name not in given:
                if parameter.required:
                    return False
                continue
            if not parameter.validator.is_valid(_scalar(given[name], parameter.schema)):
                return False
        if rules.body is None:
            return True
        if (
            body
            and content_type is not None
            and content_type.split(";")[0].strip().lower() != "application/json"
        ):
            return False
        data = _json(body) if body else None
        return data is not _NOT_JSON and bool(rules.body.is_valid(data))


_NOT_JSON = object()


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return _NOT_JSON


@functools.lru_cache(maxsize=4)
def _inputs(index: SpecIndex) -> Inputs:
    return Inputs(index)


def valid(
    index: SpecIndex, method: str, path: str, query: str, body: bytes, content_type: str | None = None
) -> bool:
    """Whether the request is valid input for its operation (its validators built once per spec)."""
    return _inputs(index).valid(method, path, query, body, content_type)
