"""The mock as a real process: served over a socket, consistent under concurrency, stopped cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from mock_server.persistence import StateFile
from tests.conftest import DEV_KEY, load_dataset
from tests.documented import BASE_PATH, assert_documented
from tests.live import REPO, running_mock

pytestmark = pytest.mark.e2e  # every test here starts a server, a process or a browser

HEADERS = {"X-API-KEY": DEV_KEY}
BULK = {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "Headquarter"}


def dataset_with_credit(tmp_path: Path, credit: int) -> Path:
    dataset = load_dataset()
    dataset["resellers"][0]["credit"] = credit
    path = tmp_path / "dataset.yaml"
    path.write_text(yaml.safe_dump(dataset), encoding="utf-8")
    return path


async def parallel_posts(base_url: str, path: str, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=100)
    async with httpx.AsyncClient(base_url=base_url, headers=HEADERS, limits=limits, timeout=30) as client:
        return list(await asyncio.gather(*(client.post(path, json=body) for body in bodies)))


def test_vendor_curl_query_form_answers_the_seeded_catalog() -> None:
    with running_mock() as (base_url, process):
        response = httpx.get(f"{base_url}/licenses/available", params={"customer_code": 1}, headers=HEADERS)
        assert response.status_code == 200
        assert_documented("GET", BASE_PATH + "/licenses/available", response)
        assert len(response.json()["content"]) == 8
        assert httpx.get(f"{base_url}/ui/").status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        output = process.stdout.read() if process.stdout else ""
        assert f"on {base_url}" in output and f"X-API-KEY: {DEV_KEY}" in output


def test_a_custom_key_is_not_printed() -> None:
    with running_mock(env={"MOCK_API_KEY": "team-secret-123"}) as (base_url, process):
        assert (
            httpx.get(
                f"{base_url}/directory/currencies", headers={"X-API-KEY": "team-secret-123"}
            ).status_code
            == 200
        )
        process.terminate()
        process.wait(timeout=10)
        assert "team-secret-123" not in (process.stdout.read() if process.stdout else "")


def test_100_parallel_bulk_assigns_against_credit_for_10(tmp_path: Path) -> None:
    with running_mock("--seed", str(dataset_with_credit(tmp_path, 50))) as (base_url, _):
        responses = asyncio.run(parallel_posts(base_url, "/licenses/bulk", [BULK] * 100))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * 10 + [409] * 90
        ids = {r.json()["content"]["license_id"] for r in responses if r.status_code == 200}
        assert len(ids) == 10
        remaining = sorted(r.json()["content"]["credit_remaining"] for r in responses if r.status_code == 200)
        assert remaining == [0, 5, 10, 15, 20, 25, 30, 35, 40, 45]
        # Still serving after the burst.
        assert httpx.get(f"{base_url}/directory/currencies", headers=HEADERS).status_code == 200


def test_parallel_demos_never_exceed_two_per_customer(tmp_path: Path) -> None:
    with running_mock() as (base_url, _):
        responses = asyncio.run(parallel_posts(base_url, "/licenses/demo", [{"customer_code": 3}] * 30))
        assert sorted(r.status_code for r in responses) == [200] * 2 + [409] * 28


def test_a_bad_seed_file_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.yaml"
    bad.write_text("catalog: []\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mock_server", "--seed", str(bad)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 2
    assert "cannot load" in result.stderr and "has no currencies" in result.stderr


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_server", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def one_sentence(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout == "", "the banner was printed before the error"
    for text in expected:
        assert text in lines[0], lines[0]


def test_bad_startup_input_is_one_sentence_naming_it(tmp_path: Path) -> None:
    not_a_database = tmp_path / "state.sqlite"
    not_a_database.write_text("not a database", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("catalog: [\n  - {code: A\n", encoding="utf-8")
    one_sentence(
        start("--state-file", str(not_a_database)), f"--state-file {not_a_database}", "not a state file"
    )
    one_sentence(start("--state-file", str(tmp_path)), f"--state-file {tmp_path}", "is a folder")
    missing = tmp_path / "no" / "such" / "state.sqlite"
    one_sentence(start("--state-file", str(missing)), f"--state-file {missing}", "does not exist")
    one_sentence(start("--seed", str(broken)), f"--seed {broken}", "not valid YAML at line")
    one_sentence(start("--seed", str(tmp_path / "none.yaml")), "--seed", "No such file")
    one_sentence(start(env={"PORT": "abc"}), "--port (or PORT)", "'abc' is not a port number")
    one_sentence(start(env={"MOCK_FAILURE_MODE": "sometimes"}), "MOCK_FAILURE_MODE", "'sometimes'")
    one_sentence(start("--journal-size", "-1"), "--journal-size", "'-1'")


def test_a_port_in_use_is_one_sentence_and_no_banner() -> None:
    with running_mock() as (url, _):
        port = url.split(":")[2].split("/")[0]
        one_sentence(start("--port", port), f"cannot listen on 127.0.0.1:{port}", "in use")


def test_a_state_file_with_no_valid_state_is_named(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    StateFile(path).save({"catalog": []})
    one_sentence(start("--state-file", str(path)), f"--state-file {path}", "holds no state the mock can load")


def test_a_chunked_body_is_read_like_any_other() -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"customer_code": '
        yield b"3}"

    with running_mock() as (base_url, _):
        response = httpx.post(
            f"{base_url}/licenses/demo",
            content=chunks(),
            headers={**HEADERS, "Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["content"]["customer_code"] == 3


def test_parallel_bulk_demos_and_cancels_on_one_customer_match_a_serial_order(tmp_path: Path) -> None:
    with running_mock("--seed", str(dataset_with_credit(tmp_path, 50))) as (base_url, _):
        seeded = asyncio.run(parallel_posts(base_url, "/licenses/bulk", [BULK] * 4))
        ids = [r.json()["content"]["license_id"] for r in seeded]
        mixed: list[tuple[str, dict[str, Any]]] = [("/licenses/bulk", BULK)] * 20
        mixed += [("/licenses/demo", {"customer_code": 1})] * 10
        mixed += [("/licenses/cancel", {"customer_code": 1, "license_id": i}) for i in ids for _ in range(5)]

        async def go() -> list[httpx.Response]:
            async with httpx.AsyncClient(base_url=base_url, headers=HEADERS, timeout=30) as client:
                return list(await asyncio.gather(*(client.post(path, json=body) for path, body in mixed)))

        responses = asyncio.run(go())
        state = httpx.get(base_url.removesuffix(BASE_PATH) + "/__mock/state").json()
    by_path: dict[str, list[int]] = {}
    for (path, _), response in zip(mixed, responses, strict=True):
        by_path.setdefault(path, []).append(response.status_code)
    # Credit for 10 licenses of 5, 4 already used: exactly 6 more; 2 demos; each license cancelled once.
    assert sorted(by_path["/licenses/bulk"]) == [200] * 6 + [409] * 14
    assert sorted(by_path["/licenses/demo"]) == [200] * 2 + [409] * 8
    assert sorted(by_path["/licenses/cancel"]) == [200] * 4 + [409] * 16
    reseller = state["resellers"][0]
    mine = [lic for lic in reseller["licenses"] if lic["customer_code"] == 1]
    assert reseller["credit"] == 0 and len(mine) == 12
    assert sorted(lic["status"] for lic in mine if lic["license_id"] in ids) == ["cancelled"] * 4
