"""The spec reloaded while the mock runs, as Prism does: a change in the spec's folder served, the state kept.

`python -m mock_server` (and `make mock`) watches the folder of the spec it serves (`openapi/` by
default) and, once a change has settled (two looks in a row see the same files), reads the spec
again (bundled by the core: contract/bundle.py), checks it as at start (conformance.py) against the
named datasets and every state alive (the shared one and each session's), and serves it: the store
and the sessions are kept. A spec that does not bundle, validate or fit keeps the previous one
serving, with one sentence on the console. `--no-reload` (CI) starts none of this.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from contract.bundle import read_spec
from contract.sources import shown
from contract.spec import SpecIndex
from mock_server import conformance
from mock_server.app import MockApp
from mock_server.connexion_compat import check_spec

Fingerprint = tuple[tuple[str, int, int], ...]
SPEC_FILES = (".yaml", ".yml", ".json")
EVERY = 0.5  # seconds between looks at the folder: a few dozen stat calls


def fingerprint(folder: Path) -> Fingerprint:
    """Each spec file under the folder, with its modification time and size."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in SPEC_FILES:
            try:
                stat = path.stat()
            except OSError:
                continue  # removed while we looked: the next look sees it gone
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class Reloader:
    def __init__(self, app: MockApp, source: Path, say: Callable[[str], None]) -> None:
        self.app, self.source, self.say = app, source, say
        self.folder = source.resolve().parent
        self.served = self.seen = fingerprint(self.folder)

    def look(self) -> bool:
        """One look at the folder; reloads when a change has settled. True: the spec was reloaded."""
        now = fingerprint(self.folder)
        settled, self.seen = now == self.seen, now
        if now == self.served or not settled:
            return False
        self.served = now
        return self.reload()

    def reload(self) -> bool:
        try:
            index = SpecIndex(read_spec(self.source))
            check_spec(index.spec)
            alive = [
                conformance.state_of(_label(session.id), session.store.dump())
                for session in self.app.sessions.all()
            ]
            answers = conformance.follow(index, self.source, alive)
            self.app.serve(index, answers)
        except Exception as error:  # whatever the new spec breaks, the previous one keeps serving
            first = next((line for line in str(error).splitlines() if line.strip()), type(error).__name__)
            self.say(
                f"mock: {shown(self.source)} changed but is not served, the previous spec still is: {first}"
            )
            return False
        self.say(
            f"mock: {self.source} changed: now serving it (info.version {index.version}), the state kept"
        )
        return True

    def watch(self, stop: threading.Event) -> None:
        while not stop.wait(EVERY):
            self.look()


def _label(session_id: str | None) -> str:
    return "the shared state" if session_id is None else f"session {session_id}"
