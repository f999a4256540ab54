"""A refused or failed write changes nothing: not the memory, not the state file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.persistence import StateFile
from mock_server.settings import Settings
from mock_server.store import Store
from tests.conftest import DEV_KEY, SECOND_KEY, TODAY
from tests.documented import BASE_PATH

JSON = {"Content-Type": "application/json"}
WRITES = {
    "/licenses/demo": {"customer_code": 1},
    "/licenses/bulk": {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"},
    "/licenses/renew": {"customer_code": 2, "license_id": "LIC-000001"},
    "/licenses/cancel": {"customer_code": 2, "license_id": "LIC-000003"},
}


def mock(tmp_path: Path | None = None, *, fast: bool = True) -> tuple[TestClient, Store]:
    store = Store(today=lambda: TODAY, state_file=None if tmp_path is None else tmp_path / "state.sqlite")
    app = create_app(store, settings=Settings(fast_path=fast))
    return TestClient(app, raise_server_exceptions=False), store


def state(client: TestClient) -> bytes:
    return client.get("/__mock/state").content


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "connexion"])
@pytest.mark.parametrize("path", list(WRITES))
def test_a_write_that_fails_halfway_leaves_memory_and_state_file_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, fast: bool
) -> None:
    client, store = mock(tmp_path, fast=fast)
    before = state(client)

    def fail_after_the_changes(*args: Any, **kwargs: Any) -> Any:
        raise Boom("an unexpected failure after the license, the credit and the ids were changed")

    # The answer is built last, after every change of the write: failing there undoes them all.
    monkeypatch.setattr(Store, "_answer", fail_after_the_changes)
    response = client.post(BASE_PATH + path, json=WRITES[path], headers={"X-API-KEY": DEV_KEY})
    assert response.status_code == 500 and response.json()["code"] == 500
    monkeypatch.undo()
    assert state(client) == before
    assert StateFile(tmp_path / "state.sqlite").load() == json.loads(before)
    # ... and the next write works from the state as it was: the id sequence was not used up.
    demo = client.post(
        BASE_PATH + "/licenses/demo", json={"customer_code": 3}, headers={"X-API-KEY": DEV_KEY}
    )
    assert demo.json()["content"]["license_id"] == "LIC-000007"


def test_a_state_file_that_cannot_be_written_undoes_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = mock(tmp_path)
    before = state(client)

    def disk_full(self: StateFile, data: Any) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(StateFile, "save", disk_full)
    response = client.post(
        BASE_PATH + "/licenses/bulk", json=WRITES["/licenses/bulk"], headers={"X-API-KEY": DEV_KEY}
    )
    assert response.status_code == 500
    monkeypatch.undo()
    assert state(client) == before == json.dumps(StateFile(tmp_path / "state.sqlite").load()).encode()


KEYS = st.sampled_from([DEV_KEY, DEV_KEY, DEV_KEY, SECOND_KEY, "wrong-key"])
CUSTOMERS = st.sampled_from([1, 2, 3, 100, 99, 0, "x"])
LICENSE_IDS = st.sampled_from([f"LIC-{n:06d}" for n in range(1, 10)] + ["nope", ""])
CODES = st.sampled_from(["CL-Q-A005-M1", "CL-P-A050-M12", "CL-Q-A025-M12", "CL-NONE", ""])
CURRENCIES = st.sampled_from(["EUR", "USD", "XYZ"])
REQUESTS = st.one_of(
    st.tuples(st.just("/licenses/demo"), st.fixed_dictionaries({"customer_code": CUSTOMERS}), KEYS),
    st.tuples(
        st.just("/licenses/bulk"),
        st.fixed_dictionaries(
            {"customer_code": CUSTOMERS, "license_code": CODES, "license_info": st.just("x")},
            optional={"currency_code": CURRENCIES},
        ),
        KEYS,
    ),
    st.tuples(
        st.sampled_from(["/licenses/renew", "/licenses/cancel"]),
        st.fixed_dictionaries({"customer_code": CUSTOMERS, "license_id": LICENSE_IDS}),
        KEYS,
    ),
    st.tuples(st.sampled_from(list(WRITES)), st.sampled_from([None, [], "text", {"extra": 1}]), KEYS),
    st.tuples(
        st.just("/__mock/load"), st.sampled_from(["dangling currency", "no catalog", "not json"]), KEYS
    ),
)


def bad_dataset(kind: str, exported: dict[str, Any]) -> bytes:
    if kind == "not json":
        return b"catalog: []"
    if kind == "no catalog":
        return json.dumps({k: v for k, v in exported.items() if k != "catalog"}).encode()
    reseller = exported["resellers"][0]
    licenses = [{**lic, "currency": "XYZ"} for lic in reseller["licenses"]]
    return json.dumps({**exported, "resellers": [{**reseller, "licenses": licenses}]}).encode()


def drive(
    client: TestClient, store: Store, sequence: list[tuple[str, Any, str]], state_file: Path | None
) -> None:
    refused = 0
    for path, body, key in sequence:
        before = state(client)
        if path == "/__mock/load":
            response = client.post(path, content=bad_dataset(body, json.loads(before)), headers=JSON)
        else:
            response = client.post(BASE_PATH + path, json=body, headers={"X-API-KEY": key})
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            refused += 1
            assert state(client) == before, (
                f"{path} {body} was refused with {response.status_code} but changed the state"
            )
        if state_file is not None:
            assert StateFile(state_file).load() == json.loads(state(client)), "memory and state file disagree"


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(sequence=st.lists(REQUESTS, min_size=1, max_size=12), with_file=st.booleans(), fast=st.booleans())
def test_every_refused_request_leaves_the_state_byte_identical(
    tmp_path_factory: pytest.TempPathFactory,
    sequence: list[tuple[str, Any, str]],
    with_file: bool,
    fast: bool,
) -> None:
    folder = tmp_path_factory.mktemp("state") if with_file else None
    client, store = mock(folder, fast=fast)
    drive(client, store, sequence, None if folder is None else folder / "state.sqlite")
