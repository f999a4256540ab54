"""The floor of the benchmark: bare Starlette answering the mock's L1 payload, nothing else (also the
fast upstream of make bench-proxy, which can ask for a larger, still valid, answer).

python -m bench.floor --port P [--answer-bytes N]
"""

from __future__ import annotations

import argparse
import json

import uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from contract.spec import SpecIndex
from mock_server.store import Store


def app(answer_bytes: int = 0) -> Starlette:
    """L1's answer; with `answer_bytes`, its offers repeated until the body is at least that long."""
    store = Store()
    offers = store.available_offers(store.default_reseller, 1, license_duration="1")
    repeats = max(1, -(-answer_bytes // len(json.dumps(offers))))  # rounded up
    payload = json.dumps({"code": 200, "content": offers * repeats}).encode()

    async def offers_answer(_request: object) -> Response:
        return Response(payload, media_type="application/json")

    return Starlette(routes=[Route(SpecIndex.load().base_path + "/licenses/available", offers_answer)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--answer-bytes", type=int, default=0, help="answer L1 with a body at least this long"
    )
    args = parser.parse_args()
    uvicorn.run(
        app(args.answer_bytes), host="127.0.0.1", port=args.port, log_level="warning", access_log=False
    )


if __name__ == "__main__":
    main()
