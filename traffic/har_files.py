"""The proxy's HAR files: reports/traffic.har, whole HAR 1.2 after every write, rotated at a bound.

Entries are appended in place (the closing brackets rewritten after each batch), so a killed proxy
loses nothing it wrote. When the next entry would take traffic.har past the bound (HAR_MAX_MB), the
file is renamed traffic-<n>.har (n counting up, oldest first) and a new traffic.har begins; a run
begins by moving the last run's traffic.har aside the same way (unless it recorded nothing), so no
recording is overwritten. An
entry too large for a whole file is written again with its bodies capped shorter (said in it), and
left out only when not even its headers fit.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from traffic.har import BODY_CAP

CURRENT = "traffic.har"
ROTATED = re.compile(r"traffic-(\d+)\.har")
CREATOR = {"name": "flashstart-contract-kit proxy", "version": "2.0"}
HEAD = (json.dumps({"log": {"version": "1.2", "creator": CREATOR}})[:-2] + ', "entries": [').encode()
TAIL = b"\n]}}\n"
MEGABYTE = 1_000_000

Entry = Callable[[int], bytes]  # the entry, encoded, with its bodies capped at the given length


class HarFiles:
    def __init__(self, folder: Path, limit: int) -> None:
        if limit < len(HEAD) + len(TAIL) + 1024:
            raise ValueError(f"a HAR file of {limit} bytes cannot hold an entry")
        self.folder, self.limit = folder, limit
        folder.mkdir(parents=True, exist_ok=True)
        self.current = folder / CURRENT
        numbers = [int(m.group(1)) for p in folder.iterdir() if (m := ROTATED.fullmatch(p.name))]
        self._next = max(numbers, default=0) + 1
        self.rotated: list[Path] = []  # this run's full files, oldest first
        self.recorded = self.left_out = 0
        if self.current.exists() and self.current.stat().st_size > len(HEAD) + len(TAIL):
            self._move_aside(self.current, mine=False)  # the last run's recording (not an empty one)
        self._start()

    def _start(self) -> None:
        self._handle = self.current.open("w+b")
        self._handle.write(HEAD + TAIL)
        self._handle.flush()
        self._size, self._entries = len(HEAD) + len(TAIL), 0

    def _move_aside(self, path: Path, mine: bool) -> None:
        target = self.folder / f"traffic-{self._next}.har"
        os.replace(path, target)
        self._next += 1
        if mine:
            self.rotated.append(target)

    def _rotate(self) -> None:
        self._handle.close()
        self._move_aside(self.current, mine=True)
        self._start()

    def _fitting(self, entry: Entry) -> bytes | None:
        """The entry as it fits in a file of its own: bodies capped shorter until it does."""
        room = self.limit - len(HEAD) - len(TAIL) - 2
        cap = BODY_CAP
        while True:
            data = entry(cap)
            if len(data) <= room:
                return data
            if cap == 0:
                return None
            cap //= 4

    def write(self, entries: list[Entry]) -> None:
        """Append a batch; the file is whole JSON again when this returns."""
        pending: list[bytes] = []
        for entry in entries:
            data = self._fitting(entry)
            if data is None:
                self.left_out += 1
                continue
            grown = (1 if self._entries == 0 else 2) + len(data)
            if self._size + grown > self.limit:
                self._append(pending)
                pending = []
                self._rotate()
                grown = 1 + len(data)
            pending.append((b"\n" if self._entries == 0 else b",\n") + data)
            self._size += grown
            self._entries += 1
            self.recorded += 1
        self._append(pending)

    def _append(self, pending: list[bytes]) -> None:
        if not pending:
            return
        written = sum(map(len, pending))
        self._handle.seek(self._size - written - len(TAIL))
        self._handle.write(b"".join(pending) + TAIL)
        self._handle.flush()

    @property
    def files(self) -> list[Path]:
        """This run's files, oldest first: the full ones, then traffic.har."""
        return [*self.rotated, self.current]

    def close(self) -> None:
        self._handle.close()
