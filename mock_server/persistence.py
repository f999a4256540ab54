"""Persistence: the mock's state in one SQLite row (`--state-file`), saved in one transaction per request."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any


class StateFileError(Exception):
    """A --state-file that cannot be used; the message names it and says why."""


class StateFile:
    """The state in one SQLite row: each save is one transaction, so a killed process leaves
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
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)"
        )

    def load(self) -> Any | None:
        row = self._db.execute("SELECT data FROM state WHERE id = 1").fetchone()
        return None if row is None else json.loads(row[0])

    def save(self, data: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO state (id, data) VALUES (1, ?)", (json.dumps(data),))
