"""The mock reloads its spec when the spec's folder changes, the state kept, as Prism does; a spec that does
not bundle or that the mock cannot follow keeps the previous one serving, with one sentence said."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.reload import Reloader
from mock_server.settings import Settings
from mock_server.store import Store
from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH
from tests.live import running_mock
from tests.spec_edits import change_yaml, copy_of_the_spec, validation_under_500

JSON = {"X-API-KEY": DEV_KEY, "Content-Type": "application/json"}


def settled_look(reloader: Reloader) -> bool:
    """Two looks: the first sees the change, the second sees it settled and reloads."""
    return reloader.look() or reloader.look()


@pytest.mark.slow  # in-process, but prance bundles the copy three times
def test_a_change_is_served_with_the_state_kept_and_a_broken_one_is_not(tmp_path: Path) -> None:
    root = copy_of_the_spec(tmp_path)
    app = create_app(Store(), settings=Settings(spec=root))
    client = TestClient(app)
    assigned = client.post(BASE_PATH + "/licenses/demo", headers=JSON, json={"customer_code": 1}).json()[
        "content"
    ]
    said: list[str] = []
    reloader = Reloader(app, root, said.append)
    assert not reloader.look(), "nothing changed yet"

    validation_under_500(root)
    assert settled_look(reloader), said
    assert client.post(BASE_PATH + "/licenses/demo", headers=JSON, json={}).status_code == 500
    cancelled = client.post(
        BASE_PATH + "/licenses/cancel",
        headers=JSON,
        json={"customer_code": 1, "license_id": assigned["license_id"]},
    )
    assert cancelled.status_code == 200, "the license assigned before the reload is gone"
    assert "now serving it" in said[-1] and len(said[-1].splitlines()) == 1

    (root.parent / "paths" / "licenses_demo.yaml").write_text("post: [\n", encoding="utf-8")
    assert not settled_look(reloader)
    assert "is not served, the previous spec still is" in said[-1] and len(said[-1].splitlines()) == 1
    assert client.post(BASE_PATH + "/licenses/demo", headers=JSON, json={}).status_code == 500


@pytest.mark.slow
def test_an_edit_the_mock_cannot_follow_keeps_the_previous_spec_serving(tmp_path: Path) -> None:
    root = copy_of_the_spec(tmp_path)
    app = create_app(Store(), settings=Settings(spec=root))
    said: list[str] = []
    reloader = Reloader(app, root, said.append)

    def integer_rate(schema: dict[str, object]) -> dict[str, object]:
        schema["properties"]["exchange_rate"] = {"type": "integer"}  # type: ignore[index]
        return schema

    change_yaml(root.parent / "components" / "schemas" / "Currency.yaml", integer_rate)
    assert not settled_look(reloader)
    assert "currencies[1] (USD)" in said[-1] and "exchange_rate" in said[-1], said
    rates = TestClient(app).get(BASE_PATH + "/directory/currencies", headers=JSON).json()["content"]
    assert rates[1]["exchange_rate"] == 1.08


@pytest.mark.e2e
def test_a_running_mock_serves_an_edit_of_its_spec(tmp_path: Path) -> None:
    root = copy_of_the_spec(tmp_path)
    with running_mock("--spec", str(root), env={"MOCK_NO_RELOAD": ""}) as (url, _):
        assert httpx.post(url + "/licenses/demo", headers=JSON, json={}).status_code == 422
        validation_under_500(root)
        deadline = time.monotonic() + 90
        while httpx.post(url + "/licenses/demo", headers=JSON, json={}).status_code != 500:
            assert time.monotonic() < deadline, "the edit was not served"
            time.sleep(0.2)
