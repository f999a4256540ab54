"""Every private part of connexion the mock relies on, in one place, for the one version pinned.

An upgrade of connexion fails here, at import, with one sentence; `tests/test_connexion_compat.py`
checks each hook below against the installed connexion, so what changed is named at once.

- operations decorated once (connexion 3.3 wraps each handler in its decorators per request);
- the API-key security handler, with our key function and its signature check cached;
- the query defaults and parameter conversion the fast path reproduces;
- the JSON body validator's parsing, validating and message-replaying hooks;
- the spec validated against OpenAPI's schema once per distinct spec, not on every app built, and
  before the mock reads it (`check_spec`).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.decorators.parameter import _get_query_defaults, _get_val_from_param
from connexion.json_schema import Draft4RequestValidator
from connexion.security import ApiKeySecurityHandler
from connexion.spec import OpenAPISpecification, Specification
from connexion.validators import DefaultsJSONRequestBodyValidator
from jsonschema import Draft4Validator

PINNED = "3.3.0"
INSTALLED = version("connexion")
if INSTALLED != PINNED:  # pragma: no cover - only on an upgrade
    raise ImportError(
        f"mock_server/connexion_compat.py is written for connexion {PINNED}, not {INSTALLED}: "
        "check each hook in it (tests/test_connexion_compat.py), then change PINNED and pyproject.toml"
    )


class _OperationDecoratedOnce(AsyncOperation):
    """The wrapped function holds no per-request state: wrap it once."""

    @functools.cached_property
    def fn(self) -> Any:
        return AsyncOperation.fn.fget(self)


class _Api(AsyncApi):
    def make_operation(self, operation: Any) -> AsyncOperation:
        return _OperationDecoratedOnce.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )


def decorate_operations_once(app: AsyncApp) -> None:
    """Before `add_api`: the app's operations build their decorated handler once, not per request."""
    app._middleware_app.api_cls = _Api


def validate_each_spec_once() -> None:
    """connexion checks the spec against OpenAPI's schema each time an app is built (0.1 to 0.3 s);
    a spec that passed once passes again: each distinct spec is checked once per process."""
    original = Specification.__dict__["_validate_spec"].__func__
    if hasattr(original, "validated"):
        return  # already in place
    validated: set[tuple[type, str]] = set()

    def _validate_spec(cls: type, spec: dict[str, Any]) -> None:
        key = (cls, hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest())
        if key not in validated:
            original(cls, spec)  # raises connexion's InvalidSpecification on a flaw
            validated.add(key)

    _validate_spec.validated = validated  # type: ignore[attr-defined]
    Specification._validate_spec = classmethod(_validate_spec)


def check_spec(spec: dict[str, Any]) -> None:
    """connexion's own check of a spec against OpenAPI's schema (InvalidSpecification), once per
    distinct spec, before the mock reads anything of it; `add_api` then finds it checked."""
    validate_each_spec_once()
    OpenAPISpecification._validate_spec(spec)


def key_security_handler(account: Callable[[str], dict[str, Any] | None]) -> type[ApiKeySecurityHandler]:
    """connexion's API-key handler, checking keys with `account` (no function named in the spec)."""

    class ResellerKeyHandler(ApiKeySecurityHandler):
        # connexion inspects the key function's signature on every request; it never changes.
        _accepts_kwarg = staticmethod(functools.lru_cache(maxsize=None)(ApiKeySecurityHandler._accepts_kwarg))

        def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
            return account

    return ResellerKeyHandler


def query_defaults(parameters: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The defaults connexion fills in for absent query parameters, by name."""
    return _get_query_defaults(parameters)  # type: ignore[no-any-return]


def handler_value(value: Any, parameter: dict[str, Any]) -> Any:
    """A query value as connexion hands it to the handler (converted to the schema's type)."""
    return _get_val_from_param(value, parameter)


# connexion builds the default-filling validator class anew for every request (an attrs class,
# compiled each time: most of a POST's cost); the class depends on nothing per request.
DEFAULTS_VALIDATOR = DefaultsJSONRequestBodyValidator.extend_with_set_default(Draft4RequestValidator)


class JSONBodyValidator(DefaultsJSONRequestBodyValidator):
    """connexion's JSON body validator, with public hooks: override `parse_body` and `validate_body`."""

    @property
    def _validator(self) -> Any:
        return DEFAULTS_VALIDATOR(self._schema, format_checker=Draft4Validator.FORMAT_CHECKER)

    @property
    def schema(self) -> dict[str, Any]:
        return self._schema  # type: ignore[no-any-return]

    @property
    def encoding(self) -> str:
        return self._encoding  # type: ignore[no-any-return]

    @property
    def defaults_validator(self) -> Any:
        """The default-filling validator for this body's schema."""
        return self._validator

    def replay(self, receive: Any, messages: list[Any]) -> Any:
        """A receive channel that gives `messages` first, then the client's."""
        return self._insert_messages(receive, messages=messages)

    async def _parse(self, stream: Any, scope: Any) -> Any:
        return self.parse_body(b"".join([chunk async for chunk in stream]))

    def _validate(self, body: Any) -> None:
        self.validate_body(body)

    def parse_body(self, raw: bytes) -> Any:
        raise NotImplementedError

    def validate_body(self, body: Any) -> None:
        raise NotImplementedError
