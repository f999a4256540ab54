"""Connexion's own validation, reporting field by field, and every error in a documented shape.

Connexion validates; these subclasses only collect its findings per field (Laravel's
`errors` object: field -> messages) instead of one problem+json string. The error
handlers then turn every problem connexion raises into a body the spec documents, under the
status the spec gives the request's operation.
"""

from __future__ import annotations

import contextlib
import json
import logging
from typing import Any

from connexion.datastructures import MediaTypeDict
from connexion.exceptions import (
    BadRequestProblem,
    ProblemException,
    TypeValidationError,
    Unauthorized,
    UnsupportedMediaTypeProblem,
)
from connexion.json_schema import Draft4RequestValidator
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.utils import coerce_type
from connexion.validators import ParameterValidator
from jsonschema import Draft4Validator, ValidationError
from starlette.datastructures import Headers

from mock_server import bodies
from mock_server.answers import Answer, Answers
from mock_server.connexion_compat import JSONBodyValidator

logger = logging.getLogger(__name__)

ARTICLES = {"integer": "an integer", "object": "an object", "array": "an array"}
BODY = "body"


class FieldErrors(BadRequestProblem):
    """A request that failed validation, with the messages of each offending field."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(detail=bodies.INVALID)
        self.errors = errors


def _words(field: str) -> str:
    return field.replace("_", " ")


def message(field: str, error: ValidationError) -> str:
    """A Laravel-style sentence for one jsonschema error."""
    name, kind, value = _words(field), error.validator, error.validator_value
    if kind == "type":
        return f"The {name} must be {ARTICLES.get(str(value), f'a {value}')}."
    if kind in ("minimum", "maximum"):
        return f"The {name} must be {'at least' if kind == 'minimum' else 'at most'} {value}."
    if kind in ("minLength", "maxLength"):
        bound = "at least" if kind == "minLength" else "at most"
        return f"The {name} must be {bound} {value} characters."
    if kind in ("pattern", "format"):
        return f"The {name} format is invalid."
    if kind == "enum":
        return f"The selected {name} is invalid."
    return f"The {name} is invalid: {error.message}."


def collect(errors: dict[str, list[str]], validation_errors: Any, field: str | None = None) -> None:
    """File each jsonschema error under its field: the given one, else the path into the body."""
    for error in validation_errors:
        if error.validator == "required":
            instance = error.instance if isinstance(error.instance, dict) else {}
            for missing in (name for name in error.validator_value if name not in instance):
                _add(errors, missing, f"The {_words(missing)} field is required.")
            continue
        name = field or ".".join(str(p) for p in error.absolute_path) or BODY
        _add(errors, name, message(name, error))


def _add(errors: dict[str, list[str]], field: str, text: str) -> None:
    # jsonschema reports a `required` list once per missing name; say each thing once.
    messages = errors.setdefault(field, [])
    if text not in messages:
        messages.append(text)


_PARAMETER_VALIDATORS: dict[str, Draft4Validator] = {}


def parameter_validator(param: dict[str, Any]) -> Draft4Validator:
    # One validator per distinct parameter schema, not per request. Keyed by the schema's
    # content, not by object identity: nothing about connexion's objects has to hold for it.
    key = json.dumps(param["schema"], sort_keys=True, default=str)
    validator = _PARAMETER_VALIDATORS.get(key)
    if validator is None:
        validator = Draft4Validator(param["schema"], format_checker=Draft4Validator.FORMAT_CHECKER)
        _PARAMETER_VALIDATORS[key] = validator
    return validator


LOCATIONS = ("query", "path", "header", "cookie")  # every `in` OpenAPI 3.0 has


class FieldParameterValidator(ParameterValidator):
    """Connexion's parameter validation, reporting every parameter that fails, wherever it is."""

    def __init__(self, parameters: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(parameters, *args, **kwargs)
        unknown = set(self.parameters) - set(LOCATIONS)
        if unknown:  # at startup, not on the first request
            raise ValueError(f"parameters in {sorted(unknown)}: OpenAPI 3.0 knows only {LOCATIONS}")

    def validate_request(self, request: ConnexionRequest) -> None:
        errors: dict[str, list[str]] = {}
        if self.strict_validation:
            for name in sorted(self.validate_query_parameter_list(request, self.security_query_params)):
                _add(errors, name, f"The {_words(name)} parameter is not allowed here.")
        sources = {
            # connexion's URI parser has coerced query and path values to the schema's types already
            "query": request.query_params,
            "path": request.path_params,
            "header": request.headers,
            "cookie": request.cookies,
        }
        for location in LOCATIONS:
            for param in self.parameters.get(location, []):
                name = param["name"]
                value = sources[location].get(name.replace("-", "_") if location == "path" else name)
                if value is None:
                    if param.get("required"):
                        _add(errors, name, f"The {_words(name)} field is required.")
                    continue
                if location in ("header", "cookie"):
                    # Left as sent when it does not convert: the schema check names the type.
                    with contextlib.suppress(TypeError, ValueError, TypeValidationError):
                        value = coerce_type(param, value, location, name)
                collect(errors, parameter_validator(param).iter_errors(value), field=name)
        if errors:
            raise FieldErrors(errors)


class FieldJSONBodyValidator(JSONBodyValidator):
    """Connexion's JSON body validation (defaults from the spec filled in), field by field."""

    async def wrap_receive(self, receive: Any, *, scope: Any) -> Any:
        headers = Headers(scope=scope)
        if "content-type" not in headers and (
            headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
        ):
            # Connexion checks a body without Content-Type as JSON, then hands the handler its
            # bytes (a 500). The vendor's Laravel reads no JSON without the header either.
            raise UnsupportedMediaTypeProblem(detail="A body without a Content-Type.")
        if "content-length" not in headers and "chunked" in headers.get("transfer-encoding", "").lower():
            # Connexion takes a body without Content-Length for no body at all; read the chunks
            # and give it the length, so a streamed body is validated like any other.
            messages, more_body = [], True
            while more_body:
                message = await receive()
                messages.append(message)
                more_body = message.get("more_body", False)
            length = sum(len(m.get("body", b"")) for m in messages)
            scope = {**scope, "headers": [*scope["headers"], (b"content-length", str(length).encode())]}
            receive = self.replay(receive, messages)
        try:
            return await super().wrap_receive(receive, scope=scope)
        except FieldErrors:
            raise
        except BadRequestProblem:
            # An empty body: report each required field, as Laravel would.
            self.validate_body({})
            raise

    def parse_body(self, raw: bytes) -> Any:
        if not raw:
            return None
        try:
            return json.loads(raw.decode(self.encoding))
        except (UnicodeDecodeError, LookupError):
            raise FieldErrors({BODY: [f"The body is not valid {self.encoding} text."]}) from None
        except (json.JSONDecodeError, RecursionError) as error:
            raise FieldErrors({BODY: [f"The body is not valid JSON: {error}."]}) from None

    def validate_body(self, body: Any) -> None:
        body = {} if body is None else body
        # Connexion's default-filling validator assumes an object; anything else is checked plainly.
        validator = (
            self.defaults_validator
            if isinstance(body, dict)
            else Draft4RequestValidator(self.schema, format_checker=Draft4Validator.FORMAT_CHECKER)
        )
        errors: dict[str, list[str]] = {}
        collect(errors, validator.iter_errors(body))
        if errors:
            raise FieldErrors(errors)


VALIDATOR_MAP = {
    "parameter": FieldParameterValidator,
    "body": MediaTypeDict({"*/*json": FieldJSONBodyValidator}),
}


def _json(answer: Answer, headers: dict[str, str] | None = None) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=answer.status,
        body=json.dumps(answer.body),
        content_type="application/json",
        headers=headers or {},
    )


