"""Each private part of connexion the mock relies on (mock_server/connexion_compat.py), checked against the
installed connexion: an upgrade that moves one fails here, by name."""

from __future__ import annotations

import asyncio
import copy
import importlib
import inspect
from typing import Any

import pytest
from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncOperation
from connexion.decorators import parameter
from connexion.security import ApiKeySecurityHandler
from connexion.validators import DefaultsJSONRequestBodyValidator
from starlette.testclient import TestClient

from contract.spec import SpecIndex
from mock_server import connexion_compat
from mock_server.app import create_app
from mock_server.settings import Settings
from mock_server.store import Store
from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH


def test_the_pinned_version_is_the_installed_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert connexion_compat.INSTALLED == connexion_compat.PINNED
    monkeypatch.setattr("importlib.metadata.version", lambda name: "9.9.9")
    with pytest.raises(ImportError, match="written for connexion 3.3.0, not 9.9.9"):
        importlib.reload(connexion_compat)
    monkeypatch.undo()
    importlib.reload(connexion_compat)


def test_operations_are_decorated_once() -> None:
    # connexion's AsyncOperation.fn is a property that wraps the handler anew on each access.
    assert isinstance(inspect.getattr_static(AsyncOperation, "fn"), property)
    app = AsyncApp(__name__)
    assert hasattr(app, "_middleware_app") and hasattr(app._middleware_app, "api_cls")
    connexion_compat.decorate_operations_once(app)
    assert app._middleware_app.api_cls is connexion_compat._Api
    served = create_app(Store(), settings=Settings(fast_path=False))
    with TestClient(served) as client:
        assert (
            client.get(BASE_PATH + "/directory/currencies", headers={"X-API-KEY": DEV_KEY}).status_code == 200
        )


def test_the_key_handler_uses_our_key_function_and_caches_its_signature_check() -> None:
    assert callable(ApiKeySecurityHandler._accepts_kwarg)
    assert list(inspect.signature(ApiKeySecurityHandler._resolve_func).parameters) == [
        "self",
        "security_scheme",
    ]

    def account(key: str) -> dict[str, Any] | None:
        return None

    handler = connexion_compat.key_security_handler(account)
    assert handler._resolve_func(handler.__new__(handler), {}) is account


def test_query_defaults_and_values_are_connexions_own() -> None:
    assert parameter._get_query_defaults is not None and parameter._get_val_from_param is not None
    spec = {"name": "lang", "in": "query", "schema": {"type": "string", "default": "EN"}}
    number = {"name": "customer_code", "in": "query", "schema": {"type": "integer"}}
    assert connexion_compat.query_defaults({"lang": spec}) == {"lang": "EN"}
    assert connexion_compat.handler_value("7", number) == 7


def test_the_body_validator_hooks_exist_with_the_signatures_we_override() -> None:
    hooks = {"_parse": ["self", "stream", "scope"], "_validate": ["self", "body"]}
    for name, arguments in hooks.items():
        assert (
            list(inspect.signature(getattr(DefaultsJSONRequestBodyValidator, name)).parameters) == arguments
        )
    assert callable(DefaultsJSONRequestBodyValidator._insert_messages)
    assert callable(DefaultsJSONRequestBodyValidator.extend_with_set_default)

    class Recording(connexion_compat.JSONBodyValidator):
        def parse_body(self, raw: bytes) -> Any:
            return {"raw": raw.decode()}

        def validate_body(self, body: Any) -> None:
            self.checked = body

    validator = Recording(schema={"type": "object"}, nullable=False, encoding="utf-8", strict_validation=True)
    assert (validator.schema, validator.encoding) == ({"type": "object"}, "utf-8")

    async def stream() -> Any:
        yield b'{"a": '
        yield b"1}"

    assert asyncio.run(validator._parse(stream(), scope={})) == {"raw": '{"a": 1}'}
    validator._validate({"x": 1})
    assert validator.checked == {"x": 1}
    filled = validator.defaults_validator
    assert filled.__class__ is connexion_compat.DEFAULTS_VALIDATOR


def test_the_spec_is_validated_once_per_distinct_spec_and_a_flawed_one_still_refused() -> None:
    from connexion.exceptions import InvalidSpecification
    from connexion.spec import Specification

    assert isinstance(Specification.__dict__["_validate_spec"], classmethod)
    connexion_compat.validate_each_spec_once()
    validated = Specification.__dict__["_validate_spec"].__func__.validated
    spec = copy.deepcopy(SpecIndex.load().spec)
    create_app(Store(), spec=spec)
    count = len(validated)
    assert count >= 1
    create_app(Store(), spec=copy.deepcopy(spec))
    assert len(validated) == count, "the same spec was validated again"
    flawed = copy.deepcopy(spec)
    flawed["paths"]["/licenses/demo"]["post"]["responses"] = "not a mapping"
    with pytest.raises(InvalidSpecification):
        create_app(Store(), spec=flawed)
