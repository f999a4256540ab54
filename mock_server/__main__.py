"""Run the mock: `python -m mock_server [--host H] [--port P] [--seed FILE]`."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import warnings
from pathlib import Path

import uvicorn

# connexion imports starlette's test client, which warns about httpx on every start.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from mock_server.app import BASE_PATH, create_app  # noqa: E402
from mock_server.store import DEFAULT_DATASET, DatasetError, Store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mock_server", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--seed", type=Path, default=DEFAULT_DATASET, help="dataset file (YAML or JSON)")
    args = parser.parse_args(argv)

    custom_key = os.environ.get("MOCK_API_KEY") or None
    try:
        store = Store(args.seed, default_key=custom_key)
    except (OSError, DatasetError) as error:
        parser.error(f"cannot load {args.seed}: {error}")
    # The key is printed only when it is the dataset's documented development key.
    key = "the key in MOCK_API_KEY" if custom_key else f"X-API-KEY: {store.default_reseller.api_key}"
    print(
        f"FlashStart Customerarea mock on http://{args.host}:{args.port}{BASE_PATH} "
        f"(Swagger UI {BASE_PATH}/ui/), use {key}",
        flush=True,
    )
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then raises the signal again for the
    # previous handler: these make that a clean exit instead of a traceback or a -15 status.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(create_app(store), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
