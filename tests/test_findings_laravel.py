"""The findings run against Laravel-style servers of our own (standins/), reached through a host name
(RESOLVE), so that the kit applies its real-server profile: the throttle honoured (waited out, never
counted as anything but the limit), refusals inside the envelope, the exists rule, PHP's arrays and
text/html each named once, extra fields never refuted, the same findings run after run, one verdict
everywhere.

Short windows (20 requests per 2 s) keep this in seconds; bench/findings_throttle.py measures the issue's
60 a minute."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from contract.plan import Plan
from standins.laravel_habits import Habits, Throttle
from standins.laravel_server import LaravelServer, Recorder, serving
from tests.exchanges import CONTEXT
from tests.live import contract_run, findings_of, refuted

pytestmark = pytest.mark.e2e

KEY = "laravel-findings-key-5c1d"
HOST = "api.laravel.test"
PLAN = Plan.build(CONTEXT)
READ_ONLY = [p for p in PLAN.sent_by_plan() if p.read_only]


def live_run(
    folder: Path, app: Recorder, **env: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """`make contract` against the app, by a host name that is not this machine's (RESOLVE)."""
    with serving(app) as root:
        port = root.rsplit(":", 1)[1]
        base = f"http://{HOST}:{port}/customerarea"
        result = contract_run(folder, base, KEY, RESOLVE=f"{HOST}:{port}:127.0.0.1", RATE_LIMIT="1000", **env)
    return result, findings_of(folder)


def laravel(**habits: Any) -> Recorder:
    return Recorder(LaravelServer(Habits(api_key=KEY, **habits)).app())


@pytest.fixture(scope="module")
def throttled(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Any, Recorder, Path]:
    folder = tmp_path_factory.mktemp("throttled")
    app = laravel(throttle=Throttle(20, 2), extra_fields=True, exists_rule=True)
    result, doc = live_run(folder, app, MAX_REQUESTS="120")
    return result, doc, app, folder


def test_the_plan_goes_first_and_tests_every_read_only_assumption(throttled: Any) -> None:
    result, doc, app, _ = throttled
    answered = [(e.method, e.path.removeprefix("/customerarea")) for e in app.exchanges if e.status != 429]
    planned = [(p.operation.method, p.operation.path) for p in READ_ONLY]
    assert answered[: len(planned)] == planned
    cover = doc["coverage"]
    assert cover["testable_read_only"] > 40 and doc["target"]["requests_sent"] == 120
    assert cover["tested_read_only"] > 40
    for finding in doc["findings"]:  # those untested were answered, in ways that tell nothing of them
        if finding["verdict"] == "untested" and finding["id"] in PLAN.read_only_testable():
            assert finding["why_untested"].startswith("its probe `"), finding


def windows(app: Recorder) -> Counter[tuple[bool, int]]:
    """429s per caller (the key, or anyone else) and per throttle window, from what the server sent."""
    found: Counter[tuple[bool, int]] = Counter()
    opened: Counter[bool] = Counter()
    for exchange in app.exchanges:
        keyed = exchange.request_headers.get("x-api-key") == KEY
        if exchange.headers.get("x-ratelimit-remaining") == "19":  # the first answer of a new window
            opened[keyed] += 1
        if exchange.status == 429:
            found[(keyed, opened[keyed])] += 1
    return found


def test_the_throttle_is_waited_out_at_most_once_a_window_and_counted_by_the_limit_alone(
    throttled: Any,
) -> None:
    result, doc, app, _ = throttled
    assert app.statuses.count(429) >= 1 and max(windows(app).values()) == 1, windows(app)
    limit = next(f for f in doc["findings"] if f["id"] == "rate_limit")
    assert limit["verdict"] == "refuted" and "X-RateLimit-Limit: 20" in limit["message"]
    assert "TooManyRequests" in limit["suggestion"] and "Retry-After:" in limit["suggestion"]
    for finding in doc["findings"]:
        if finding["id"] != "rate_limit":
            assert (
                "429" not in (finding["observed"].get("seen") or {}) and finding["observed"]["status"] != 429
            )
    assert "contract: waiting " in result.stdout and "for the server's rate limit" in result.stdout


