"""The floor of the benchmark: bare Starlette answering the mock's L1 payload, nothing else.

python -m bench.floor --port P
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


def app() -> Starlette:
    store = Store()
    payload = json.dumps(
        {"code": 200, "content": store.available_offers(store.default_reseller, 1, license_duration="1")}
    ).encode()

    async def offers(_request: object) -> Response:
        return Response(payload, media_type="application/json")

    return Starlette(routes=[Route(SpecIndex.load().base_path + "/licenses/available", offers)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(app(), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
