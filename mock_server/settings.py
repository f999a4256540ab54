"""The mock's options: `Settings`, built once by `from_args` from the environment (MOCK_*, HOST, PORT)
and, over it, the command line. Nothing else in the mock reads the environment."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from mock_server.dataset import DEFAULT_DATASET, DatasetError, named, names


@dataclass(frozen=True)
class Delay:
    """A fixed delay or a range to draw from, in milliseconds."""

    low: int
    high: int

    @classmethod
    def parse(cls, text: str) -> Delay:
        low, _, high = text.strip().partition("-")
        try:
            delay = cls(int(low), int(high or low))
        except ValueError:
            raise ValueError(f"a delay is MS or MIN-MAX in milliseconds, not {text!r}") from None
        if not 0 <= delay.low <= delay.high <= 60_000:
            raise ValueError(f"a delay must be within 0-60000 ms, low before high: {text!r}")
        return delay


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    seed: Path = DEFAULT_DATASET
    state_file: Path | None = None
    cors_origins: tuple[str, ...] = ("*",)
    delay: Delay | None = None
    delay_for: dict[str, Delay] = field(default_factory=dict)
    failure_rate: float = 0.0
    failure_mode: str = "status"
    allow_remote_control: bool = False
    journal_size: int = 200
    validate_responses: bool = False
    fast_path: bool = True
    api_key: str | None = None  # the default reseller's key instead of the dataset's (MOCK_API_KEY)
    today: dt.date | None = None  # a fixed "today" for every date the mock computes (--today, MOCK_TODAY)
    max_sessions: int = 100  # X-Mock-Session: at most this many at once (the least recently used goes)
    session_idle: float = 3600.0  # seconds a session lives unused


FAILURE_MODES = ("status", "drop")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _delays_for(text: str) -> dict[str, Delay]:
    pairs = [item.split("=", 1) for item in text.split(",") if item.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError(f"per-operation delays are operationId=MS[,operationId=MIN-MAX...], not {text!r}")
    return {name.strip(): Delay.parse(value) for name, value in pairs}


def env_flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _number(kind: type[int] | type[float], low: float, high: float, what: str) -> Any:
    """An argparse type: a number within bounds; argparse applies it to defaults from the
    environment too, so `PORT=abc` is one sentence, not a traceback."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}")
        return value

    return parse


PORT = _number(int, 0, 65535, "a port number (0-65535)")
FRACTION = _number(float, 0, 1, "a fraction between 0 and 1")
JOURNAL_SIZE = _number(int, 0, 1_000_000, "a number of entries (0-1000000)")
SESSIONS = _number(int, 1, 100_000, "a number of sessions (1-100000)")
IDLE = _number(float, 1, 30 * 24 * 3600, "a number of seconds (1-2592000)")


class _Parser(argparse.ArgumentParser):
    """Bad input is one line naming the option and its environment variable, no usage block."""

    def error(self, message: str) -> NoReturn:
        for option, variable in ENVIRONMENT.items():
            message = message.replace(f"argument {option}:", f"argument {option} (or {variable}):")
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


ENVIRONMENT = {
    "--host": "HOST",
    "--port": "PORT",
    "--state-file": "MOCK_STATE_FILE",
    "--failure-rate": "MOCK_FAILURE_RATE",
    "--failure-mode": "MOCK_FAILURE_MODE",
    "--journal-size": "MOCK_JOURNAL_SIZE",
    "--today": "MOCK_TODAY",
    "--dataset": "MOCK_DATASET",
    "--max-sessions": "MOCK_MAX_SESSIONS",
    "--session-idle": "MOCK_SESSION_IDLE",
}


