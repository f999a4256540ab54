"""The mock: connexion serving the bundled spec, over one store, with the vendor's error shapes."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.resolver import Resolver
from connexion.security import ApiKeySecurityHandler
from starlette.middleware.cors import CORSMiddleware

from mock_server import handlers
from mock_server.asgi import BodyLimit, MediaTypeCase
from mock_server.control import Control, Journal
from mock_server.fast import FastPath, compile_operations
from mock_server.scenarios import Faults, Scenarios, operations_of
from mock_server.settings import Settings, env_flag
from mock_server.store import SAFE_LOADER, Store
from mock_server.validation import ERROR_HANDLERS, VALIDATOR_MAP
from mock_server.vendor_form import VendorGetBody

BUNDLE = Path(__file__).resolve().parent.parent / "generated" / "openapi.yaml"
BASE_PATH = "/customerarea"


def snake_case(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def resolve_handler(operation_id: str) -> Any:
    return getattr(handlers, snake_case(operation_id))


def load_spec(path: Path = BUNDLE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.load(handle, Loader=SAFE_LOADER)
    return spec


class _OperationDecoratedOnce(AsyncOperation):
    """connexion 3.3 wraps the handler in its decorators on every request (signature
    inspection included); the wrapped function holds no per-request state, so wrap it once."""

    @functools.cached_property
    def fn(self) -> Any:  # type: ignore[override]
        return AsyncOperation.fn.fget(self)  # type: ignore[attr-defined]


class _Api(AsyncApi):
    def make_operation(self, operation: Any) -> AsyncOperation:
        return _OperationDecoratedOnce.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )


def account_of(store: Store) -> Callable[[str], dict[str, Any] | None]:
    """The reseller an API key selects, as the `token_info` handlers receive (None: no such key)."""

    def reseller_of(api_key: str) -> dict[str, Any] | None:
        reseller = store.reseller_for(api_key)
        return None if reseller is None else {"sub": reseller.name, "reseller": reseller, "store": store}

    return reseller_of


def key_handler(account: Callable[[str], dict[str, Any] | None]) -> type[ApiKeySecurityHandler]:
    """Connexion's API-key handler, checking keys with `account` (no code named in the spec)."""

    class ResellerKeyHandler(ApiKeySecurityHandler):
        # connexion inspects the key function's signature on every request; it never changes.
        _accepts_kwarg = staticmethod(functools.lru_cache(maxsize=None)(ApiKeySecurityHandler._accepts_kwarg))

        def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
            return account

    return ResellerKeyHandler


class MockApp:
    """The ASGI app `make mock` serves: connexion's API inside the layers frontend teams use.

    Outside in: the /__mock/ control endpoints (no CORS); CORS; the journal; the body size limit;
    delays and failures; Prefer scenarios; the fast path for plain valid requests (unless
    responses are validated or it is turned off); the vendor's GET-with-JSON-body form; media
    types in lower case; connexion (auth, validation, handlers over the store).
    """

    def __init__(
        self, api: AsyncApp, store: Store, settings: Settings, spec: dict[str, Any], *, fast: bool
    ) -> None:
        self.api, self.store = api, store
        layered: Any = VendorGetBody(MediaTypeCase(api))
        if fast:
            layered = FastPath(
                layered, compile_operations(spec, BASE_PATH, resolve_handler), account_of(store)
            )
        operations = operations_of(spec, BASE_PATH)
        layered = Scenarios(layered, operations, lambda key: store.reseller_for(key) is not None)
        layered = Faults(layered, settings, operations)
        layered = BodyLimit(layered)
        self.journal = Journal(layered, store, settings.journal_size)
        layered = CORSMiddleware(
            self.journal,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            max_age=600,
        )
        # Outside CORS: the control endpoints answer no web page (mock_server/control.py).
        self.asgi = Control(layered, store, self.journal, settings.allow_remote_control)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.asgi(scope, receive, send)


def create_app(
    store: Store | None = None,
    *,
    settings: Settings | None = None,
    validate_responses: bool | None = None,
    spec: dict[str, Any] | None = None,
) -> MockApp:
    """Build the mock. Without settings, MOCK_VALIDATE_RESPONSES and MOCK_NO_FAST_PATH apply."""
    settings = settings or Settings(
        validate_responses=env_flag(os.environ.get("MOCK_VALIDATE_RESPONSES")),
        fast_path=not env_flag(os.environ.get("MOCK_NO_FAST_PATH")),
    )
    store = store or Store(
        settings.seed, default_key=os.environ.get("MOCK_API_KEY") or None, state_file=settings.state_file
    )
    spec = spec or load_spec()
    validating = settings.validate_responses if validate_responses is None else validate_responses
    api = AsyncApp(__name__)
    api._middleware_app.api_cls = _Api  # operations decorated once (see _OperationDecoratedOnce)
    api.add_api(
        spec,
        base_path=BASE_PATH,
        resolver=Resolver(function_resolver=resolve_handler),
        strict_validation=True,
        validate_responses=validating,
        validator_map=VALIDATOR_MAP,
        security_map={"apiKey": key_handler(account_of(store))},
    )
    for exception, handler in ERROR_HANDLERS:
        api.add_error_handler(exception, handler)
    # Validated responses go through connexion's response validation: never the fast path.
    return MockApp(api, store, settings, spec, fast=settings.fast_path and not validating)
