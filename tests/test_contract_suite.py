"""The contract suite itself: it catches broken servers, and against a live one it is safe by default."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from contract.render import checks_section
from contract.spec import SpecIndex
from contract_tests.results import Results, rows
from contract_tests.target import Target, TargetError, UnsafeRequest
from contract_tests.transport import GuardedSession
from tests.documented import bundle
from tests.live import CONTRACT_VARIABLES, REPO, running_mock

SECRET = "contract-secret-7f3a9c"


def run_suite(tmp_path: Path, *selection: str, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the contract suite in a subprocess; return it and its Markdown summary."""
    reports = tmp_path / "reports"
    environment = {**os.environ, "HYPOTHESIS_PROFILE": "teeth", "REPORTS_DIR": str(reports), **env}
    for name in CONTRACT_VARIABLES:
        if name not in env:
            environment.pop(name, None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *(selection or ("contract_tests",)),
            "-q",
            "-p",
            "no:cacheprovider",
            # Outside REPORTS_DIR, as a CI job may put it: it must be scrubbed all the same.
            f"--junitxml={tmp_path / 'ci' / 'contract-junit.xml'}",
        ],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary_path = reports / "contract-summary.md"
    return result, summary_path.read_text(encoding="utf-8") if summary_path.exists() else ""


@pytest.mark.parametrize(
    ("variant", "check"),
    [
        ("number_as_string", "response_schema_conformance"),
        ("required_field_dropped", "response_schema_conformance"),
        ("auth_ignored", "ignored_auth"),
        ("server_error_on_bad_input", "not_a_server_error"),
        ("undocumented_status", "status_code_conformance"),
        ("wrong_content_type", "content_type_conformance"),
        ("invalid_input_accepted", "negative_data_rejection"),
    ],
)
@pytest.mark.e2e
def test_the_suite_catches_a_broken_mock(tmp_path: Path, variant: str, check: str) -> None:
    result, report = run_suite(
        tmp_path,
        "contract_tests/test_contract.py",
        "-k",
        "test_operation",
        CONTRACT_APP=f"tests.broken_mocks:{variant}",
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert f"`{check}` failed" in report, report


@pytest.mark.e2e
def test_the_suite_catches_a_business_refusal_turned_into_success(tmp_path: Path) -> None:
    result, report = run_suite(
        tmp_path,
        "contract_tests/test_invariants.py",
        CONTRACT_APP="tests.broken_mocks:refusal_turned_success",
    )
    assert result.returncode == 1
    assert "a customer got a third demo" in report, report


def everything_printed(result: subprocess.CompletedProcess[str], tmp_path: Path) -> list[str]:
    """The run's output, its JUnit file and every report (kept runs and the history's SQLite file too)."""
    reports = [
        p.read_bytes().decode("utf-8", "replace") for p in (tmp_path / "reports").rglob("*") if p.is_file()
    ]
    return [result.stdout, result.stderr, (tmp_path / "ci" / "contract-junit.xml").read_text(), *reports]


def recorded(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


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
            tmp_path, "contract_tests", "-p", "tests.key_in_generated_data", BASE_URL=url, API_KEY=SECRET
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


REAL = "https://api.fsflt.net/customerarea"


def target(**env: str) -> Target:
    return Target.from_env({"BASE_URL": REAL, "API_KEY": SECRET, **env})


def test_against_the_real_api_the_default_is_read_only_and_rate_limited() -> None:
    real = target()
    assert (real.allow_writes, real.allow_paid, real.pacer.interval) == (False, False, 0.5)
    assert real.key_headers("GET", REAL + "/licenses/available") == {"X-API-KEY": SECRET}
    for path in ("/licenses/demo", "/licenses/bulk", "/licenses/renew", "/licenses/cancel"):
        assert real.key_headers("POST", REAL + path) == {}
    assert target(RATE_LIMIT="5").pacer.interval == 0.2


def test_the_empty_variables_make_exports_are_as_good_as_unset() -> None:
    empty = target(CUSTOMER_CODE="", ALLOW_WRITES="", MAX_PAID="", MAX_REQUESTS="", RATE_LIMIT="")
    assert (empty.customer_code, empty.allow_writes, empty.max_requests) == (None, False, 600)
    with pytest.raises(TargetError, match="CUSTOMER_CODE is a customer's number, not 'x'"):
        target(CUSTOMER_CODE="x")


def test_writes_need_a_sandbox_customer_and_paid_requests_are_capped() -> None:
    with pytest.raises(TargetError, match="CUSTOMER_CODE"):
        target(ALLOW_WRITES="1")
    writes = target(ALLOW_WRITES="1", CUSTOMER_CODE="42")
    assert writes.key_headers("POST", REAL + "/licenses/demo") and not writes.key_headers(
        "POST", REAL + "/licenses/bulk"
    )
    paid = target(ALLOW_WRITES="1", CUSTOMER_CODE="42", ALLOW_PAID="1")
    paid.check_outgoing("POST", REAL + "/licenses/bulk", {"X-API-KEY": SECRET})
    assert not paid.key_headers("POST", REAL + "/licenses/renew")
    with pytest.raises(UnsafeRequest, match="MAX_PAID=1"):
        paid.check_outgoing("POST", REAL + "/licenses/renew", {"X-API-KEY": SECRET})


def test_the_transport_refuses_a_keyed_write_on_a_read_only_run() -> None:
    session = GuardedSession(target(RATE_LIMIT="1000"))
    with pytest.raises(UnsafeRequest, match="ALLOW_WRITES"):
        session.post(
            "https://api.fsflt.net/customerarea/licenses/bulk", json={}, headers={"X-API-KEY": SECRET}
        )


def test_the_summary_says_which_inferred_path_failed_on_the_real_server() -> None:
    results = Results()
    results.record(
        "POST /licenses/renew", 404, [("status_code_conformance", "Undocumented HTTP status code")]
    )
    results.record("GET /licenses/available", 200, [("response_schema_conformance", None)])
    text = "\n".join(checks_section(rows(results, SpecIndex(bundle()), target().where)))
    assert "inferred path /licenses/renew (POST) answered 404 on the real server (api.fsflt.net)" in text
    assert "| `GET /licenses/available` | documented | 1 | 1 | 0 | 200×1 |" in text
    assert SECRET not in text
