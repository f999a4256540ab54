"""CORS in a real browser: a page from another origin calls the mock with fetch and reads the answer."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.live import running_mock

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no headless browser: Debian's chromium is not installed (.ci/run installs it)"
)

PAGE = """<!doctype html>
<html><body><p id="result">pending</p>
<script>
fetch("%s/licenses/available?customer_code=1", {headers: {"X-API-KEY": "mock-dev-key"}})
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


def result_in_browser(tmp_path: Path, mock_url: str) -> str:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE % mock_url, encoding="utf-8")
    with page_server(site) as origin:
        dom = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=15000",
                "--dump-dom",
                f"{origin}/index.html",
            ],
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
