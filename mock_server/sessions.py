"""Sessions: `X-Mock-Session: <id>` gives a request its own copy of the mock's state.

For parallel test workers and browser suites on one mock. A session is created on first use from
the mock's start dataset (the seed or `--dataset`) and clock (`--today`); it has its own license
ids, journal, reset and clock, so two sessions sending the same requests get the same answers,
ids included, and never see each other's licenses. Without the header a request meets the shared
state, as it always did.

Sessions are bounded: at most `--max-sessions` (the least recently used one is dropped first) and
none idle for more than `--session-idle` seconds. With `--state-file` each session is one row of
the file too: a restarted mock finds it again, and a dropped session's row goes with it.

The layer sits inside CORS (a browser can send the header and read a refusal); the control
endpoints (`control.py`) ask `Sessions.get` themselves.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from mock_server import dataset
from mock_server.answers import Answers
from mock_server.asgi import ASGIApp, Receive, Scope, Send, header, send_json
from mock_server.persistence import SessionRow, StateFile
from mock_server.settings import Settings
from mock_server.store import Store, clock

HEADER = "X-Mock-Session"
SESSION_ID = re.compile(r"[A-Za-z0-9._~:@+-]{1,100}\Z")
TOUCH_EVERY = 60.0  # seconds: how often a session's row notes that it was used (reads write nothing else)


@dataclass(eq=False)
class Session:
    id: str | None  # None: the shared state
    store: Store
    journal: deque[tuple[Any, ...]]
    owner: Sessions
    used: float = field(default_factory=time.monotonic)
    touched: float = field(default_factory=time.monotonic)
    dataset: str | None = None  # the named dataset reset goes back to (None: the mock's start dataset)
    today: dt.date | None = None  # this session's fixed day (None: the mock's clock)

    def describe(self) -> dict[str, Any]:
        return {
            "session": self.id,
            "dataset": self.dataset or self.owner.start_dataset,
            "today": self.store.today().isoformat(),
            "fixed_clock": self.today is not None or self.owner.settings.today is not None,
            "licenses": sum(len(r.licenses) for r in self.store.resellers.values()),
            "idle_seconds": round(time.monotonic() - self.used, 1),
        }


_CURRENT: ContextVar[Session | None] = ContextVar("mock_session", default=None)


class Sessions:
    def __init__(self, shared: Store, settings: Settings) -> None:
        self.settings = settings
        self.limit, self.idle = settings.max_sessions, settings.session_idle
        self.shared = Session(None, shared, deque(maxlen=settings.journal_size), self)
        self.start_dataset = (
            settings.seed.stem if settings.seed.parent == dataset.DATA else str(settings.seed)
        )
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()
        self.state_file = shared.state_file if isinstance(shared.state_file, StateFile) else None
        if self.state_file is not None:
            self.state_file.sessions_idle_since(time.time() - self.idle)

    # -- which session a request is in --------------------------------------------------------------
    def current(self) -> Session:
        """The session of the request being answered (the shared state outside any request)."""
        session = _CURRENT.get()
        return session if session is not None and session.owner is self else self.shared

    def current_store(self) -> Store:
        return self.current().store

    def get(self, session_id: str | None) -> Session:
        """The session a header names, created on first use; ValueError for a name that cannot be one."""
        if session_id is None:
            self.shared.used = time.monotonic()  # in use like any session: its idle_seconds start again
            return self.shared
        if not SESSION_ID.match(session_id):
            raise ValueError(
                f"{HEADER} is 1 to 100 letters, digits or ._~:@+- (for example worker-3), "
                f"not {session_id[:120]!r}"
            )
        now = time.monotonic()
        with self._lock:
            self._expire(now)
            session = self._sessions.get(session_id)
            if session is None:
                session = self._sessions[session_id] = self._create(session_id)
                while len(self._sessions) > self.limit:
                    self._drop(next(iter(self._sessions)))
            else:
                self._sessions.move_to_end(session_id)
            session.used = now
        if now - session.touched > TOUCH_EVERY and isinstance(session.store.state_file, SessionRow):
            session.touched = now
            session.store.state_file.touch()
        return session

    def _create(self, session_id: str) -> Session:
        row = None if self.state_file is None else self.state_file.session(session_id)
        store = Store(
            self.settings.seed, default_key=self.settings.api_key, today=self._clock(None), state_file=row
        )
        session = Session(session_id, store, deque(maxlen=self.settings.journal_size), self)
        if row is not None and row.meta:
            # A session found in the state file again: its dataset and clock as they were.
            self.configure(session, row.meta.get("dataset"), row.meta.get("today"), reset=False)
        return session

    def _clock(self, day: dt.date | None) -> Callable[[], dt.date]:
        return clock(day or self.settings.today)

    def _expire(self, now: float) -> None:
        for session_id in [s.id for s in self._sessions.values() if now - s.used > self.idle]:
            assert session_id is not None
            self._drop(session_id)

    def _drop(self, session_id: str) -> None:
        session = self._sessions.pop(session_id)
        if isinstance(session.store.state_file, SessionRow):
            session.store.state_file.delete()

    def all(self) -> list[Session]:
        with self._lock:
            self._expire(time.monotonic())
            return [self.shared, *self._sessions.values()]

    # -- a session's dataset and clock ----------------------------------------------------------------
    def configure(
        self, session: Session, dataset_name: str | None, today: str | None, *, reset: bool = True
    ) -> None:
        """Set what reset goes back to (a named dataset) and the clock (a YYYY-MM-DD day), then reset;
        DatasetError or ValueError names a bad one, and then nothing changes."""
        path = dataset.named(dataset_name) if dataset_name is not None else None
        try:
            day = None if today is None else dt.date.fromisoformat(today)
        except (TypeError, ValueError):
            raise ValueError(f"today is a date, YYYY-MM-DD, not {today!r}") from None
        store = session.store
        previous = (store.dataset, store.today, session.dataset, session.today)
        if path is not None:
            store.dataset, session.dataset = path, dataset_name
        store.today, session.today = self._clock(day), day
        row = store.state_file if isinstance(store.state_file, SessionRow) else None
        if row is not None:
            row.meta = {"dataset": session.dataset, "today": None if day is None else day.isoformat()}
        if reset:
            try:
                store.reset()
            except BaseException:
                store.dataset, store.today, session.dataset, session.today = previous
                raise


class SessionLayer:
    """Puts each API request in its session (the `X-Mock-Session` header) before the journal sees it;
    a bad name is the validation answer the spec gives the request's operation (answers.py's rule for
    a request of none)."""

    def __init__(self, app: ASGIApp, sessions: Sessions, answers: Answers) -> None:
        self.app, self.sessions, self.answers = app, sessions, answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = header(scope, HEADER) if scope["type"] == "http" else None
        if name is None:
            if scope["type"] == "http":
                self.sessions.get(None)  # the shared state is in use
            await self.app(scope, receive, send)
            return
        try:
            session = self.sessions.get(name.strip())
        except ValueError as error:
            await send_json(send, *self.answers.at(scope).invalid({HEADER: [str(error)]}))
            return
        token = _CURRENT.set(session)
        try:
            await self.app(scope, receive, send)
        finally:
            _CURRENT.reset(token)
