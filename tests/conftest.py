"""Shared fixtures: the mock in-process through connexion and through the fast path, and the dev key;
and the guard that keeps `make unit` honest: a test not marked e2e may start no process and no server."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.dataset import DEFAULT_DATASET, dev_key
from mock_server.settings import Settings
from mock_server.store import Store
from tests.documented import BASE_PATH, assert_documented

DEV_KEY = dev_key()
SECOND_KEY = "mock-second-key"
TODAY = dt.date(2026, 11, 28)


class Api:
    """Calls the mock in-process and checks that every answer is one the spec documents."""

    def __init__(self, client: TestClient, store: Store, key: str | None = DEV_KEY) -> None:
        self.client, self.store, self.key = client, store, key

    def headers(self, key: str | None) -> dict[str, str]:
        return {} if key is None else {"X-API-KEY": key}

    # `key=...` (the default) sends this Api's key; None sends no key at all.
    def get(self, path: str, key: Any = ..., **params: Any) -> httpx.Response:
        key = self.key if key is ... else key
        response = self.client.get(BASE_PATH + path, params=params, headers=self.headers(key))
        assert_documented("GET", BASE_PATH + path, response)
        return response

    def post(self, path: str, body: Any = None, key: Any = ..., **kwargs: Any) -> httpx.Response:
        key = self.key if key is ... else key
        headers = {**self.headers(key), **kwargs.pop("headers", {})}
        if "content" not in kwargs:
            kwargs["json"] = body
        response = self.client.post(BASE_PATH + path, headers=headers, **kwargs)
        assert_documented("POST", BASE_PATH + path, response)
        return response


def client(settings: Settings | None = None, **kwargs: Any) -> TestClient:
    """The mock in-process, from the seed, with these settings (the defaults when none)."""
    return TestClient(create_app(Store(), settings=settings or Settings()), **kwargs)


def load_dataset(path: Path = DEFAULT_DATASET) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(params=["connexion", "fast path"])
def make_api(request: pytest.FixtureRequest) -> Iterator[Callable[..., Api]]:
    """Each test runs twice: through connexion's stack with response validation on, and as
    `make mock` serves, where the fast path answers plain valid requests (mock_server/fast.py)."""

    def make(dataset: dict[str, Any] | None = None, key: str | None = DEV_KEY, today: dt.date = TODAY) -> Api:
        store = Store(today=lambda: today)
        if dataset is not None:
            store.seed(dataset)
        app = create_app(store, settings=Settings(validate_responses=request.param == "connexion"))
        return Api(TestClient(app, raise_server_exceptions=False), store, key)

    yield make


@pytest.fixture
def api(make_api: Callable[..., Api]) -> Api:
    return make_api()


class NotMarkedE2E(RuntimeError):
    """A test that starts a process or a server must say so (@pytest.mark.e2e); make unit runs the rest."""


def _refuse(what: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NotMarkedE2E(f"this test {what}: mark it @pytest.mark.e2e (make unit runs only the others)")

    return refuse


def pytest_configure(config: pytest.Config) -> None:
    # The mocks the tests start serve the committed bundle and watch nothing: bundling openapi/ at each
    # start costs seconds. The tests of the reload say otherwise in their own environment.
    os.environ.setdefault("MOCK_NO_RELOAD", "1")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
    if item.get_closest_marker("e2e") is not None:
        return (yield)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", _refuse("starts a subprocess"))
        patch.setattr(socket.socket, "listen", _refuse("starts a server (listens on a socket)"))
        return (yield)
