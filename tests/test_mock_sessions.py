"""Sessions (X-Mock-Session), named datasets and per-session clocks: parallel suites on one mock."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server import sessions as sessions_module
from mock_server.app import create_app
from mock_server.dataset import named, names
from mock_server.settings import Settings, from_args
from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH, assert_documented
from tests.live import REPO, running_mock

KEY = {"X-API-KEY": DEV_KEY}
BULK = {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "x"}
JSON = {"Content-Type": "application/json"}
ASSIGNS = [
    ("/licenses/demo", {"customer_code": 1}),
    ("/licenses/bulk", {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"}),
    ("/licenses/bulk", {"customer_code": 3, "license_code": "CL-Q-A010-M1", "license_info": "Lab"}),
    ("/licenses/demo", {"customer_code": 3}),
    ("/licenses/renew", {"customer_code": 2, "license_id": "LIC-000001"}),
    ("/licenses/cancel", {"customer_code": 2, "license_id": "LIC-000003"}),
]


def mock(**settings: Any) -> TestClient:
    return TestClient(create_app(settings=Settings(today=dt.date(2026, 1, 15), **settings)))


def in_session(session: str | None) -> dict[str, str]:
    return {**KEY, **({} if session is None else {"X-Mock-Session": session})}


def licenses(client: TestClient, session: str | None) -> set[str]:
    headers = {} if session is None else {"X-Mock-Session": session}
    state = client.get("/__mock/state", headers=headers).json()
    return {lic["license_id"] for r in state["resellers"] for lic in r["licenses"]}


def post(client: TestClient, session: str | None, path: str, body: Any) -> httpx.Response:
    response = client.post(BASE_PATH + path, json=body, headers=in_session(session))
    assert_documented("POST", BASE_PATH + path, response)
    return response


@pytest.mark.e2e
def test_two_sessions_in_parallel_get_the_same_answers_and_never_see_each_other() -> None:
    with running_mock("--today", "2026-01-15") as (base_url, _):
        answers: dict[str, list[tuple[int, bytes]]] = {}

        def worker(session: str) -> None:
            with httpx.Client(base_url=base_url, headers=in_session(session)) as http:
                answers[session] = []
                for path, body in ASSIGNS * 3:
                    response = http.post(path, json=body)
                    answers[session].append((response.status_code, response.content))

        threads = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers["worker-0"] == answers["worker-1"]
        assert [status for status, _ in answers["worker-0"]][:4] == [200, 200, 200, 200]
        assert b'"LIC-000007"' in answers["worker-0"][0][1]  # ids from each session's own sequence

        root = base_url.rsplit("/", 1)[0]
        state = {s: httpx.get(f"{root}/__mock/state", headers={"X-Mock-Session": s}).json() for s in answers}
        assert state["worker-0"] == state["worker-1"]
        shared = httpx.get(f"{root}/__mock/state").json()
        assert sum(len(r["licenses"]) for r in shared["resellers"]) == 6  # the seed's, untouched

        # A reset in one session leaves the other as it was.
        reset = httpx.post(f"{root}/__mock/reset", headers={**JSON, "X-Mock-Session": "worker-0"})
        assert reset.status_code == 200, reset.text
        after = {s: httpx.get(f"{root}/__mock/state", headers={"X-Mock-Session": s}).json() for s in answers}
        assert after["worker-1"] == state["worker-1"]
        assert after["worker-0"] == shared


def test_without_the_header_requests_meet_the_shared_state_as_before() -> None:
    client = mock()
    post(client, "a", "/licenses/demo", {"customer_code": 1})
    assert "LIC-000007" in licenses(client, "a")
    assert "LIC-000007" not in licenses(client, None)
    shared = post(client, None, "/licenses/demo", {"customer_code": 1})
    assert shared.json()["content"]["license_id"] == "LIC-000007"
    assert "LIC-000007" in licenses(client, None)
    client.post("/__mock/reset", headers=JSON)
    assert "LIC-000007" not in licenses(client, None)
    assert "LIC-000007" in licenses(client, "a")  # a shared reset leaves the sessions alone


def test_sessions_are_bounded_in_number_and_idle_time(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(sessions_module.time, "monotonic", lambda: now[0])
    client = mock(max_sessions=2, session_idle=60)
    for session in ("one", "two"):
        post(client, session, "/licenses/demo", {"customer_code": 1})
    post(client, "three", "/licenses/demo", {"customer_code": 1})  # over the limit: "one" goes
    alive = {s["session"] for s in client.get("/__mock/sessions").json()["sessions"]}
    assert alive == {None, "two", "three"}
    assert "LIC-000007" not in licenses(client, "one")  # a new session, from the seed again
    now[0] += 61  # every session idle past the limit
    listing = client.get("/__mock/sessions").json()
    assert [s["session"] for s in listing["sessions"]] == [None]
    assert (listing["max_sessions"], listing["session_idle_seconds"]) == (2, 60)


def test_a_state_in_use_is_not_idle_and_listing_is_no_use(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(sessions_module.time, "monotonic", lambda: now[0])
    client = mock()

    def idle() -> dict[str | None, float]:
        listing = client.get("/__mock/sessions", headers=in_session("a")).json()["sessions"]
        return {s["session"]: s["idle_seconds"] for s in listing}

    for session in (None, "a"):
        client.get(BASE_PATH + "/directory/currencies", headers=in_session(session))
    now[0] += 100
    assert idle() == {None: 100, "a": 100}
    client.get(BASE_PATH + "/directory/currencies", headers=KEY)  # the shared state, in use again
    client.get("/__mock/state", headers=in_session("a"))  # a control request on a session uses it too
    now[0] += 5
    assert idle() == {None: 5, "a": 5}


def test_a_session_survives_a_restart_with_a_state_file_and_a_dropped_one_leaves_it(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    first = mock(state_file=state_file, max_sessions=2)
    post(first, "kept", "/licenses/demo", {"customer_code": 1})
    first.post("/__mock/reset", json={"today": "2026-02-02"}, headers={**JSON, "X-Mock-Session": "clocked"})
    post(first, "clocked", "/licenses/demo", {"customer_code": 3})
    restarted = mock(state_file=state_file, max_sessions=2)
    assert "LIC-000007" in licenses(restarted, "kept")
    assert "LIC-000007" not in licenses(restarted, None)
    again = post(restarted, "clocked", "/licenses/demo", {"customer_code": 1})
    assert again.json()["content"]["start_date"] == "2026-02-02"  # its clock came back too
    post(restarted, "third", "/licenses/demo", {"customer_code": 1})  # "kept" is the least recent: dropped
    assert "LIC-000007" not in licenses(mock(state_file=state_file), "kept")


def test_each_session_has_its_own_clock() -> None:
    client = mock()
    reset = client.post(
        "/__mock/reset", json={"today": "2026-03-01"}, headers={**JSON, "X-Mock-Session": "b"}
    )
    assert reset.json()["today"] == "2026-03-01"
    assert (
        post(client, "a", "/licenses/demo", {"customer_code": 1}).json()["content"]["start_date"]
        == "2026-01-15"
    )
    assert (
        post(client, "b", "/licenses/demo", {"customer_code": 1}).json()["content"]["start_date"]
        == "2026-03-01"
    )
    # A later reset without "today" keeps the session's clock.
    client.post("/__mock/reset", headers={**JSON, "X-Mock-Session": "b"})
    assert (
        post(client, "b", "/licenses/demo", {"customer_code": 1}).json()["content"]["start_date"]
        == "2026-03-01"
    )


@pytest.mark.parametrize(
    ("name", "path", "body", "default", "status", "reason"),
    [
        ("no-credit", "/licenses/bulk", BULK, 200, 409, "insufficient_credit"),
        ("demo-limit", "/licenses/demo", {"customer_code": 1}, 200, 409, "demo_limit_reached"),
        ("empty-catalog", "/licenses/bulk", BULK, 200, 404, "license_code_not_found"),
        ("many-licenses", "/licenses/cancel", {"customer_code": 2, "license_id": "LIC-000052"},
         404, 200, None),
    ],
)  # fmt: skip
def test_named_datasets_show_the_screens_they_are_for(
    name: str, path: str, body: dict[str, Any], default: int, status: int, reason: str | None
) -> None:
    client = mock()
    assert post(client, "s", path, body).status_code == default  # the default dataset's answer
    chosen = client.post("/__mock/reset", json={"dataset": name}, headers={**JSON, "X-Mock-Session": "s"})
    assert chosen.status_code == 200 and chosen.json()["dataset"] == name, chosen.text
    for _ in range(2):  # and it is what a later reset goes back to
        answer = post(client, "s", path, body)
        assert answer.status_code == status, answer.text
        if reason:
            assert answer.json()["reason"] == reason
        client.post("/__mock/reset", headers={**JSON, "X-Mock-Session": "s"})
    assert post(client, "other", path, body).status_code == default  # other sessions: the default


def test_many_licenses_has_every_status_and_the_empty_catalog_no_offers() -> None:
    client = mock(seed=named("many-licenses"))
    statuses = {lic["status"] for lic in client.get("/__mock/state").json()["resellers"][0]["licenses"]}
    assert statuses == {"active", "to_be_activated", "renewed", "cancelled", "expired", "trial"}
    client.post("/__mock/load", json={"extends": "empty-catalog"}, headers=JSON)
    offers = client.get(BASE_PATH + "/licenses/available", params={"customer_code": 1}, headers=KEY)
    assert offers.status_code == 200 and offers.json()["content"] == []
    assert client.get("/__mock/datasets").json() == {"datasets": names(), "start": "many-licenses"}


def test_an_unknown_dataset_or_day_is_refused_and_nothing_changes() -> None:
    client = mock()
    post(client, "s", "/licenses/demo", {"customer_code": 1})
    before = client.get("/__mock/state", headers={"X-Mock-Session": "s"}).json()
    for body in (
        {"dataset": "nope"},
        {"today": "2026-13-01"},
        {"dataset": "no-credit", "today": "x"},
        {"wat": 1},
    ):
        answer = client.post("/__mock/reset", json=body, headers={**JSON, "X-Mock-Session": "s"})
        assert answer.status_code == 422, body
        assert answer.json()["error"].startswith("not reset, the state is unchanged: ")
    assert (
        "there is no dataset named 'nope'; the datasets are default, "
        in client.post("/__mock/reset", json={"dataset": "nope"}, headers=JSON).json()["error"]
    )
    assert client.get("/__mock/state", headers={"X-Mock-Session": "s"}).json() == before
    load = client.post("/__mock/load", json={"extends": "nope"}, headers=JSON)
    assert load.status_code == 422 and "there is no dataset named 'nope'" in load.json()["error"]


@pytest.mark.e2e
def test_the_dataset_is_chosen_at_start_by_name() -> None:
    assert from_args(["--dataset", "no-credit"]).seed == named("no-credit")
    result = subprocess.run(
        [sys.executable, "-m", "mock_server", "--dataset", "nope"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert (
        result.stderr.count("\n") == 1
        and "--dataset (or MOCK_DATASET): there is no dataset named" in result.stderr
    )
    both = subprocess.run(
        [sys.executable, "-m", "mock_server", "--dataset", "default", "--seed", "x.yaml"],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert both.returncode == 2 and "not both" in both.stderr


def test_a_bad_session_name_is_a_documented_422_a_browser_can_read() -> None:
    client = mock()
    answer = client.get(
        BASE_PATH + "/licenses/available",
        params={"customer_code": 1},
        headers={**KEY, "X-Mock-Session": "a b", "Origin": "http://localhost:3000"},
    )
    assert answer.status_code == 422
    assert_documented("GET", BASE_PATH + "/licenses/available", answer)
    assert "X-Mock-Session" in answer.json()["errors"]
    assert answer.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        BASE_PATH + "/licenses/demo",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-api-key, x-mock-session, content-type",
        },
    )
    assert preflight.status_code == 200
    assert "x-mock-session" in preflight.headers["access-control-allow-headers"].lower()


def test_a_reset_or_load_body_that_is_not_json_is_refused_in_its_own_words() -> None:
    client = mock()
    before = client.get("/__mock/state").json()
    reset = client.post("/__mock/reset", content=b"{not json", headers=JSON)
    assert reset.status_code == 422 and reset.json()["error"].startswith(
        "not reset, the state is unchanged: "
    )
    load = client.post("/__mock/load", content=b"null", headers=JSON)
    assert load.status_code == 422 and load.json()["error"].startswith(
        "dataset not loaded, the state is unchanged"
    )
    assert client.get("/__mock/state").json() == before
