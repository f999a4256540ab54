"""The recording proxy in front of servers of ours: answers passed on unchanged, every exchange recorded
without the key, and the traffic's findings naming what the server departs from."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from flashstart_customerarea import AuthenticatedClient
from flashstart_customerarea.api.licenses import assign_demo_license, list_available_licenses
from flashstart_customerarea.models import AvailableLicensesResponse, DemoLicenseRequest

from tests.live import REPO, free_port, running_mock

pytestmark = pytest.mark.e2e  # every test here starts a server, a process or a browser

SECRET = "proxy-secret-4d20"
BASE = "/customerarea"


def proxy(upstream: str, reports: Path) -> Any:
    """The proxy as a process (running_mock starts any of our servers and waits until it answers)."""
    return running_mock("--upstream", upstream, "--reports", str(reports), module="traffic.proxy")


KEY = {"X-API-KEY": SECRET}
RAW = [  # (method, path and query, headers, body): what a reseller's app sends, good and bad
    ("GET", "/licenses/available?customer_code=1", KEY, None),
    ("GET", "/licenses/available?customer_code=99", KEY, None),
    ("GET", "/licenses/available?customer_code=abc", KEY, None),
    ("GET", "/directory/currencies", KEY, None),
    ("GET", "/directory/licenses/versions", KEY, None),
    ("POST", "/licenses/demo", {"Content-Type": "application/json"}, b'{"customer_code": 1}'),
    ("POST", "/licenses/bulk", {}, b'{"customer_code": 1}'),
]


def send_all(url: str) -> list[httpx.Response]:
    return [httpx.request(m, url + p, headers=h, content=b, timeout=30) for m, p, h, b in RAW]


def with_the_client(url: str) -> tuple[Any, Any]:
    client = AuthenticatedClient(base_url=url, token=SECRET, auth_header_name="X-API-KEY", prefix="")
    with client:
        offers = list_available_licenses.sync_detailed(client=client, customer_code=1)
        demo = assign_demo_license.sync_detailed(client=client, body=DemoLicenseRequest(customer_code=2))
    return offers, demo


def app_entries(har: dict[str, Any]) -> list[dict[str, Any]]:
    """The HAR's entries but the probe running_mock sends while the proxy starts."""
    return [e for e in har["log"]["entries"] if not e["request"]["url"].endswith("/openapi.json")]


def stopped(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=15)
    assert process.returncode == 0, output
    return output


def test_in_front_of_a_deviating_server(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    with running_mock(module="tests.deviating_server", env={"MOCK_API_KEY": SECRET}) as (upstream, _):
        direct = send_all(upstream)
        with proxy(upstream, reports) as (url, process):
            through = send_all(url)
            offers, demo = with_the_client(url)
            output = stopped(process)
    # The app saw exactly what the server answered.
    for sent, a, b in zip(RAW, direct, through, strict=True):
        assert (a.status_code, a.headers.get("content-type"), a.content) == (
            b.status_code,
            b.headers.get("content-type"),
            b.content,
        ), sent
    assert offers.status_code == 200 and isinstance(offers.parsed, AvailableLicensesResponse)
    assert demo.status_code == 200
    # Every exchange is in the HAR, the key in none of it.
    har = json.loads((reports / "traffic.har").read_text(encoding="utf-8"))
    assert har["log"]["version"] == "1.2" and len(app_entries(har)) == len(RAW) + 2
    texts = [output, *(p.read_text(encoding="utf-8") for p in reports.iterdir())]
    assert not [t for t in texts if SECRET in t]
    # One line per exchange, naming what it refutes.
    assert "GET /customerarea/directory/currencies 200" in output and "no field `currency_symbol`" in output
    doc = json.loads((reports / "traffic-findings.json").read_text(encoding="utf-8"))
    refuted = {
        (f["operation"], f["subject"], f["observed"]["status"])
        for f in doc["findings"]
        if f["verdict"] == "refuted"
    }
    assert {
        ("GET /directory/licenses/versions", "path", 404),
        ("GET /licenses/available", "status", 500),
        ("GET /directory/currencies", "response_schema", 200),
        ("POST /licenses/demo", "auth", 200),
        ("GET /licenses/available", "status", 403),
    } <= refuted, refuted
    assert "### Refuted" in (reports / "traffic-summary.md").read_text(encoding="utf-8")


def test_in_front_of_the_honest_mock_nothing_is_refuted(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    with (
        running_mock(env={"MOCK_API_KEY": SECRET}) as (upstream, _),
        proxy(upstream, reports) as (url, process),
    ):
        send_all(url)
        with_the_client(url)
        stopped(process)
    doc = json.loads((reports / "traffic-findings.json").read_text(encoding="utf-8"))
    assert [f["message"] for f in doc["findings"] if f["verdict"] == "refuted"] == []
    assert any(f["verdict"] == "confirmed" for f in doc["findings"])


def test_an_unreachable_upstream_is_a_documented_502_and_recorded(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    with proxy(f"http://127.0.0.1:{free_port()}{BASE}", reports) as (url, process):
        answer = httpx.get(url + "/directory/currencies", headers=KEY)
        stopped(process)
    assert answer.status_code == 502
    body = answer.json()
    assert (
        body["code"] == 502
        and body["reason"] == "service_unavailable"
        and "could not reach" in body["message"]
    )
    har = json.loads((reports / "traffic.har").read_text(encoding="utf-8"))
    assert [e["response"]["status"] for e in app_entries(har)] == [502]


def test_make_findings_reads_any_har_and_refuses_a_file_that_is_not_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.har"
    bad.write_text("not json", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "traffic.reports", "--har", str(bad), "--reports", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and result.stderr.strip().startswith(
        f"make findings: HAR={bad}: not a HAR file"
    )
