"""A fixed clock (--today, MOCK_TODAY): every date the mock computes comes from it, so runs on different days
answer byte for byte the same."""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.testclient import TestClient

from mock_server import app as mock_app
from mock_server import store as mock_store
from mock_server.settings import Settings, from_args
from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH

KEY = {"X-API-KEY": DEV_KEY}
SEQUENCE = [
    ("/licenses/demo", {"customer_code": 1}),
    ("/licenses/bulk", {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"}),
    ("/licenses/renew", {"customer_code": 2, "license_id": "LIC-000002"}),  # expired: renewed from today
]


def answers_on(real_day: dt.date, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    monkeypatch.setattr(mock_store, "real_today", lambda: real_day)
    client = TestClient(mock_app.create_app(settings=settings))
    return [client.post(BASE_PATH + path, json=body, headers=KEY).content for path, body in SEQUENCE]


def test_with_a_fixed_clock_two_runs_a_day_apart_answer_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fixed = Settings(today=dt.date(2026, 1, 15))
    monday, tuesday = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    assert answers_on(monday, fixed, monkeypatch) == answers_on(tuesday, fixed, monkeypatch)
    assert b'"start_date": "2026-01-15"' in answers_on(monday, fixed, monkeypatch)[0]
    # Without it, the real day shows: the test can tell.
    assert answers_on(monday, Settings(), monkeypatch) != answers_on(tuesday, Settings(), monkeypatch)


def test_the_clock_comes_from_the_command_line_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert from_args(["--today", "2026-01-15"]).today == dt.date(2026, 1, 15)
    monkeypatch.setenv("MOCK_TODAY", "2026-02-01")
    assert from_args([]).today == dt.date(2026, 2, 1)
    with pytest.raises(SystemExit):
        from_args(["--today", "2026-13-01"])