def test_extra_fields_are_not_refuted_and_the_evidence_reaches_the_host(throttled: Any) -> None:
    result, doc, _, _ = throttled
    for finding in refuted(doc):
        assert not any(name in finding["message"] for name in ("created_at", "updated_at", "deleted_at"))
        assert f"--resolve {HOST}:" in finding["evidence"] and "127.0.0.1" in finding["evidence"]
    assert doc["target"]["where"] == f"the real server ({HOST})" and doc["target"]["resolve"]


def test_one_verdict_in_the_console_the_exit_status_the_junit_file_and_the_summary(throttled: Any) -> None:
    result, doc, _, folder = throttled
    counts = Counter(f["verdict"] for f in doc["findings"])
    words = f"refuted {counts['refuted']}, untested {counts['untested']}, confirmed {counts['confirmed']}"
    assert result.stdout.strip().splitlines()[-1].startswith(f"contract: {words} (exit status 1)")
    assert result.returncode == 1 and counts["refuted"] >= 1
    summary = (folder / "reports" / "contract-summary.md").read_text(encoding="utf-8")
    assert summary.splitlines()[2] == f"**Verdict: {words}**"
    suites = {
        s.get("name"): s for s in ElementTree.parse(folder / "reports" / "contract-junit.xml").getroot()
    }
    assert suites["contract-findings"].get("failures") == str(counts["refuted"])
    (kept,) = (folder / "reports" / "runs").iterdir()
    assert kept.name.endswith(f"-{HOST}") and {p.name for p in kept.iterdir()} == {
        "contract-findings.json",
        "contract-findings-junit.xml",
        "contract-summary.md",
        "contract-junit.xml",
    }


def named(doc: dict[str, Any]) -> Counter[str]:
    return Counter(f["id"] for f in refuted(doc))


def test_refusals_inside_the_envelope_php_arrays_and_html_are_each_named_once_and_stably(
    tmp_path: Path,
) -> None:
    habits = {"envelope_refusals": True, "php_arrays": True, "html_content_type": True}
    runs = [live_run(tmp_path / str(n), laravel(**habits), MAX_REQUESTS="80")[1] for n in (1, 2)]
    doc = runs[0]
    envelope = next(f for f in refuted(doc) if f["id"] == "envelope:code")
    assert "HTTP 200 with `code` 404" in envelope["message"]
    assert {"content_type:GET:/licenses/available", "content_type:GET:/directory/currencies"} <= set(
        named(doc)
    )
    arrays = [f for f in refuted(doc) if f["subject"] == "response_schema"]
    assert {f["id"] for f in arrays} >= {
        "response_schema:AvailableLicensesResponse:content:type",
        "response_schema:CurrenciesResponse:content:type",
    }, [f["id"] for f in arrays]
    assert max(named(doc).values()) == 1
    situation = next(f for f in doc["findings"] if f["id"] == "status:situation:CustomerNotFound")
    assert situation["verdict"] == "untested" and '{"code": 404, "content": []}' in situation["why_untested"]
    # The same server, the same findings with the same ids.
    assert [(f["id"], f["verdict"]) for f in runs[0]["findings"]] == [
        (f["id"], f["verdict"]) for f in runs[1]["findings"]
    ]


def test_the_exists_rule_refutes_each_not_found_situation_once_with_its_edit(throttled: Any) -> None:
    _, doc, _, _ = throttled
    for example in ("CustomerNotFound", "CurrencyNotFound", "LicenseCodeNotFound"):
        finding = next(f for f in refuted(doc) if f["id"] == f"status:situation:{example}")
        assert finding["observed"]["status"] == 422 and "Laravel's `exists`" in finding["suggestion"]
    # Generated customers the server does not know are answered the same way: not a second finding.
    assert not [f["id"] for f in refuted(doc) if f["id"].startswith("status:valid:")]
