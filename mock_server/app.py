"""The mock: connexion serving the bundled spec, over one store, with the vendor's error shapes."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from connexion import AsyncApp
from connexion.resolver import Resolver
from connexion.security import ApiKeySecurityHandler

from mock_server import handlers
from mock_server.store import DEFAULT_DATASET, Store
from mock_server.validation import ERROR_HANDLERS, VALIDATOR_MAP

BUNDLE = Path(__file__).resolve().parent.parent / "generated" / "openapi.yaml"
BASE_PATH = "/customerarea"


def snake_case(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def resolve_handler(operation_id: str) -> Any:
    return getattr(handlers, snake_case(operation_id))


def load_spec(path: Path = BUNDLE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def key_handler(store: Store) -> type[ApiKeySecurityHandler]:
    """Connexion's API-key handler, checking keys against this app's store (no code in the spec)."""

    def reseller_of(api_key: str) -> dict[str, Any] | None:
        reseller = store.reseller_for(api_key)
        return None if reseller is None else {"sub": reseller.name, "reseller": reseller, "store": store}

    class ResellerKeyHandler(ApiKeySecurityHandler):
        def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
            return reseller_of

    return ResellerKeyHandler


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def create_app(
    store: Store | None = None,
    *,
    seed: Path = DEFAULT_DATASET,
    validate_responses: bool | None = None,
    spec: dict[str, Any] | None = None,
) -> AsyncApp:
    """Build the mock. Response validation follows MOCK_VALIDATE_RESPONSES unless given."""
    store = store or Store(seed, default_key=os.environ.get("MOCK_API_KEY") or None)
    if validate_responses is None:
        validate_responses = env_flag("MOCK_VALIDATE_RESPONSES", False)
    app = AsyncApp(__name__)
    app.add_api(
        spec or load_spec(),
        base_path=BASE_PATH,
        resolver=Resolver(function_resolver=resolve_handler),
        strict_validation=True,
        validate_responses=validate_responses,
        validator_map=VALIDATOR_MAP,
        security_map={"apiKey": key_handler(store)},
    )
    for exception, handler in ERROR_HANDLERS:
        app.add_error_handler(exception, handler)
    app.store = store  # type: ignore[attr-defined]
    return app
