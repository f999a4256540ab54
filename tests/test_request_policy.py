"""The paid-request guard: every path variant of a paid operation is paid, wherever the API is mounted."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import requests
from requests.adapters import BaseAdapter

from contract_tests.policy import Kind, RequestPolicy, readings
from contract_tests.target import Target, UnsafeRequest
from contract_tests.transport import GuardedSession, GuardedTransport

SECRET = "policy-secret-51c2"
GATEWAY = "https://staging.example/gw/customerarea"

# (how it is written, relative to BASE_URL) -> each must still be recognised as bulk or renew
PAID_VARIANTS = [
    "/licenses/bulk",
    "/licenses/bulk/",
    "//licenses//bulk",
    "/licenses/%62ulk",
    "/licenses/%2562ulk",  # encoded twice: a gateway that decodes, then the server again
    "/licenses/demo/../bulk",
    "/licenses/./renew",
    "/licenses/demo%2F..%2Frenew",
    "/LICENSES/Bulk",
    "/licenses/bulk;jsessionid=1",
    "/licenses/renew?customer_code=1",
]


def policy(base_url: str = GATEWAY) -> RequestPolicy:
    return RequestPolicy(base_url)


@pytest.mark.parametrize("variant", PAID_VARIANTS)
@pytest.mark.parametrize("base_url", [GATEWAY, "https://api.fsflt.net/customerarea", "http://127.0.0.1:9/"])
def test_every_way_of_writing_a_paid_path_is_paid(base_url: str, variant: str) -> None:
    url = base_url.rstrip("/") + variant
    assert policy(base_url).classify("POST", url).kind is Kind.PAID, url


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE"])
def test_a_paid_path_is_paid_whatever_the_method(method: str) -> None:
    assert policy().classify(method, GATEWAY + "/licenses/bulk").kind is Kind.PAID


@pytest.mark.parametrize(
    "url",
    [
        GATEWAY + "/licenses/unknown",
        GATEWAY + "/licenses",
        GATEWAY,
        GATEWAY + "/../../customerarea/licenses/demo",  # outside the base path once resolved
        GATEWAY + "/licenses/%64emo",  # read undecoded, it is no operation: fail closed
        "https://staging.example/customerarea/licenses/demo",  # the API without the gateway's prefix
    ],
)
def test_a_keyed_write_that_matches_no_free_operation_is_paid(url: str) -> None:
    assert policy().classify("POST", url).kind is Kind.PAID


def test_reads_and_free_writes_are_recognised_through_the_same_readings() -> None:
    p = policy()
    assert p.classify("GET", GATEWAY + "/licenses/available/?customer_code=1").kind is Kind.READ
    assert p.classify("HEAD", GATEWAY + "//directory/currencies").kind is Kind.READ
    assert p.classify("POST", GATEWAY + "/../customerarea/licenses/demo").kind is Kind.WRITE
    assert p.classify("POST", GATEWAY + "/licenses/cancel/").kind is Kind.WRITE
    # A GET to a path whose operation is a POST is not a read: a lax backend may route it there.
    assert p.classify("GET", GATEWAY + "/licenses/demo").kind is Kind.WRITE
    assert p.classify("POST", GATEWAY + "/licenses/available").kind is Kind.WRITE


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/gw/customerarea/licenses/available",
        "http://staging.example/gw/customerarea/licenses/available",  # another scheme
        "https://staging.example:8443/gw/customerarea/licenses/available",  # another port
    ],
)
def test_another_origin_is_foreign(url: str) -> None:
    assert policy().classify("GET", url).kind is Kind.FOREIGN


def test_readings_decode_collapse_and_resolve() -> None:
    assert {"/licenses/bulk", "/licenses/demo/bulk"} <= readings("/licenses/demo/%2E%2E/bulk") | {
        "/licenses/demo/bulk"
    }
    assert "/licenses/bulk" in readings("/licenses/demo/%2E%2E/bulk")
    assert "/licenses/bulk" in readings("///licenses/bulk///")


def target(**env: str) -> Target:
    return Target.from_env({"BASE_URL": GATEWAY, "API_KEY": SECRET, "RATE_LIMIT": "1000", **env})


class Answered(BaseAdapter):
    """A requests adapter that answers 200 without any network, and counts what reached it."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(f"{request.method} {request.url}")
        response = requests.Response()
        response.status_code, response.request, response._content = 200, request, b"{}"
        return response

    def close(self) -> None:
        pass


def session_for(guard: Target) -> tuple[GuardedSession, Answered]:
    session, adapter = GuardedSession(guard), Answered()
    session.mount("https://", adapter)
    return session, adapter


@pytest.mark.parametrize("variant", PAID_VARIANTS)
def test_the_requests_transport_refuses_paid_requests_behind_a_prefix_without_allow_paid(
    variant: str,
) -> None:
    session, adapter = session_for(target(ALLOW_WRITES="1", CUSTOMER_CODE="7"))
    with pytest.raises(UnsafeRequest, match="ALLOW_PAID"):
        session.post(GATEWAY + variant, json={}, headers={"X-API-KEY": SECRET})
    assert adapter.sent == []


