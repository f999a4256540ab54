"""--state-file: state survives a restart, and a kill in the middle of a burst leaves it consistent."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from mock_server.store import Store
from tests.conftest import DEV_KEY, load_dataset
from tests.documented import BASE_PATH
from tests.live import running_mock

HEADERS = {"X-API-KEY": DEV_KEY}
BULK = {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "HQ"}


def test_the_store_reloads_what_it_saved(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    first = Store(state_file=state)
    license_ = first.assign_bulk(first.default_reseller, **BULK)
    second = Store(state_file=state)
    assert second.default_reseller.credit == 95
    assert license_["license_id"] in second.default_reseller.licenses
    second.reset()
    assert Store(state_file=state).default_reseller.credit == 100


def test_without_a_state_file_a_restart_is_a_fresh_seed(tmp_path: Path) -> None:
    first = Store()
    first.assign_bulk(first.default_reseller, **BULK)
    assert Store().default_reseller.credit == 100


@pytest.mark.e2e
def test_state_survives_a_restart_of_the_process(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with running_mock("--state-file", str(state)) as (url, process):
        license_id = httpx.post(f"{url}/licenses/bulk", json=BULK, headers=HEADERS).json()["content"][
            "license_id"
        ]
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    with running_mock("--state-file", str(state)) as (url, _):
        cancelled = httpx.post(
            f"{url}/licenses/cancel", json={"customer_code": 1, "license_id": license_id}, headers=HEADERS
        )
        assert cancelled.status_code == 200 and cancelled.json()["content"]["credit_remaining"] == 95


async def burst(
    url: str, bodies: list[tuple[str, dict[str, Any]]], answered: asyncio.Queue[None]
) -> list[httpx.Response | None]:
    async with httpx.AsyncClient(base_url=url, headers=HEADERS, timeout=30) as client:

        async def one(path: str, body: dict[str, Any]) -> httpx.Response | None:
            try:
                response = await client.post(path, json=body)
            except httpx.HTTPError:
                return None  # cut by the kill: not acknowledged
            answered.put_nowait(None)
            return response

        return list(await asyncio.gather(*(one(path, body) for path, body in bodies)))


@pytest.mark.e2e
def test_a_kill_in_the_middle_of_a_burst_leaves_a_consistent_state(tmp_path: Path) -> None:
    dataset = load_dataset()
    dataset["resellers"][0]["credit"] = 100000
    customers = list(range(1000, 1300))
    dataset["resellers"][0]["customers"] += customers
    seed = tmp_path / "seed.yaml"
    seed.write_text(yaml.safe_dump(dataset), encoding="utf-8")
    state = tmp_path / "state.sqlite"
    bodies = [("/licenses/bulk", {**BULK, "customer_code": n}) for n in customers]
    bodies += [("/licenses/demo", {"customer_code": n}) for n in customers]
    with running_mock("--seed", str(seed), "--state-file", str(state)) as (url, process):

        async def burst_then_kill() -> list[httpx.Response | None]:
            answered: asyncio.Queue[None] = asyncio.Queue()
            task = asyncio.ensure_future(burst(url, bodies, answered))
            for _ in range(40):  # kill once some writes have been answered, many still in flight
                await asyncio.wait_for(answered.get(), timeout=30)
            process.send_signal(signal.SIGKILL)
            return await task

        responses = asyncio.run(burst_then_kill())
        process.wait(timeout=10)
    acknowledged = [r.json()["content"] for r in responses if r is not None and r.status_code == 200]
    assert 0 < len(acknowledged) < len(bodies), "the kill did not land in the middle of the burst"
    time.sleep(0.1)
    with running_mock("--seed", str(seed), "--state-file", str(state)) as (url, _):
        saved = httpx.get(f"{url.removesuffix(BASE_PATH)}/__mock/state").json()
    reseller = saved["resellers"][0]
    licenses = {lic["license_id"]: lic for lic in reseller["licenses"]}
    # Every answered write is there, and the credit is exactly the seed minus what the paid ones cost.
    assert {lic["license_id"] for lic in acknowledged} <= set(licenses)
    paid = [
        lic
        for lic in licenses.values()
        if lic["license_code"] == "CL-Q-A005-M1" and lic["license_info"] == "HQ"
    ]
    assert reseller["credit"] == 100000 - 5 * len(paid)
    assert len(set(licenses)) == len(reseller["licenses"])