def error_handlers(answers: Answers) -> list[tuple[type[Exception] | int, Any]]:
    """Connexion's error handlers, each answering in the body and status the spec gives the request's
    operation (answers.py)."""

    def on_bad_request(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        # Every 400 comes here (starlette looks handlers up by status before class): ours with its
        # fields, connexion's other problems, starlette's own (a multipart body with no boundary).
        if isinstance(exc, FieldErrors):
            return _json(answers.at(request.scope).invalid(exc.errors))
        why = str(getattr(exc, "detail", None) or "The request is malformed.")
        return _json(answers.at(request.scope).invalid({BODY: [why]}))

    def on_media_type(request: ConnexionRequest, _exc: Exception) -> ConnexionResponse:
        why = "The body must be JSON, sent with Content-Type: application/json."
        return _json(answers.at(request.scope).invalid({BODY: [why]}))

    def on_unauthorized(request: ConnexionRequest, _exc: Exception) -> ConnexionResponse:
        return _json(answers.at(request.scope).unauthorized)

    return [
        (UnsupportedMediaTypeProblem, on_media_type),
        (400, on_bad_request),
        (Unauthorized, on_unauthorized),
        (ProblemException, on_http_error),
        (404, on_http_error),
        (405, on_http_error),
        (Exception, on_crash),
    ]


def on_http_error(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """Unknown paths, wrong methods and any other problem: the envelope's code and message."""
    status = int(getattr(exc, "status", None) or getattr(exc, "status_code", None) or 500)
    title = getattr(exc, "title", None) or getattr(exc, "detail", None) or "Error"
    # Keep the exception's headers: a 405 must say which methods are allowed.
    return _json(Answer(status, bodies.http_error(status, str(title))), headers=getattr(exc, "headers", None))


def on_crash(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    logger.exception("unexpected error in the mock", exc_info=exc)
    return _json(Answer(500, bodies.CRASH))
