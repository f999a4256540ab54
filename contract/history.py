"""The history of live contract runs in one SQLite file: each run (when, commit, spec version, host, seed,
outcome) with every finding's verdict and evidence, written in one transaction.

The file is `reports/history.sqlite` (under REPORTS_DIR when that is set), or HISTORY=<path>. It is
SQLite from the standard library in WAL mode, with a busy timeout and a few retries: a second run that
finishes at the same time waits its turn, a reader never blocks a writer, and a run killed while it
writes leaves nothing of itself (SQLite rolls the open transaction back) and every earlier run intact.
The key is never stored: every text passes the run's Redactor; the base URL keeps no userinfo or query.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from contract.model import Verdict
from contract.redact import NOTHING, Redactor
from contract.spec import REPO

FILE_NAME = "history.sqlite"
VERSION = 1  # PRAGMA user_version: the shape of the tables below
BUSY_SECONDS = 10.0  # how long one attempt waits for another run's transaction
RETRIES = 4
T = TypeVar("T")

TABLES = (
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,            -- when the run ended: ISO 8601, UTC
        host TEXT NOT NULL,          -- BASE_URL's host[:port]
        base_url TEXT NOT NULL,      -- without userinfo, query or fragment
        git_commit TEXT NOT NULL,
        spec_version TEXT NOT NULL,
        seed TEXT NOT NULL,
        outcome TEXT NOT NULL,
        facts TEXT NOT NULL          -- the report's facts, JSON
    )""",
    """CREATE TABLE IF NOT EXISTS findings (
        run INTEGER NOT NULL REFERENCES runs (id),
        id TEXT NOT NULL,            -- the assumption's stable id
        verdict TEXT NOT NULL CHECK (verdict IN ('refuted', 'untested', 'confirmed')),
        operation TEXT NOT NULL,
        subject TEXT NOT NULL,
        provenance TEXT NOT NULL,
        message TEXT NOT NULL,
        evidence TEXT,               -- the runnable curl, the key as $API_KEY
        document TEXT NOT NULL,      -- the finding as contract-findings.json has it
        PRIMARY KEY (run, id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS runs_by_host ON runs (host, id)",
    "CREATE INDEX IF NOT EXISTS findings_by_id ON findings (id, run)",
)


class HistoryError(RuntimeError):
    """The history cannot be opened, read or written; the message is the one sentence to show."""


def default_path(env: Mapping[str, str] | None = None) -> Path:
    """HISTORY, else `history.sqlite` in REPORTS_DIR, else in the repository's reports/."""
    env = os.environ if env is None else env
    if env.get("HISTORY"):
        return Path(env["HISTORY"])
    return Path(env.get("REPORTS_DIR") or REPO / "reports") / FILE_NAME


def host_of(base_url: str) -> str:
    """`api.fsflt.net`, `127.0.0.1:8080`: what makes two runs runs against the same server."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def public_url(base_url: str) -> str:
    """The base URL without userinfo, query or fragment (where a key could hide)."""
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, host_of(base_url), parts.path, "", ""))


def shown(at: str) -> str:
    """`2026-12-03T02:04:11Z` as people read it: `2026-12-03 02:04 UTC`."""
    return at[:16].replace("T", " ") + " UTC"


@dataclass(frozen=True)
class RunRecord:
    id: int
    at: str  # ISO 8601, UTC: "2026-12-03T02:04:11Z"
    host: str
    base_url: str
    commit: str
    spec_version: str
    seed: str
    outcome: str

    def describe(self) -> str:
        return f"run {self.id} of {shown(self.at)} (commit {self.commit}, spec {self.spec_version})"


@dataclass(frozen=True)
class Streak:
    """One assumption's verdict on a host as of a run: since when it has held, and what it was before."""

    id: str
    verdict: Verdict
    since: str  # the time of the first run of the streak
    since_run: int
    before: Verdict | None  # None: it has held since the first run that had this assumption
    last_run: int  # the latest run that had this assumption


@dataclass(frozen=True)
class Recorded:
    """A run just recorded, the previous run on its host, and each assumption's streak as of that run."""

    run: RunRecord
    previous: RunRecord | None
    before: dict[str, Streak]


def _busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


