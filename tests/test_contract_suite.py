"""The contract suite itself: it catches broken servers, and its target is read-only and rate limited against
the real API by default (its runs against a live server of ours: test_contract_suite_live.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.render import checks_section
from contract.spec import SpecIndex
from contract_tests.results import Results, rows
from contract_tests.target import Target, TargetError, UnsafeRequest
from contract_tests.transport import GuardedSession
from tests.documented import bundle
from tests.live import SUITE_SECRET as SECRET
from tests.live import run_suite


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
