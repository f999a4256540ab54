"""Persistence: the mock's state in SQLite (`--state-file`), saved in one transaction per request.

The shared state is one row of `state`; each session (`X-Mock-Session`) is one row of `sessions`,
with when it was last used, so that a restarted mock finds its sessions again and drops the idle ones.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any


class StateFileError(Exception):
    """A --state-file that cannot be used; the message names it and says why."""


class StateFile:
    """The shared state in one SQLite row: each save is one transaction, so a killed process leaves
    either the state before a request or the state after it."""

    @classmethod
    def open(cls, path: Path) -> StateFile:
        """Open (or create) the file, or say in one sentence why it cannot be the state file."""
        try:
            state_file = cls(path)
            state_file.load()
            return state_file
        except (sqlite3.Error, OSError, ValueError) as error:
            if path.is_dir():
                why = "it is a folder, not a file"
            elif not path.parent.is_dir():
                why = f"its folder {path.parent} does not exist"
            else:
                why = f"it is not a state file of the mock ({error})"
            raise StateFileError(f"--state-file {path}: {why}") from None

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS sessions "
            "(id TEXT PRIMARY KEY, data TEXT NOT NULL, meta TEXT NOT NULL, used REAL NOT NULL)"
        )

    def load(self) -> Any | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM state WHERE id = 1").fetchone()
        return None if row is None else json.loads(row[0])

    def save(self, data: Any) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO state (id, data) VALUES (1, ?)", (json.dumps(data),))

    def session(self, session_id: str) -> SessionRow:
        return SessionRow(self, session_id)

    def sessions_idle_since(self, before: float) -> None:
        """Forget the sessions last used before `before` (a time.time())."""
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE used < ?", (before,))


class SessionRow:
    """One session's state and settings (its dataset, its clock) in the state file."""

    def __init__(self, state_file: StateFile, session_id: str) -> None:
        self.file, self.id = state_file, session_id
        self.meta: dict[str, Any] = {}

    @property
    def path(self) -> str:
        return f"{self.file.path} (session {self.id})"

    def load(self) -> Any | None:
        with self.file._lock:
            row = self.file._db.execute("SELECT data, meta FROM sessions WHERE id = ?", (self.id,)).fetchone()
        if row is None:
            return None
        self.meta = json.loads(row[1])
        return json.loads(row[0])

    def save(self, data: Any) -> None:
        with self.file._lock:
            self.file._db.execute(
                "INSERT OR REPLACE INTO sessions (id, data, meta, used) VALUES (?, ?, ?, ?)",
                (self.id, json.dumps(data), json.dumps(self.meta), time.time()),
            )

    def touch(self) -> None:
        with self.file._lock:
            self.file._db.execute("UPDATE sessions SET used = ? WHERE id = ?", (time.time(), self.id))

    def delete(self) -> None:
        with self.file._lock:
            self.file._db.execute("DELETE FROM sessions WHERE id = ?", (self.id,))
