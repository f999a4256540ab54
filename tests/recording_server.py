"""The mock (or a broken variant) over a real socket, logging every request it receives.

    python -m tests.recording_server --port P --log FILE [--variant NAME] [--prefix /gw]

With --prefix it stands for an API gateway that mounts the API under another path: a request
must start with the prefix, which is removed before the mock sees it (others are 404).

Each log line is JSON: method, path, whether the request carried the valid key (in its header, or
anywhere in its query string), and the customer_code of a JSON body. The key itself is never logged.
"""

from __future__ import annotations

import argparse
import json
import os
import warnings
from pathlib import Path
from typing import Any

import uvicorn

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from mock_server.asgi import read_body, replaying, send_json  # noqa: E402
from mock_server.dataset import dev_key  # noqa: E402
from tests import broken_mocks  # noqa: E402


class Recorder:
    def __init__(self, app: Any, log: Path, key: str, prefix: str = "") -> None:
        self.app, self.log, self.key, self.prefix = app, log, key.encode(), prefix.rstrip("/")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        try:
            customer = json.loads(body).get("customer_code") if body else None
        except (ValueError, AttributeError):
            customer = None
        keyed = any(k.lower() == b"x-api-key" and v == self.key for k, v in scope["headers"])
        key_in_query = self.key in scope.get("query_string", b"")
        with self.log.open("a", encoding="utf-8") as handle:
            handle.write(
                json.dumps(
                    {
                        "method": scope["method"],
                        "path": scope["path"],
                        "keyed": keyed,
                        "key_in_query": key_in_query,
                        "customer_code": customer,
                    }
                )
                + "\n"
            )

        path = scope["path"]
        if self.prefix and not path.startswith(self.prefix + "/"):
            await send_json(send, 404, {"code": 404, "message": "Not Found"})
            return
        if self.prefix:
            scope = {**scope, "path": path.removeprefix(self.prefix), "raw_path": None}
        await self.app(scope, replaying(body, receive), send)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--variant", default="")
    parser.add_argument("--prefix", default="")
    args = parser.parse_args()
    app = getattr(broken_mocks, args.variant)() if args.variant else broken_mocks.mock()
    key = os.environ.get("MOCK_API_KEY") or dev_key()
    uvicorn.run(
        Recorder(app, args.log, key, args.prefix), host="127.0.0.1", port=args.port, log_level="warning"
    )


if __name__ == "__main__":
    main()