def parser() -> argparse.ArgumentParser:
    env = os.environ
    p = _Parser(
        prog="python -m mock_server",
        description="The FlashStart Customerarea mock. Options also read the environment variable named.",
    )
    p.add_argument("--host", default=env.get("HOST") or "127.0.0.1", help="(HOST) default 127.0.0.1")
    p.add_argument("--port", type=PORT, default=env.get("PORT") or "8080", help="(PORT) default 8080")
    p.add_argument("--seed", type=Path, default=None, help="dataset file (YAML or JSON); default: --dataset")
    p.add_argument(
        "--dataset",
        default=env.get("MOCK_DATASET") or None,
        help=f"(MOCK_DATASET) a named dataset of mock_server/data/: {', '.join(names())} (default: default)",
    )
    p.add_argument(
        "--state-file",
        type=Path,
        default=env.get("MOCK_STATE_FILE") or None,
        help="(MOCK_STATE_FILE) keep state across restarts in this SQLite file (default: in memory)",
    )
    p.add_argument(
        "--cors-origins",
        default=env.get("MOCK_CORS_ORIGINS") or "*",
        help="(MOCK_CORS_ORIGINS) comma-separated origins allowed by CORS, or * (default)",
    )
    p.add_argument(
        "--delay",
        default=env.get("MOCK_DELAY") or None,
        help="(MOCK_DELAY) delay every answer: MS or MIN-MAX",
    )
    p.add_argument(
        "--delay-for",
        default=env.get("MOCK_DELAY_FOR") or "",
        help="(MOCK_DELAY_FOR) per operation: operationId=MS[,operationId=MIN-MAX...]",
    )
    p.add_argument(
        "--failure-rate",
        type=FRACTION,
        default=env.get("MOCK_FAILURE_RATE") or "0",
        help="(MOCK_FAILURE_RATE) fraction (0-1) of API requests that fail",
    )
    p.add_argument(
        "--failure-mode",
        choices=FAILURE_MODES,
        default=env.get("MOCK_FAILURE_MODE") or "status",
        help="(MOCK_FAILURE_MODE) a failure answers 503 (status) or drops the connection (drop)",
    )
    p.add_argument(
        "--allow-remote-control",
        action="store_true",
        default=env_flag(env.get("MOCK_ALLOW_REMOTE_CONTROL")),
        help="(MOCK_ALLOW_REMOTE_CONTROL) serve /__mock/ to non-loopback clients and hosts too",
    )
    p.add_argument(
        "--no-fast-path",
        dest="fast_path",
        action="store_false",
        default=not env_flag(env.get("MOCK_NO_FAST_PATH")),
        help="(MOCK_NO_FAST_PATH) every request through connexion's middleware stack (slower; same answers)",
    )
    p.add_argument(
        "--today",
        type=_day,
        default=env.get("MOCK_TODAY") or None,
        help="(MOCK_TODAY) a fixed date, YYYY-MM-DD, for every date the mock computes (default: today's)",
    )
    p.add_argument(
        "--max-sessions",
        type=SESSIONS,
        default=env.get("MOCK_MAX_SESSIONS") or "100",
        help="(MOCK_MAX_SESSIONS) X-Mock-Session sessions kept at once; the least recently used goes first",
    )
    p.add_argument(
        "--session-idle",
        type=IDLE,
        default=env.get("MOCK_SESSION_IDLE") or "3600",
        help="(MOCK_SESSION_IDLE) seconds an unused session is kept (default 3600)",
    )
    p.add_argument(
        "--journal-size",
        type=JOURNAL_SIZE,
        default=env.get("MOCK_JOURNAL_SIZE") or "200",
        help="(MOCK_JOURNAL_SIZE) requests the journal keeps per session (default 200; 0: none)",
    )
    return p


def from_args(argv: list[str] | None = None) -> Settings:
    p = parser()
    args = p.parse_args(argv)
    try:
        if args.failure_mode not in FAILURE_MODES:  # argparse does not check a default's choice
            raise ValueError(
                f"--failure-mode (or MOCK_FAILURE_MODE) is one of {FAILURE_MODES}, not {args.failure_mode!r}"
            )
        if args.seed is not None and args.dataset is not None:
            raise ValueError("give --seed FILE or --dataset NAME (or MOCK_DATASET), not both")
        try:
            seed = args.seed or (named(args.dataset) if args.dataset else DEFAULT_DATASET)
        except DatasetError as error:
            raise ValueError(f"--dataset (or MOCK_DATASET): {error}") from None
        return Settings(
            host=args.host,
            port=args.port,
            seed=seed,
            state_file=args.state_file,
            cors_origins=tuple(o.strip() for o in args.cors_origins.split(",") if o.strip()),
            delay=Delay.parse(args.delay) if args.delay else None,
            delay_for=_delays_for(args.delay_for),
            failure_rate=args.failure_rate,
            failure_mode=args.failure_mode,
            allow_remote_control=args.allow_remote_control,
            journal_size=args.journal_size,
            validate_responses=env_flag(os.environ.get("MOCK_VALIDATE_RESPONSES")),
            fast_path=args.fast_path,
            api_key=os.environ.get("MOCK_API_KEY") or None,
            today=args.today,
            max_sessions=args.max_sessions,
            session_idle=args.session_idle,
        )
    except ValueError as error:
        p.error(str(error))
