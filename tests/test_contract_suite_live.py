"""The contract suite against a live server of ours (a recording mock): safe by default, writes only for
the sandbox customer, paid requests within their budget behind a gateway, the guard's refusals one sentence,
failures named by their check, and the key shown nowhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.live import SUITE_SECRET as SECRET
from tests.live import everything_printed, recorded, run_suite, running_mock


@pytest.mark.e2e
def test_a_default_live_run_sends_no_keyed_write_and_never_shows_the_key(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    with running_mock("--log", str(log), module="tests.recording_server", env={"MOCK_API_KEY": SECRET}) as (
        url,
        _,
    ):
        result, report = run_suite(tmp_path, BASE_URL=url, API_KEY=SECRET)
    assert result.returncode == 0, result.stdout[-3000:]
    requests = recorded(log)
    writes = [r for r in requests if r["method"] != "GET"]
    assert writes and all(
        r["method"] in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY") for r in writes
    )
    assert not [r for r in writes if r["keyed"]], "a keyed write reached the server"
    assert any(r["keyed"] for r in requests if r["method"] == "GET"), "the reads did not use the key"
    assert "read-only run" in result.stdout + report
    assert not [text for text in everything_printed(result, tmp_path) if SECRET in text]


@pytest.mark.e2e
def test_a_live_run_with_writes_touches_only_the_sandbox_customer(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    with running_mock("--log", str(log), module="tests.recording_server", env={"MOCK_API_KEY": SECRET}) as (
        url,
        _,
    ):
        result, report = run_suite(
            tmp_path,
            BASE_URL=url,
            API_KEY=SECRET,
            ALLOW_WRITES="1",
            CUSTOMER_CODE="3",
            ALLOW_PAID="1",
            MAX_PAID="2",
        )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "skipped" not in result.stdout.splitlines()[-1], "the state machine did not run"
    keyed_writes = [r for r in recorded(log) if r["keyed"] and r["method"] == "POST"]
    # Keyed bodies that name a customer name the sandbox one (the rest are invalid bodies, refused).
    assert keyed_writes and {r["customer_code"] for r in keyed_writes} - {None} == {3}
    paid = [
        r
        for r in keyed_writes
        if r["path"] in ("/customerarea/licenses/bulk", "/customerarea/licenses/renew")
    ]
    assert 1 <= len(paid) <= 2


@pytest.mark.e2e
def test_a_request_the_guard_refuses_is_one_sentence_and_the_run_goes_on(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    with running_mock("--log", str(log), module="tests.recording_server", env={"MOCK_API_KEY": SECRET}) as (
        url,
        _,
    ):
        result, report = run_suite(
            tmp_path,
            "contract_tests/test_contract.py",
            "-k",
            "test_operation",
            "-p",
            "tests.key_in_generated_data",
            BASE_URL=url,
            API_KEY=SECRET,
        )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "## Refused by the safety guard" in report
    (sentence,) = [line for line in report.splitlines() if "the guard refused" in line]
    assert "the key was in the URL, where the kit puts none" in sentence and "Traceback" not in result.stdout
    assert not [r for r in recorded(log) if r["key_in_query"]]  # none of the refused ones left
    assert [r for r in recorded(log) if r["path"] == "/customerarea/directory/currencies" and r["keyed"]]
    assert not [text for text in everything_printed(result, tmp_path) if SECRET in text]


PAID_ENDINGS = ("/licenses/bulk", "/licenses/renew")


@pytest.mark.e2e
@pytest.mark.parametrize(("paid_env", "most"), [({}, 0), ({"ALLOW_PAID": "1", "MAX_PAID": "1"}, 1)])
def test_behind_a_gateway_prefix_paid_requests_stay_within_the_budget(
    tmp_path: Path, paid_env: dict[str, str], most: int
) -> None:
    log = tmp_path / "requests.jsonl"
    with running_mock(
        "--log", str(log), "--prefix", "/gw", module="tests.recording_server", env={"MOCK_API_KEY": SECRET}
    ) as (url, _):
        gateway = url.replace("/customerarea", "/gw/customerarea")
        result, _ = run_suite(
            tmp_path, BASE_URL=gateway, API_KEY=SECRET, ALLOW_WRITES="1", CUSTOMER_CODE="3", **paid_env
        )
    requests = recorded(log)
    keyed = [r for r in requests if r["keyed"]]
    assert [r for r in keyed if r["method"] == "POST" and r["path"] == "/gw/customerarea/licenses/demo"], (
        "the free writes did not go through the gateway: the run tested nothing",
        result.stdout[-3000:],
    )
    paid = [r for r in keyed if str(r["path"]).rstrip("/").endswith(PAID_ENDINGS)]
    assert len(paid) <= most, paid
    # Everything the suite sent went through the gateway (the one other request is the probe
    # running_mock makes while the server starts).
    assert {r["path"] for r in requests if not str(r["path"]).startswith("/gw/")} <= {
        "/customerarea/openapi.json"
    }


@pytest.mark.parametrize(
    ("variant", "check"),
    [("wrong_content_type", "content_type_conformance"), ("key_echoed", "response_schema_conformance")],
)
@pytest.mark.e2e
def test_failures_against_a_live_server_name_the_check_and_hide_the_key(
    tmp_path: Path, variant: str, check: str
) -> None:
    log = tmp_path / "requests.jsonl"
    with running_mock(
        "--log",
        str(log),
        "--variant",
        variant,
        module="tests.recording_server",
        env={"MOCK_API_KEY": SECRET},
    ) as (url, _):
        result, report = run_suite(
            tmp_path, "contract_tests/test_contract.py", "-k", "test_operation", BASE_URL=url, API_KEY=SECRET
        )
    assert result.returncode == 1
    assert f"`{check}` failed" in report and "on the local server" in report
    assert not [text for text in everything_printed(result, tmp_path) if SECRET in text]
    assert "<testsuite" in (tmp_path / "ci" / "contract-junit.xml").read_text()
