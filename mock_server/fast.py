"""The fast path: plain, valid requests answered without walking connexion's middleware stack.

Connexion 3.3 spends about 230 us on each request before and after our handler: a router per
middleware, a ConnexionRequest and a URI parser built twice, deep copies of the parameter
definitions, context-local lookups (see bench/results.md for the profile). This layer prepares,
once per operation, what connexion prepares per request, and answers a request itself only when
it is plain and valid:

- the method and path name an operation, whose security is the spec's API key;
- the key is one header and selects a reseller (the same function connexion's security calls);
- GET: a query string of `name=value` pairs with nothing to decode, each name a parameter of
  the operation once; no body. POST: no query string; `Content-Type: application/json`
  exactly, a Content-Length, a JSON object as the body;
- every value passes connexion's own checks: `coerce_type`, the same Draft 4 validator with the
  format checker for each parameter, and connexion's default-filling request-body validator
  for the body (the class `FieldJSONBodyValidator` uses).

Anything else, and every request that would fail any check, goes on untouched (its body
replayed) to connexion, which answers it as it always did: errors keep one author. Arguments and
answers are built the way connexion builds them (its parameter conversion, the query defaults, its
Jsonifier), and tests/test_fast_path.py sends the same requests, valid and invalid, through both
paths and requires the same status, headers and bytes.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from connexion.exceptions import TypeValidationError
from connexion.jsonifier import Jsonifier
from connexion.utils import coerce_type, is_nullable
from jsonschema import Draft4Validator

from contract.spec import SpecIndex
from mock_server.asgi import ASGIApp, Receive, Scope, Send, headers_of, repeated_headers, replaying
from mock_server.bodies import CRASH
from mock_server.connexion_compat import DEFAULTS_VALIDATOR, handler_value, query_defaults
from mock_server.validation import parameter_validator

logger = logging.getLogger(__name__)

KNOWN_QUERIES = 4096  # per operation; past it, the memory starts again
# Names of our parameters, values made only of characters no decoder changes (RFC 3986 unreserved).
PLAIN_QUERY = re.compile(r"[a-z_]+=[A-Za-z0-9._~-]+(?:&[a-z_]+=[A-Za-z0-9._~-]+)*\Z")
JSON = b"application/json"


class _Pass(Exception):
    """This request is not for the fast path: connexion answers it."""


@dataclass(frozen=True)
class Compiled:
    """One operation, prepared once: what connexion works out again on every request."""

    operation_id: str
    handler: Callable[..., Any]
    # name -> (definition, validator), for the query parameters
    query: dict[str, tuple[dict[str, Any], Draft4Validator]]
    required: frozenset[str]
    defaults: dict[str, Any]
    body: Any  # connexion's default-filling body validator, or None for an operation without a body
    # Query strings already found valid -> the handler's arguments. Checking a query string
    # depends on nothing but its bytes and the spec; screens and load tests repeat theirs.
    known: dict[bytes, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)


SCALARS = ("string", "integer", "number", "boolean")


def _plain_parameter(parameter: dict[str, Any]) -> bool:
    """A query parameter connexion reads as one scalar: no array or object, no style to apply."""
    schema = parameter.get("schema", {})
    return (
        parameter["in"] == "query"
        and schema.get("type") in SCALARS
        and not (is_nullable(parameter) or is_nullable(schema))
        and not {"style", "explode", "allowEmptyValue", "content", "allowReserved"} & parameter.keys()
    )


def compile_operations(
    index: SpecIndex, resolve: Callable[[str], Callable[..., Any]]
) -> dict[tuple[bytes, str], Compiled]:
    """The operations the fast path may answer, by (method, full path).

    An operation is left to connexion when anything about it is outside what the fast path
    reproduces: path, header or cookie parameters, a query parameter that is not one plain
    scalar, a request body that is not a required JSON object, a security requirement other
    than the one API key.
    """
    resolved, base_path = index.resolved, index.base_path
    schemes = resolved.get("components", {}).get("securitySchemes", {})
    api_key = [name for name, scheme in schemes.items() if scheme.get("type") == "apiKey"]
    compiled = {}
    for path, item in resolved["paths"].items():
        for method, operation in item.items():
            if method.startswith("x-") or method == "parameters":
                continue
            security = operation.get("security", resolved.get("security"))
            parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
            if security != [{name: []} for name in api_key] or len(api_key) != 1:
                continue
            if not all(_plain_parameter(p) for p in parameters):
                continue
            handler = resolve(operation["operationId"])
            accepted = set(inspect.signature(handler).parameters)
            if not {p["name"] for p in parameters} <= accepted or "token_info" not in accepted:
                continue
            body = None
            if "requestBody" in operation:
                request_body = operation["requestBody"]
                content = request_body.get("content", {})
                schema = content.get("application/json", {}).get("schema")
                if list(content) != ["application/json"] or not request_body.get("required"):
                    continue
                if (
                    schema is None
                    or schema.get("type") != "object"
                    or is_nullable(schema)
                    or "body" not in accepted
                ):
                    continue
                body = DEFAULTS_VALIDATOR(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
            query = {p["name"]: (p, parameter_validator(p)) for p in parameters}
            compiled[(method.upper().encode(), base_path + path)] = Compiled(
                operation_id=operation["operationId"],
                handler=handler,
                query=query,
                required=frozenset(p["name"] for p in parameters if p.get("required")),
                defaults=query_defaults({p["name"]: p for p in parameters}),
                body=body,
            )
    return compiled


class FastPath:
    """Answers plain, valid requests from the compiled operations; passes the rest to `app`."""

    def __init__(
        self,
        app: ASGIApp,
        operations: dict[tuple[bytes, str], Compiled],
        account: Callable[[str], dict[str, Any] | None],
        key_header: str,
    ) -> None:
        self.app, self.operations, self.account = app, operations, account
        self.key = key_header.lower().encode("latin-1")
        # Headers the fast path reads: sent twice, connexion decides which one counts.
        self.read = frozenset({self.key, b"content-length", b"content-type"})
        self.jsonifier = Jsonifier()  # what connexion's AsyncApp serializes answers with

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = (
            self.operations.get((scope["method"].encode(), scope["path"]))
            if scope["type"] == "http"
            else None
        )
        if operation is None:
            await self.app(scope, receive, send)
            return
        headers = headers_of(scope)
        if self.read & repeated_headers(scope) or b"transfer-encoding" in headers:
            await self.app(scope, receive, send)
            return
        key, length, content_type = (
            headers.get(name) for name in (self.key, b"content-length", b"content-type")
        )
        token_info = None if key is None else self.account(key.decode("latin-1"))
        if token_info is None:
            await self.app(scope, receive, send)
            return
        try:
            if operation.body is None:
                if length is not None or content_type is not None:
                    raise _Pass
                query = scope.get("query_string", b"")
                known = operation.known.get(query)
                arguments = self._query(operation, query) if known is None else known
            else:
                if scope.get("query_string") or content_type != JSON or length is None:
                    raise _Pass
                raw, more = [], True
                while more:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return  # the client is gone: nobody to answer
                    raw.append(message.get("body", b""))
                    more = message.get("more_body", False)
                body = b"".join(raw)
                receive = replaying(body, receive)
                arguments = {"body": self._body(operation, body)}
        except _Pass:
            await self.app(scope, receive, send)
            return
        await self._answer(send, operation, token_info, arguments)

    @staticmethod
    def _query(operation: Compiled, query_string: bytes) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if query_string:
            text = query_string.decode("latin-1")
            if PLAIN_QUERY.match(text) is None:
                raise _Pass
            for pair in text.split("&"):
                name, _, raw = pair.partition("=")
                if name in values or name not in operation.query:
                    raise _Pass
                definition, validator = operation.query[name]
                try:
                    value = coerce_type(definition, raw, "parameter", name)
                except TypeValidationError:
                    raise _Pass from None
                if not validator.is_valid(value):
                    raise _Pass
                values[name] = value
        if not operation.required <= values.keys():
            raise _Pass
        merged = {**operation.defaults, **values}
        arguments = {name: handler_value(v, operation.query[name][0]) for name, v in merged.items()}
        if len(operation.known) >= KNOWN_QUERIES:
            operation.known.clear()
        operation.known[query_string] = arguments
        return arguments

    @staticmethod
    def _body(operation: Compiled, body: bytes) -> dict[str, Any]:
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise _Pass from None
        if type(data) is not dict:
            raise _Pass
        # Fills the spec's defaults in as it checks, as connexion's validator does.
        for _error in operation.body.iter_errors(data):
            raise _Pass
        return data

    async def _answer(
        self, send: Send, operation: Compiled, token_info: dict[str, Any], arguments: dict[str, Any]
    ) -> None:
        try:
            # The handler answers as the spec says (answers.py): a success or a refusal, with its status.
            body, status, _ = await operation.handler(token_info=token_info, **arguments)
            payload = self.jsonifier.dumps(body).encode()
        except Exception as error:  # the same answer and log line as connexion's path (validation.on_crash)
            logger.exception("unexpected error in the mock", exc_info=error)
            status, payload = 500, json.dumps(CRASH).encode()
        headers = [(b"content-type", JSON), (b"content-length", str(len(payload)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
