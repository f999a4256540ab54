"""CORS in a real browser: a page from another origin calls the mock with fetch and reads the answer."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH
from tests.live import REPO, running_mock

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no headless browser: Debian's chromium is not installed (.ci/run installs it)",
    ),
]

PAGE = """<!doctype html>
<html><body><p id="result">pending</p>
<script>
fetch("%s/licenses/available?customer_code=1", {headers: {"X-API-KEY": "DEV_KEY"}})
  .then(r => r.json())
  .then(j => { document.getElementById("result").textContent = "offers:" + j.content.length; })
  .catch(e => { document.getElementById("result").textContent = "failed:" + e; });
</script></body></html>
"""


@contextmanager
def page_server(folder: Path) -> Iterator[str]:
    """Serves `folder` from its own port: another origin than the mock's."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def chromium(profile: Path, url: str) -> list[str]:
    """Headless Chromium that loads `url`, runs its scripts, and prints the DOM."""
    return [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=15000",
        "--dump-dom",
        url,
    ]


def result_in_browser(tmp_path: Path, mock_url: str, page: str = PAGE) -> str:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text((page % mock_url).replace("DEV_KEY", DEV_KEY), encoding="utf-8")
    with page_server(site) as origin:
        dom = subprocess.run(
            chromium(tmp_path / "profile", f"{origin}/index.html"),
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    match = re.search(r'<p id="result">(.*?)</p>', dom)
    assert match, dom[-2000:]
    return match.group(1)


def test_a_page_from_another_origin_reads_the_mock(tmp_path: Path) -> None:
    with running_mock() as (url, _):
        assert result_in_browser(tmp_path, url) == "offers:8"


def test_the_browser_is_refused_when_its_origin_is_not_allowed(tmp_path: Path) -> None:
    with running_mock("--cors-origins", "http://app.example") as (url, _):
        assert result_in_browser(tmp_path, url).startswith("failed:")


# A hostile page: it tries to read the mock's state and to replace or reset it, by every kind of
# request a page can send (a CORS read, "simple" no-cors POSTs that need no preflight, and a JSON
# POST that does). Each outcome is written into the page.
HOSTILE_PAGE = """<!doctype html>
<html><body><p id="result">pending</p>
<script>
const root = "%s".replace("/customerarea", "");
const outcome = p => p.then(r => r.type === "opaque" ? "sent" : "read:" + r.status, e => "failed");
Promise.all([
  outcome(fetch(root + "/__mock/state")),
  outcome(fetch(root + "/__mock/load", {method: "POST", mode: "no-cors", body: '{"resellers": []}',
                                        headers: {"Content-Type": "text/plain"}})),
  outcome(fetch(root + "/__mock/reset", {method: "POST", mode: "no-cors"})),
  outcome(fetch(root + "/__mock/reset", {method: "POST", body: "{}",
                                         headers: {"Content-Type": "application/json"}})),
]).then(all => { document.getElementById("result").textContent = all.join(","); });
</script></body></html>
"""


def test_a_page_from_another_origin_can_neither_read_nor_change_the_mock_state(tmp_path: Path) -> None:
    with running_mock() as (url, _):
        # A change a reset would undo, so that a reset that got through would show.
        demo = httpx.post(f"{url}/licenses/demo", json={"customer_code": 1}, headers={"X-API-KEY": DEV_KEY})
        assert demo.status_code == 200
        root = url.removesuffix(BASE_PATH)
        before = httpx.get(f"{root}/__mock/state").content
        outcomes = result_in_browser(tmp_path, url, HOSTILE_PAGE).split(",")
        # The read fails in the browser; the no-cors POSTs leave opaquely, the JSON one is never sent.
        assert outcomes == ["failed", "sent", "sent", "failed"], outcomes
        assert httpx.get(f"{root}/__mock/state").content == before
        # curl from the same machine still works.
        assert (
            httpx.post(f"{root}/__mock/reset", headers={"Content-Type": "application/json"}).status_code
            == 200
        )
        assert httpx.get(f"{root}/__mock/state").content != before


BROWSING_PAGE = """<!doctype html>
<html><body><p id="result">pending</p>
<script>
const api = "%s", key = {headers: {"X-API-KEY": "DEV_KEY"}};
Promise.all([
  fetch(api + "/licenses/available?customer_code=1", key).then(r => r.status),
  fetch(api + "/directory/currencies", key).then(r => r.status),
]).then(all => { document.getElementById("result").textContent = all.join(","); },
        e => { document.getElementById("result").textContent = "failed:" + e; });
</script></body></html>
"""


def test_findings_from_a_har_recorded_while_a_real_browser_used_the_proxy(tmp_path: Path) -> None:
    from tests.test_proxy import proxy

    reports = tmp_path / "reports"
    with running_mock(module="tests.deviating_server") as (upstream, _), proxy(upstream, reports) as (url, _):
        assert result_in_browser(tmp_path, url, BROWSING_PAGE) == "200,200"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "traffic.reports",
            "--har",
            str(reports / "traffic.har"),
            "--reports",
            str(tmp_path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads((tmp_path / "traffic-findings.json").read_text(encoding="utf-8"))
    refuted = [f for f in doc["findings"] if f["verdict"] == "refuted"]
    assert [f["operation"] for f in refuted] == ["GET /directory/currencies"], refuted


# A browser test worker: its own session, the same steps as every other worker. Each answer's
# status and license id (or reason) goes into the page.
WORKER_PAGE = """<!doctype html>
<html><body><p id="result">pending</p>
<script>
const api = "%s";
const session = new URLSearchParams(location.search).get("session");
const headers = {"X-API-KEY": "DEV_KEY", "X-Mock-Session": session, "Content-Type": "application/json"};
const post = (path, body) => fetch(api + path, {method: "POST", headers, body: JSON.stringify(body)})
  .then(r => r.json().then(j => r.status + ":" + (j.content ? j.content.license_id : j.reason)));
(async () => {
  const seen = [];
  for (const customer of [1, 1, 1, 3]) seen.push(await post("/licenses/demo", {customer_code: customer}));
  const bulk = {customer_code: 3, license_code: "CL-Q-A005-M1", license_info: session};
  seen.push(await post("/licenses/bulk", bulk));
  return seen;
})().then(all => { document.getElementById("result").textContent = all.join(","); },
          e => { document.getElementById("result").textContent = "failed:" + e; });
</script></body></html>
"""


def test_parallel_browser_workers_each_in_a_session_never_see_each_other(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    with running_mock("--today", "2026-01-15") as (url, _):
        (site / "index.html").write_text((WORKER_PAGE % url).replace("DEV_KEY", DEV_KEY), encoding="utf-8")
        with page_server(site) as origin:
            workers = [
                subprocess.Popen(
                    chromium(tmp_path / f"profile-{n}", f"{origin}/index.html?session=worker-{n}"),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
                for n in range(3)
            ]
            doms = [worker.communicate(timeout=120)[0] for worker in workers]
        results = [re.search(r'<p id="result">(.*?)</p>', dom) for dom in doms]
        assert all(results), doms
        seen = [match.group(1) for match in results if match]
        # Each worker, alone in its session, met the dataset as seeded: the same ids, its own demo limit.
        expected = "200:LIC-000007,200:LIC-000008,409:demo_limit_reached,200:LIC-000009,200:LIC-000010"
        assert seen == [expected] * 3, seen
        root = url.removesuffix(BASE_PATH)
        states = [
            httpx.get(f"{root}/__mock/state", headers={"X-Mock-Session": f"worker-{n}"}).json()
            for n in range(3)
        ]
        infos = [{lic["license_info"] for r in s["resellers"] for lic in r["licenses"]} for s in states]
        assert [{"worker-0", "worker-1", "worker-2"} & info for info in infos] == [
            {"worker-0"},
            {"worker-1"},
            {"worker-2"},
        ]
        shared = httpx.get(f"{root}/__mock/state").json()
        assert sum(len(r["licenses"]) for r in shared["resellers"]) == 6
