"""The mock's ASGI app: connexion serving the bundled spec over one store, inside the mock's layers.

A request goes through the layers in `MockApp.layers`, outermost first, each a file of its own:

    control.py      /__mock/ endpoints: answered here, to loopback clients, never to web pages
    CORS            starlette's CORSMiddleware, for the API only
    sessions.py     X-Mock-Session: the request's own copy of the state
    journal.py      remembers the request for GET /__mock/journal
    body_limit.py   bodies over 64 KiB: 413
    faults.py       delays, forced 503s and dropped connections
    prefer.py       Prefer: code=/example= answered from the spec's examples
    fast.py         plain valid requests answered from operations prepared once (optional)
    vendor_form.py  a GET's JSON body read as its query, as the vendor's curl examples send it
    media_type.py   Content-Type in lower case
    connexion       auth, validation (validation.py) and the handlers (handlers.py) over the store
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion import AsyncApp
from connexion.resolver import Resolver
from starlette.middleware.cors import CORSMiddleware

from contract.spec import SpecIndex, snake_case
from mock_server import handlers
from mock_server.body_limit import BodyLimit
from mock_server.connexion_compat import (
    decorate_operations_once,
    key_security_handler,
    validate_each_spec_once,
)
from mock_server.control import Control
from mock_server.fast import FastPath, compile_operations
from mock_server.faults import Faults
from mock_server.journal import Journal
from mock_server.media_type import MediaTypeCase
from mock_server.prefer import Prefer
from mock_server.sessions import SessionLayer, Sessions
from mock_server.settings import Settings
from mock_server.store import Store, clock
from mock_server.validation import ERROR_HANDLERS, VALIDATOR_MAP
from mock_server.vendor_form import VendorGetBody


def resolve_handler(operation_id: str) -> Any:
    return getattr(handlers, snake_case(operation_id))


def account_of(store: Store | Callable[[], Store]) -> Callable[[str], dict[str, Any] | None]:
    """The reseller an API key selects, as the `token_info` handlers receive (None: no such key),
    in one store or in the store of the request's session (`Sessions.current_store`)."""
    store_of = store if callable(store) else lambda: store

    def reseller_of(api_key: str) -> dict[str, Any] | None:
        store = store_of()
        reseller = store.reseller_for(api_key)
        return None if reseller is None else {"sub": reseller.name, "reseller": reseller, "store": store}

    return reseller_of


def connexion_app(index: SpecIndex, store: Store | Callable[[], Store], settings: Settings) -> AsyncApp:
    validate_each_spec_once()
    api = AsyncApp(__name__)
    decorate_operations_once(api)
    api.add_api(
        index.spec,
        base_path=index.base_path,
        resolver=Resolver(function_resolver=resolve_handler),
        strict_validation=True,
        validate_responses=settings.validate_responses,
        validator_map=VALIDATOR_MAP,
        security_map={"apiKey": key_security_handler(account_of(store))},
    )
    for exception, handler in ERROR_HANDLERS:
        api.add_error_handler(exception, handler)
    return api


class MockApp:
    """What `make mock` serves; `layers` names every layer a request meets, outermost first."""

    def __init__(self, index: SpecIndex, store: Store, settings: Settings) -> None:
        self.index = index
        self.store = store  # the shared state; each session has its own (self.sessions)
        self.sessions = Sessions(store, settings)
        self.api = connexion_app(index, self.sessions.current_store, settings)
        # Validated responses go through connexion's response validation: never the fast path.
        fast = settings.fast_path and not settings.validate_responses
        account = account_of(self.sessions.current_store)
        app: Any = MediaTypeCase(self.api)
        app = VendorGetBody(app)
        app = (
            FastPath(app, compile_operations(index, resolve_handler), account, index.key_header)
            if fast
            else app
        )
        app = Prefer(app, index, lambda key: account(key) is not None)
        app = Faults(app, settings, index)
        app = BodyLimit(app)
        app = self.journal = Journal(app, self.sessions, index)
        app = SessionLayer(app, self.sessions)
        app = CORSMiddleware(
            app,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            # What a browser app must be able to read: when to retry a 503, which answer was forced.
            expose_headers=["Retry-After", "Preference-Applied"],
            max_age=600,
        )
        self.asgi = Control(app, self.sessions, self.journal, settings.allow_remote_control)
        self.layers = _outermost_first(self.asgi)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.asgi(scope, receive, send)


def _outermost_first(app: Any) -> list[str]:
    names = []
    while not isinstance(app, AsyncApp):
        names.append(type(app).__name__)
        app = app.app
    return [*names, "connexion"]


def store_for(settings: Settings) -> Store:
    """The store the settings describe: the seed, the default key, the state file, the clock."""
    return Store(
        settings.seed,
        default_key=settings.api_key,
        today=clock(settings.today),
        state_file=settings.state_file,
    )


def create_app(
    store: Store | None = None, *, settings: Settings | None = None, spec: dict[str, Any] | None = None
) -> MockApp:
    """Build the mock from its settings (`Settings()`: the defaults; no environment is read here)."""
    settings = settings or Settings()
    store = store or store_for(settings)
    return MockApp(SpecIndex(spec) if spec is not None else SpecIndex.load(), store, settings)
