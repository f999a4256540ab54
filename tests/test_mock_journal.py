"""The journal (GET /__mock/journal): what the app sent, per session, filterable, never a key."""

from __future__ import annotations

from starlette.testclient import TestClient

from contract.bundle import read_spec
from contract.spec import BUNDLE, SPEC_ROOT, SpecIndex
from mock_server.answers import Answers
from mock_server.app import create_app
from mock_server.journal import BODY_CAP, OUTCOME_NAMES
from mock_server.settings import Settings
from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH

KEY = {"X-API-KEY": DEV_KEY}


def journal(client: TestClient, in_session: str | None = None, **filters: str) -> list[dict[str, object]]:
    headers = {} if in_session is None else {"X-Mock-Session": in_session}
    answer = client.get("/__mock/journal", params={"limit": "100", **filters}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["entries"]  # type: ignore[no-any-return]


def test_each_entry_has_the_query_the_body_the_operation_and_no_key() -> None:
    client = TestClient(create_app(settings=Settings()))
    client.get(BASE_PATH + "/licenses/available", params={"customer_code": 2, "lang": "IT"}, headers=KEY)
    # The key copied into the body and the query: masked there too.
    client.post(
        BASE_PATH + "/licenses/demo",
        params={"k": DEV_KEY},
        json={"customer_code": 1, "note": DEV_KEY},
        headers=KEY,
    )
    offers, demo = journal(client)
    assert offers["query"] == "customer_code=2&lang=IT" and offers["body"] is None
    assert offers["operation"] == "listAvailableLicenses" and offers["outcome"] == "ok"
    assert demo["operation"] == "assignDemoLicense" and demo["status"] == 422  # the unknown field "note"
    assert demo["body"] == '{"customer_code":1,"note":"***"}' and demo["query"] == "k=***"
    assert DEV_KEY not in client.get("/__mock/journal").text


def test_a_large_body_is_capped() -> None:
    client = TestClient(create_app(settings=Settings()))
    client.post(BASE_PATH + "/licenses/bulk", content=b"x" * (BODY_CAP * 3), headers=KEY)
    (entry,) = journal(client)
    assert entry["body"] == "x" * BODY_CAP and entry["body_truncated"] is True


def test_the_journal_filters_by_session_key_operation_and_outcome() -> None:
    client = TestClient(create_app(settings=Settings()))
    for session in ("a", "b"):
        headers = {"X-Mock-Session": session}
        client.get(BASE_PATH + "/directory/currencies", headers={**KEY, **headers})
        client.get(BASE_PATH + "/directory/currencies", headers={"X-API-KEY": "wrong", **headers})
        client.get(BASE_PATH + "/directory/currencies", headers=headers)
        client.post(BASE_PATH + "/licenses/demo", json={"customer_code": 1}, headers={**KEY, **headers})
    client.get(BASE_PATH + "/directory/currencies", headers=KEY)  # the shared state
    assert len(journal(client)) == 1  # no header: the shared state's journal, as before
    own = journal(client, "a")
    assert len(own) == 4 and {e["session"] for e in own} == {"a"}
    assert [e["api_key"] for e in own] == ["valid", "wrong", "missing", "valid"]
    assert [e["session"] for e in journal(client, session="b")] == ["b"] * 4
    assert len(journal(client, session="*")) == 9
    assert len(journal(client, "a", api_key="wrong")) == 1
    assert [e["outcome"] for e in journal(client, session="*", api_key="missing")] == ["unauthorized"] * 2
    assert [e["path"] for e in journal(client, "b", operation="assignDemoLicense")] == [
        BASE_PATH + "/licenses/demo"
    ]
    assert len(journal(client, session="*", outcome="unauthorized")) == 4
    assert journal(client, session="nobody") == []
    bad = client.get("/__mock/journal", params={"api_key": "maybe"})
    assert bad.status_code == 400
    assert client.get("/__mock/journal", params={"sesion": "a"}).status_code == 400  # a typo is not ignored


def test_a_delay_is_journaled_as_it_happened() -> None:
    client = TestClient(create_app(settings=Settings()), raise_server_exceptions=False)
    client.get(BASE_PATH + "/directory/currencies", headers={**KEY, "X-Mock-Delay": "30"})
    (entry,) = journal(client)
    assert entry["delay_ms"] == 30.0 and entry["duration_ms"] >= 30 and entry["outcome"] == "ok"


def test_a_filter_value_outside_its_closed_set_is_a_400_listing_the_set() -> None:
    client = TestClient(create_app(settings=Settings()))
    client.get(BASE_PATH + "/directory/currencies", headers=KEY)
    operations = ", ".join(op.operation_id for op in SpecIndex.load().operations)
    for name, wrong, listed in [
        ("outcome", "nope", ", ".join(OUTCOME_NAMES)),
        ("operation", "listCurrency", operations),
        ("api_key", "maybe", "valid, wrong, missing"),
    ]:
        answer = client.get("/__mock/journal", params={name: wrong})
        assert answer.status_code == 400, (name, answer.text)
        assert answer.json() == {"error": f"{name} is one of {listed}, not '{wrong}'"}
    assert len(journal(client, outcome="ok", operation="listCurrencies", api_key="valid")) == 1


def test_every_outcome_an_entry_can_have_is_one_the_filter_accepts() -> None:
    answers = Answers(SpecIndex(read_spec(BUNDLE)), SPEC_ROOT)
    statuses = [200, 401, 404, 405, 409, 413, 422, 500, 503]
    seen = {a.outcome(status) for a in answers.by_id.values() for status in statuses} | {"forced", "dropped"}
    assert seen == set(OUTCOME_NAMES)
