"""HAR entries and files: bodies capped and said to be, no credential written, files rotated under the
bound and each whole HAR 1.2, and a capped body never read back as the real one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from contract.rules import Context
from contract.spec import SpecIndex
from contract.verdicts import Verdicts
from traffic import har
from traffic.evaluation import Evaluator
from traffic.har_files import HarFiles
from traffic.recorder import content

INDEX = SpecIndex.load()
SECRET = har.credentials(INDEX)
KEY = "har-secret-77c1"
URL = "https://api.example/customerarea/licenses/available?customer_code=1"
OFFER = {
    "license_code": "CL-Q-A005-M1",
    "license_name": "Business Filter License",
    "license_duration_months": "1",
    "license_version": "0",
    "license_quantity": "5 users",
    "license_points": 0.5,
    "license_amount": 5,
    "license_amount_currency": "EUR",
}


def offers(count: int) -> bytes:
    return json.dumps({"code": 200, "content": [OFFER] * count}).encode()


def entry(body: bytes, cap: int = har.BODY_CAP, url: str = URL, **kwargs: Any) -> dict[str, Any]:
    headers = [("x-api-key", KEY), ("accept", "application/json")]
    return har.entry(
        "GET", url, headers, b"", 200, [("content-type", "application/json")], body, 1_790_000_000.25, 3.0,
        SECRET, cap=cap, **kwargs,
    )  # fmt: skip


def refuted(entries: list[dict[str, Any]]) -> list[str]:
    """What `make findings` refutes from these entries."""
    evaluator = Evaluator(Verdicts(Context(INDEX)))
    for recorded in har.exchanges({"log": {"entries": entries}}, evaluator.inputs):
        evaluator.add(recorded.exchange, recorded.body_known)
    return [f.message for f in evaluator.verdicts.findings() if f.verdict.value == "refuted"]


def test_a_body_past_the_cap_keeps_its_start_and_says_it_was_capped() -> None:
    body = offers(2000)
    content_ = entry(body, cap=1000)["response"]["content"]
    assert content_["_truncated"] is True and content_["size"] == len(body)
    assert content_["text"] == body[:1000].decode() and f"of {len(body)} bytes" in content_["comment"]
    assert "_truncated" not in entry(offers(2))["response"]["content"]


def test_the_key_is_in_no_part_of_an_entry() -> None:
    echoed = json.dumps({"code": 200, "content": [], "debug": KEY}).encode()
    text = har.encoded(entry(echoed, url=URL + "&api_key=" + KEY)).decode()
    assert KEY not in text and "[redacted]" in text


def test_a_body_that_is_not_utf8_is_kept_in_base64_and_read_back_whole() -> None:
    body = b"\xff\xfe" + KEY.encode() + b"\x00"
    content_ = entry(body)["response"]["content"]
    assert content_["encoding"] == "base64" and KEY not in har.encoded(entry(body)).decode()
    (recorded,) = har.exchanges(
        {"log": {"entries": [entry(body)]}}, Evaluator(Verdicts(Context(INDEX))).inputs
    )
    assert recorded.body_known and recorded.exchange.body.startswith(b"\xff\xfe[redacted]")


def test_a_capped_answer_read_back_is_judged_on_its_status_only() -> None:
    capped = entry(offers(2000), cap=1000)
    assert refuted([capped]) == []
    # The same bytes without the mark are taken for the whole body, and refute the answer's type.
    del capped["response"]["content"]["_truncated"]
    assert any("answered 200 as application/json" in m for m in refuted([capped]))


def test_a_body_marked_the_first_versions_way_is_read_as_capped() -> None:
    old = entry(offers(2000), cap=1000)
    content_ = old["response"]["content"]
    del content_["_truncated"], content_["comment"]
    content_["text"] += "…[truncated]"
    assert refuted([old]) == []


def test_a_browser_entry_without_its_body_is_not_taken_for_an_empty_body() -> None:
    bodiless = entry(offers(2))
    del bodiless["response"]["content"]["text"]
    evaluator = Evaluator(Verdicts(Context(INDEX)))
    (recorded,) = har.exchanges({"log": {"entries": [bodiless]}}, evaluator.inputs)
    assert not recorded.body_known and refuted([bodiless]) == []


def test_a_request_whose_body_was_capped_is_left_out() -> None:
    item = entry(offers(2))
    item["request"] |= {
        "method": "POST",
        "postData": {"mimeType": "application/json", "text": "{", "_truncated": True},
    }
    assert list(har.exchanges({"log": {"entries": [item]}}, Evaluator(Verdicts(Context(INDEX))).inputs)) == []


def test_an_answer_in_gzip_is_evaluated_as_its_content_and_a_coding_not_known_is_said() -> None:
    body = offers(3)
    assert content(gzip.compress(body), "gzip") == (body, True)
    assert content(body, "br") == (body, False)
    assert content(b"not gzip", "gzip") == (b"not gzip", False)


def test_a_body_that_inflates_past_the_limit_is_not_evaluated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("traffic.recorder.DECODED_MAX", 1000)
    bomb = gzip.compress(b"0" * 100_000)
    assert content(bomb, "gzip") == (bomb, False)


def write(files: HarFiles, items: list[dict[str, Any]]) -> None:
    files.write([lambda cap, item=item: har.encoded(item) for item in items])


def loaded(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_bytes())
    assert data["log"]["version"] == "1.2"
    return data


def test_files_rotate_before_the_bound_and_each_is_whole_har(tmp_path: Path) -> None:
    files = HarFiles(tmp_path, limit=20_000)
    for _ in range(6):
        write(files, [entry(offers(4)) for _ in range(5)])
        assert loaded(files.current)  # whole JSON after every write
    files.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert (
        names[-1] == "traffic.har"
        and len(names) > 2
        and [p.name for p in files.files]
        == [
            *(f"traffic-{n}.har" for n in range(1, len(names))),
            "traffic.har",
        ]
    )
    assert all(p.stat().st_size <= 20_000 for p in files.files)
    assert sum(len(loaded(p)["log"]["entries"]) for p in files.files) == files.recorded == 30


def test_an_entry_larger_than_a_file_is_capped_shorter_to_fit(tmp_path: Path) -> None:
    files = HarFiles(tmp_path, limit=50_000)
    big = offers(2000)  # about 450 KB
    files.write([lambda cap: har.encoded(entry(big, cap=cap))])
    files.close()
    (kept,) = loaded(files.current)["log"]["entries"]
    assert kept["response"]["content"]["_truncated"] and files.current.stat().st_size <= 50_000


def test_a_new_run_moves_the_last_runs_recording_aside_but_not_an_empty_one(tmp_path: Path) -> None:
    (tmp_path / "traffic-3.har").write_text("{}")
    last = HarFiles(tmp_path, limit=20_000)
    write(last, [entry(offers(1))])
    last.close()
    recorded = (tmp_path / "traffic.har").read_bytes()
    HarFiles(tmp_path, limit=20_000).close()  # records nothing
    HarFiles(tmp_path, limit=20_000).close()
    assert (tmp_path / "traffic-4.har").read_bytes() == recorded and not (tmp_path / "traffic-5.har").exists()
    assert loaded(tmp_path / "traffic.har")["log"]["entries"] == []
