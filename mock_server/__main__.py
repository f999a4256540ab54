"""Run the mock: `python -m mock_server [--host H] [--port P] [--seed FILE] [options]` (see --help)."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
import signal
import socket
import sys
import threading
import warnings

import uvicorn

# connexion imports starlette's test client, which warns about httpx on every start.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from connexion.exceptions import InvalidSpecification  # noqa: E402

from contract.bundle import BundleError  # noqa: E402
from contract.sources import shown  # noqa: E402
from contract.spec import SPEC_ROOT  # noqa: E402
from mock_server.answers import CannotFollow  # noqa: E402
from mock_server.app import create_app, store_for  # noqa: E402
from mock_server.dataset import DatasetError  # noqa: E402
from mock_server.faults import DroppedConnection  # noqa: E402
from mock_server.persistence import StateFileError  # noqa: E402
from mock_server.reload import Reloader  # noqa: E402
from mock_server.settings import Settings, from_args  # noqa: E402

PROG = "python -m mock_server"


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind before anything is printed, so a port in use is one sentence and no banner."""
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def served_spec(settings: Settings) -> Settings:
    """With reload on and no --spec, the mock serves `openapi/` itself (bundled in memory), so that an
    edit made while it was stopped is served too; with --no-reload, the committed bundle."""
    if settings.spec is not None or not settings.reload:
        return settings
    return dataclasses.replace(settings, spec=SPEC_ROOT)


def main(argv: list[str] | None = None) -> int:
    settings = served_spec(from_args(argv))
    custom_key = settings.api_key
    try:
        app = create_app(store_for(settings), settings=settings)
    except StateFileError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except DatasetError as error:
        print(f"{PROG}: error: --seed {settings.seed}: cannot load it: {error}", file=sys.stderr)
        return 2
    except (BundleError, CannotFollow) as error:
        # A spec the mock cannot read or cannot follow: one sentence, nothing served.
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except InvalidSpecification as error:
        first = next((line for line in str(error).splitlines() if line.strip()), "")
        print(f"{PROG}: error: {settings.spec}: it is not a valid OpenAPI document: {first}", file=sys.stderr)
        return 2
    try:
        sock = listening_socket(settings.host, settings.port)
    except OSError as error:
        why = error.strerror or str(error)
        print(f"{PROG}: error: cannot listen on {settings.host}:{settings.port}: {why}", file=sys.stderr)
        return 2
    store = app.store
    base_path = app.index.base_path
    # The key is printed only when it is the dataset's documented development key.
    key = (
        "the key in MOCK_API_KEY"
        if custom_key
        else f"{app.index.key_header}: {store.default_reseller.api_key}"
    )
    print(
        f"FlashStart Customerarea mock on http://{settings.host}:{settings.port}{base_path} "
        f"(Swagger UI {base_path}/ui/), use {key}",
        flush=True,
    )
    if settings.reload and settings.spec is not None:
        folder = shown(settings.spec.resolve().parent)
        print(f"Serving {shown(settings.spec)}: a change in {folder}/ is served, the state kept", flush=True)
        reloader = Reloader(app, settings.spec, lambda line: print(line, flush=True))
        threading.Thread(target=reloader.watch, args=(threading.Event(),), daemon=True).start()
    # A dropped connection is on purpose: not an error worth a traceback in the log.
    logging.getLogger("uvicorn.error").addFilter(
        lambda record: not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))
    )
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then raises the signal again for the
    # previous handler: these make that a clean exit instead of a traceback or a -15 status.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # The collector's full passes walk every object: the app's, the dataset's, and each license
    # assigned since (they live until a reset). Under load they stopped the server for 30-130 ms
    # each, a dozen times in 15 s (the p99 of bench/results.md). What exists now lives as long as
    # the process: out of the collector's way. Full passes become rare; young garbage is still
    # collected as before.
    gc.collect()
    gc.freeze()
    gc.set_threshold(700, 10, 1000)
    with contextlib.suppress(KeyboardInterrupt):
        config = uvicorn.Config(
            app,
            log_level="warning",
            # The journal (/__mock/journal) records requests; uvicorn's access log would only be
            # formatted and dropped at this level. The mock is reached directly, not through a
            # proxy: the client address /__mock/ checks is the socket's own.
            access_log=False,
            proxy_headers=False,
        )
        uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
