"""The mock's ASGI app: connexion serving the spec over one store, inside the mock's layers.

A request goes through the layers in `MockApp.layers`, outermost first, each a file of its own:

    control.py      /__mock/ endpoints: answered here, to loopback clients, never to web pages
    CORS            starlette's CORSMiddleware, for the API only
    sessions.py     X-Mock-Session: the request's own copy of the state
    journal.py      remembers the request for GET /__mock/journal
    body_limit.py   bodies over 64 KiB: refused (payload_too_large)
    faults.py       delays, forced failures and dropped connections
    prefer.py       Prefer: code=/example= answered from the spec's examples
    fast.py         plain valid requests answered from operations prepared once (optional)
    vendor_form.py  a GET's JSON body read as its query, as the vendor's curl examples send it
    media_type.py   Content-Type in lower case
    connexion       auth, validation (validation.py) and the handlers (handlers.py) over the store

What the spec decides (answers.py: statuses, bodies, field types, checked at start by
conformance.py) is built by `MockApp.serve`, again when the spec is reloaded (reload.py); the state
(the store and the sessions) is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connexion import AsyncApp
from connexion.resolver import Resolver
from starlette.middleware.cors import CORSMiddleware

from contract.bundle import read_spec
from contract.spec import BUNDLE, SPEC_ROOT, SpecIndex
from mock_server import conformance, dataset
from mock_server.answers import Answers, CannotFollow
from mock_server.body_limit import BodyLimit
from mock_server.connexion_compat import (
    check_spec,
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
from mock_server.settings import Settings, from_args
from mock_server.store import Store, clock
from mock_server.validation import VALIDATOR_MAP, error_handlers
from mock_server.vendor_form import VendorGetBody


def account_of(store: Store | Callable[[], Store]) -> Callable[[str], dict[str, Any] | None]:
    """The reseller an API key selects, as the `token_info` handlers receive (None: no such key),
    in one store or in the store of the request's session (`Sessions.current_store`)."""
    store_of = store if callable(store) else lambda: store

    def reseller_of(api_key: str) -> dict[str, Any] | None:
        store = store_of()
        reseller = store.reseller_for(api_key)
        return None if reseller is None else {"sub": reseller.name, "reseller": reseller, "store": store}

    return reseller_of


def connexion_app(
    index: SpecIndex, answers: Answers, store: Store | Callable[[], Store], settings: Settings
) -> AsyncApp:
    validate_each_spec_once()
    api = AsyncApp(__name__)
    decorate_operations_once(api)
    api.add_api(
        index.spec,
        base_path=index.base_path,
        resolver=Resolver(function_resolver=answers.resolve),
        strict_validation=True,
        validate_responses=settings.validate_responses,
        validator_map=VALIDATOR_MAP,
        security_map={"apiKey": key_security_handler(account_of(store))},
    )
    for exception, handler in error_handlers(answers):
        api.add_error_handler(exception, handler)
    return api


@dataclass(frozen=True)
class Served:
    """Everything one spec decides: its index and answers, and the layers built on them."""

    index: SpecIndex
    answers: Answers
    asgi: Any
    layers: list[str]


class MockApp:
    """What `make mock` serves. The state (the store, the sessions) lives as long as the app; what the
    spec decides is `served`, built by `serve`, again on a reload. `layers` names every layer a request
    meets, outermost first."""

    def __init__(self, index: SpecIndex, answers: Answers, store: Store, settings: Settings) -> None:
        self.store = store  # the shared state; each session has its own (self.sessions)
        self.settings = settings
        self.sessions = Sessions(store, settings)
        self.serve(index, answers)

    def serve(self, index: SpecIndex, answers: Answers) -> None:
        """Build every layer for this spec, then put them in place at once: a request under way
        finishes on the layers it began on."""
        settings, sessions = self.settings, self.sessions
        api = connexion_app(index, answers, sessions.current_store, settings)
        # Validated responses go through connexion's response validation: never the fast path.
        fast = settings.fast_path and not settings.validate_responses
        account = account_of(sessions.current_store)
        app: Any = MediaTypeCase(api)
        app = VendorGetBody(app, answers)
        if fast:
            app = FastPath(app, compile_operations(index, answers.resolve), account, index.key_header)
        app = Prefer(app, index, answers, lambda key: account(key) is not None)
        app = Faults(app, settings, index, answers)
        app = BodyLimit(app, answers)
        app = journal = Journal(app, sessions, index, answers)
        app = SessionLayer(app, sessions, answers)
        app = CORSMiddleware(
            app,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            # What a browser app must be able to read: when to retry a 503, which answer was forced.
            expose_headers=["Retry-After", "Preference-Applied"],
            max_age=600,
        )
        asgi = Control(app, sessions, journal, settings.allow_remote_control, self.fits)
        self.served = Served(index, answers, asgi, _outermost_first(asgi))

    @property
    def index(self) -> SpecIndex:
        return self.served.index

    @property
    def layers(self) -> list[str]:
        return self.served.layers

    def fits(self, data: Any) -> None:
        """A dataset to load: DatasetError when the spec served cannot hold its answers (conformance.py)."""
        try:
            conformance.check(self.served.answers, conformance.state_of("the dataset", data))
        except CannotFollow as error:
            raise dataset.DatasetError(str(error)) from None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.served.asgi(scope, receive, send)


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


def spec_of(settings: Settings) -> tuple[SpecIndex, Path]:
    """The spec the settings name (`--spec`, else the committed bundle) and the file that places in it
    are written in (the multi-file root, for sentences); BundleError says why one cannot be read."""
    if settings.spec is None or settings.spec.resolve() == BUNDLE:
        return SpecIndex.load(), SPEC_ROOT
    return SpecIndex(read_spec(settings.spec)), settings.spec


def own_state(store: Store) -> list[conformance.State]:
    """The store's state, when no named dataset stands for it already (a seed of one's own, a state file)."""
    named = {dataset.named(name).resolve() for name in dataset.names()}
    if store.state_file is None and store.dataset.resolve() in named:
        return []
    where = getattr(store.state_file, "path", None)
    label = f"--state-file {where}" if where is not None else f"--seed {store.dataset}"
    return [conformance.state_of(label, store.dump())]


def create_app(
    store: Store | None = None, *, settings: Settings | None = None, spec: dict[str, Any] | None = None
) -> MockApp:
    """Build the mock from its settings (`Settings()`: the defaults; no environment is read here);
    CannotFollow when the spec asks for what it cannot answer (conformance.py)."""
    settings = settings or Settings()
    store = store or store_for(settings)
    index, root = (SpecIndex(spec), SPEC_ROOT) if spec is not None else spec_of(settings)
    check_spec(index.spec)  # connexion's InvalidSpecification first: nothing reads a flawed spec
    return MockApp(index, conformance.follow(index, root, own_state(store)), store, settings)


def from_environment() -> MockApp:
    """The mock as `python -m mock_server` builds it from the environment alone (MOCK_SPEC, MOCK_DATASET,
    ...), for the contract suite in-process: CONTRACT_APP=mock_server.app:from_environment."""
    return create_app(settings=from_args([]))