class History:
    """One history file, open: `record` a run, read runs, findings and streaks."""

    def __init__(self, path: Path, busy_seconds: float = BUSY_SECONDS) -> None:
        self.path = path
        if path.is_dir():
            raise HistoryError(f"the history {path} is a folder: give a file, such as {path / FILE_NAME}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=busy_seconds, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise HistoryError(f"cannot open the history {path}: {error}") from None
        try:
            self._retrying(self._prepare)
        except HistoryError:
            self.db.close()
            raise

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- writing ------------------------------------------------------------------------------
    def _prepare(self) -> None:
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        with self._transaction():
            (version,) = self.db.execute("PRAGMA user_version").fetchone()
            tables = {
                name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if version > VERSION:
                raise HistoryError(f"the history {self.path} was written by a newer version of the kit")
            if tables and "runs" not in tables:
                raise HistoryError(f"{self.path} is a SQLite file of something else, not a run history")
            for statement in TABLES:
                self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version={VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE: the write lock from the start, so two writers queue instead of deadlocking."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _retrying(self, work: Callable[[], T], attempt: int = 0) -> T:
        """`work`, again after a pause while another run holds the lock past the busy timeout."""
        try:
            return work()
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise HistoryError(f"the history {self.path} cannot be written: {error}") from None
            if attempt == RETRIES - 1:
                locked = f"the history {self.path} stayed locked by another run ({error}): nothing recorded"
                raise HistoryError(locked) from None
        except sqlite3.DatabaseError as error:
            raise HistoryError(f"{self.path} is not a run history (SQLite: {error})") from None
        time.sleep(0.1 * 2**attempt)
        return self._retrying(work, attempt + 1)

    def record(
        self,
        facts: Mapping[str, Any],
        base_url: str,
        findings: Sequence[Mapping[str, Any]],
        redact: Redactor = NOTHING,
        at: dt.datetime | None = None,
    ) -> Recorded:
        """The run and each of its findings (as contract-findings.json has them), in one transaction."""
        when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        host = host_of(base_url)
        run = RunRecord(
            id=0,
            at=when,
            host=host,
            base_url=redact(public_url(base_url)),
            commit=str(facts.get("commit") or "unknown"),
            spec_version=str(facts.get("spec_version") or "unknown"),
            seed=redact(str(facts.get("seed") or facts.get("hypothesis") or "unknown")),
            outcome=redact(str(facts.get("outcome") or "unknown")),
        )
        facts_text = redact(json.dumps(facts, ensure_ascii=False, default=str))

        def work() -> Recorded:
            with self._transaction():
                previous = self.latest(host)
                before = self.streaks(host, previous.id) if previous else {}
                cursor = self.db.execute(
                    "INSERT INTO runs (at, host, base_url, git_commit, spec_version, seed, outcome, facts)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (*astuple(run)[1:], facts_text),  # every field but the id, in the columns' order
                )
                run_id = int(cursor.lastrowid or 0)
                for finding in findings:
                    self._insert_finding(run_id, finding, redact)
            return Recorded(replace(run, id=run_id), previous, before)

        return self._retrying(work)

    def _insert_finding(self, run_id: int, finding: Mapping[str, Any], redact: Redactor) -> None:
        self.db.execute(
            "INSERT INTO findings (run, id, verdict, operation, subject, provenance, message, evidence,"
            " document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                finding["id"],
                Verdict(finding["verdict"]).value,
                finding.get("operation", "-"),
                finding.get("subject", "-"),
                finding.get("provenance", "-"),
                redact(str(finding.get("message", ""))),
                redact.for_shell(finding["evidence"]) if finding.get("evidence") else None,
                redact(json.dumps(finding, ensure_ascii=False, default=str)),
            ),
        )

    # -- reading ------------------------------------------------------------------------------
    def _runs(self, where: str = "", parameters: tuple[Any, ...] = ()) -> list[RunRecord]:
        rows = self.db.execute(
            "SELECT id, at, host, base_url, git_commit, spec_version, seed, outcome FROM runs"
            f" {where} ORDER BY id",
            parameters,
        )
        return [RunRecord(*row) for row in rows]

    def runs(self, host: str | None = None) -> list[RunRecord]:
        return self._runs("WHERE host = ?", (host,)) if host else self._runs()

    def latest(self, host: str | None = None) -> RunRecord | None:
        """The latest run (on `host`, when given)."""
        where = "WHERE id = (SELECT MAX(id) FROM runs" + (" WHERE host = ?)" if host else ")")
        found = self._runs(where, (host,) if host else ())
        return found[0] if found else None

    def hosts(self) -> list[str]:
        """Every host with a run, the most recently run first."""
        rows = self.db.execute("SELECT host FROM runs GROUP BY host ORDER BY MAX(id) DESC")
        return [host for (host,) in rows]

    def findings(self, run_id: int) -> list[dict[str, Any]]:
        """A run's findings, as contract-findings.json had them."""
        rows = self.db.execute("SELECT document FROM findings WHERE run = ? ORDER BY id", (run_id,))
        return [json.loads(document) for (document,) in rows]

    def latest_findings(self, host: str) -> dict[str, dict[str, Any]]:
        """Each assumption ever recorded on `host`, as its latest run there had it."""
        rows = self.db.execute(
            "SELECT f.id, f.document FROM findings f JOIN (SELECT f2.id AS id, MAX(f2.run) AS run"
            " FROM findings f2 JOIN runs r ON r.id = f2.run WHERE r.host = ? GROUP BY f2.id) latest"
            " ON latest.id = f.id AND latest.run = f.run",
            (host,),
        )
        return {key: json.loads(document) for key, document in rows}

    def streaks(self, host: str, up_to: int | None = None) -> dict[str, Streak]:
        """Each assumption's verdict on `host` as of run `up_to` (default: the latest), and since when."""
        rows = self.db.execute(
            "SELECT f.id, f.verdict, r.id, r.at FROM findings f JOIN runs r ON r.id = f.run"
            " WHERE r.host = ? AND r.id <= ? ORDER BY f.id, r.id",
            (host, up_to if up_to is not None else 2**62),
        )
        found: dict[str, Streak] = {}
        for key, verdict_text, run_id, at in rows:
            verdict = Verdict(verdict_text)
            current = found.get(key)
            if current is None or current.verdict is not verdict:
                before = current.verdict if current else None
                found[key] = Streak(key, verdict, at, run_id, before, run_id)
            else:
                found[key] = replace(current, last_run=run_id)
        return found