def test_the_requests_transport_counts_paid_requests_behind_a_prefix() -> None:
    guard = target(ALLOW_WRITES="1", CUSTOMER_CODE="7", ALLOW_PAID="1", MAX_PAID="2")
    session, adapter = session_for(guard)
    session.post(GATEWAY + "/licenses/bulk/", json={}, headers={"X-API-KEY": SECRET})
    session.post(GATEWAY + "/licenses/%72enew", json={}, headers={"X-API-KEY": SECRET})
    with pytest.raises(UnsafeRequest, match="MAX_PAID=2"):
        session.post(GATEWAY + "//licenses/bulk", json={}, headers={"X-API-KEY": SECRET})
    session.post(GATEWAY + "/licenses/demo", json={}, headers={"X-API-KEY": SECRET})  # free
    session.post(GATEWAY + "/licenses/bulk", json={})  # no key: not the reseller's money
    assert (guard.paid_sent, len(adapter.sent)) == (2, 4)


def test_the_httpx_transport_refuses_and_counts_the_same_way() -> None:
    reached: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        reached.append(request.url.path)
        return httpx.Response(200, json={})

    guard = target(ALLOW_WRITES="1", CUSTOMER_CODE="7", ALLOW_PAID="1", MAX_PAID="1")
    client = httpx.Client(transport=GuardedTransport(guard, httpx.MockTransport(answer)))
    client.post(GATEWAY + "/licenses/Bulk", json={}, headers={"X-API-KEY": SECRET})
    with pytest.raises(UnsafeRequest, match="MAX_PAID=1"):
        client.post(GATEWAY + "/licenses/renew/", json={}, headers={"X-API-KEY": SECRET})
    with pytest.raises(UnsafeRequest, match="ALLOW_PAID|MAX_PAID"):
        client.post(GATEWAY + "/licenses/nothing-like-this", json={}, headers={"X-API-KEY": SECRET})
    assert (guard.paid_sent, reached) == (1, ["/gw/customerarea/licenses/Bulk"])


def test_a_read_only_run_sends_no_keyed_write_even_with_the_key_elsewhere_in_the_request() -> None:
    session, adapter = session_for(target())
    for kwargs in (
        {"headers": {"Authorization": f"Bearer {SECRET}"}},
        {"params": {"api_key": SECRET}},
        {"data": f"key={SECRET}"},
    ):
        with pytest.raises(UnsafeRequest, match="ALLOW_WRITES"):
            session.post(GATEWAY + "/licenses/demo", **kwargs)  # type: ignore[arg-type]
    session.get(GATEWAY + "/licenses/available", headers={"X-API-KEY": SECRET})
    assert len(adapter.sent) == 1


def test_the_key_never_goes_to_another_host_even_on_a_read() -> None:
    session, adapter = session_for(target())
    with pytest.raises(UnsafeRequest, match="only to BASE_URL"):
        session.get(
            "https://elsewhere.example/gw/customerarea/licenses/available", headers={"X-API-KEY": SECRET}
        )
    assert adapter.sent == []


def test_the_key_is_offered_only_where_the_policy_allows_it() -> None:
    read_only = target()
    assert read_only.key_headers("GET", GATEWAY + "/licenses/available") == {"X-API-KEY": SECRET}
    assert read_only.key_headers("POST", GATEWAY + "/licenses/demo") == {}
    writes = target(ALLOW_WRITES="1", CUSTOMER_CODE="7")
    assert writes.key_headers("POST", GATEWAY + "/licenses/demo") == {"X-API-KEY": SECRET}
    assert writes.key_headers("POST", GATEWAY + "/licenses/bulk") == {}
    assert writes.key_headers("POST", GATEWAY + "/licenses/unknown") == {}


def test_the_key_where_the_kit_puts_none_is_refused_in_one_sentence_that_says_where() -> None:
    session, adapter = session_for(target())
    # A generated value (schemathesis' test case id) that happens to hold the key, on an unkeyed write.
    with pytest.raises(UnsafeRequest) as refused:
        session.post(GATEWAY + "/licenses/demo", json={}, headers={"X-Schemathesis-TestCaseId": f"x{SECRET}"})
    sentence = str(refused.value)
    assert "the key was in the header X-Schemathesis-TestCaseId, where the kit puts none" in sentence
    # Even on a read, where the key may go, it goes in its header only: not in a URL a log keeps.
    with pytest.raises(UnsafeRequest, match="the key was in the URL"):
        session.get(GATEWAY + "/licenses/available", params={"q": SECRET}, headers={"X-API-KEY": SECRET})
    assert adapter.sent == [] and SECRET not in sentence and "\n" not in sentence
