"""The mock's options: `Settings`, each option stated once (its default, flag, environment variable and help),
read once by `from_args` from the environment and, over it, the command line. Nothing else reads them."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator
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


FAILURE_MODES = ("status", "drop")


def _number(kind: type[int] | type[float], low: float, high: float, what: str) -> Callable[[str], Any]:
    """A parser of a number within bounds."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise ValueError(f"{text!r} is not {what}") from None
        if not low <= value <= high:
            raise ValueError(f"{text!r} is not {what}")
        return value

    return parse


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _delay(text: str) -> Delay | None:
    return Delay.parse(text) if text.strip() else None


def _delays_for(text: str) -> dict[str, Delay]:
    pairs = [item.split("=", 1) for item in text.split(",") if item.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError(f"per-operation delays are operationId=MS[,operationId=MIN-MAX...], not {text!r}")
    return {name.strip(): Delay.parse(value) for name, value in pairs}


def _origins(text: str) -> tuple[str, ...]:
    return tuple(origin.strip() for origin in text.split(",") if origin.strip())


def _failure_mode(text: str) -> str:
    if text not in FAILURE_MODES:
        raise ValueError(f"{text!r} is not one of {', '.join(FAILURE_MODES)}")
    return text


def env_flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Option:
    """How one setting is given: its flag (None: the environment only), variable, parser and help."""

    flag: str | None
    env: str | None
    help: str
    parse: Callable[[str], Any] | None = None  # None: a switch (present or a true variable: on)
    metavar: str | None = None
    negated: bool = False  # a switch that turns the setting off (--no-fast-path)


def option(default: Any = dataclasses.MISSING, *, factory: Any = dataclasses.MISSING, **how: Any) -> Any:
    return field(default=default, default_factory=factory, metadata={"option": Option(**how)})


@dataclass(frozen=True)
class Settings:
    host: str = option("127.0.0.1", flag="--host", env="HOST", help="address to listen on", parse=str)
    port: int = option(
        8080,
        flag="--port",
        env="PORT",
        help="port to listen on",
        parse=_number(int, 0, 65535, "a port number"),
    )
    seed: Path = option(
        DEFAULT_DATASET,
        flag="--seed",
        env=None,
        help="a dataset file (YAML or JSON) to start from; default: --dataset's",
        parse=Path,
        metavar="FILE",
    )
    dataset: str | None = option(
        None,
        flag="--dataset",
        env="MOCK_DATASET",
        help=f"a named dataset of mock_server/data/ ({', '.join(names())}); default: default",
        parse=str,
        metavar="NAME",
    )
    spec: Path | None = option(
        None,
        flag="--spec",
        env="MOCK_SPEC",
        help="the OpenAPI file to serve: a bundle or a multi-file root (default: openapi/openapi.yaml, "
        "bundled in memory; with --no-reload, generated/openapi.yaml)",
        parse=Path,
        metavar="FILE",
    )
    reload: bool = option(
        True,
        flag="--no-reload",
        env="MOCK_NO_RELOAD",
        help="serve the spec as it is at start: no watching its folder, no reload (CI)",
        negated=True,
    )
    state_file: Path | None = option(
        None,
        flag="--state-file",
        env="MOCK_STATE_FILE",
        help="keep the state across restarts in this SQLite file (default: in memory)",
        parse=Path,
        metavar="FILE",
    )
    cors_origins: tuple[str, ...] = option(
        ("*",),
        flag="--cors-origins",
        env="MOCK_CORS_ORIGINS",
        help="comma-separated origins CORS allows, or * (default)",
        parse=_origins,
    )
    delay: Delay | None = option(
        None, flag="--delay", env="MOCK_DELAY", help="delay every answer: MS or MIN-MAX", parse=_delay
    )
    delay_for: dict[str, Delay] = option(
        factory=dict,
        flag="--delay-for",
        env="MOCK_DELAY_FOR",
        help="per operation: operationId=MS[,operationId=MIN-MAX...]",
        parse=_delays_for,
    )
    failure_rate: float = option(
        0.0,
        flag="--failure-rate",
        env="MOCK_FAILURE_RATE",
        help="fraction (0-1) of API requests that fail",
        parse=_number(float, 0, 1, "a fraction between 0 and 1"),
    )
    failure_mode: str = option(
        "status",
        flag="--failure-mode",
        env="MOCK_FAILURE_MODE",
        help="a failure answers 503 (status) or drops the connection (drop)",
        parse=_failure_mode,
        metavar="{status,drop}",
    )
    allow_remote_control: bool = option(
        False,
        flag="--allow-remote-control",
        env="MOCK_ALLOW_REMOTE_CONTROL",
        help="serve /__mock/ to non-loopback clients and hosts too",
    )
    journal_size: int = option(
        200,
        flag="--journal-size",
        env="MOCK_JOURNAL_SIZE",
        help="requests the journal keeps per session (0: none)",
        parse=_number(int, 0, 1_000_000, "a number of entries (0-1000000)"),
    )
    validate_responses: bool = option(
        False, flag=None, env="MOCK_VALIDATE_RESPONSES", help="validate the mock's own answers too (slower)"
    )
    fast_path: bool = option(
        True,
        flag="--no-fast-path",
        env="MOCK_NO_FAST_PATH",
        help="every request through connexion's middleware stack (slower; the same answers)",
        negated=True,
    )
    # The default reseller's key instead of the dataset's: from the environment only, never a flag
    # (a command line is visible to other users and kept in shell histories).
    api_key: str | None = option(
        None,
        flag=None,
        env="MOCK_API_KEY",
        help="the default reseller's key, instead of the dataset's",
        parse=str,
    )
    today: dt.date | None = option(
        None,
        flag="--today",
        env="MOCK_TODAY",
        help="a fixed date, YYYY-MM-DD, for every date the mock computes (default: today's)",
        parse=_day,
    )
    max_sessions: int = option(
        100,
        flag="--max-sessions",
        env="MOCK_MAX_SESSIONS",
        help="X-Mock-Session sessions kept at once; the least recently used goes first",
        parse=_number(int, 1, 100_000, "a number of sessions (1-100000)"),
    )
    session_idle: float = option(
        3600.0,
        flag="--session-idle",
        env="MOCK_SESSION_IDLE",
        help="seconds an unused session is kept",
        parse=_number(float, 1, 30 * 24 * 3600, "a number of seconds (1-2592000)"),
    )


def options() -> Iterator[tuple[str, Option, Any]]:
    """(setting name, how it is given, its default) for each setting, in order."""
    defaults = Settings()
    for item in dataclasses.fields(Settings):
        yield item.name, item.metadata["option"], getattr(defaults, item.name)


def environment() -> dict[str, str]:
    """Each environment variable the mock reads, and what it sets: for the README and --help."""
    return {how.env: how.flag or name for name, how, _ in options() if how.env}


class _Parser(argparse.ArgumentParser):
    """Bad input is one line naming the option and its environment variable, no usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _shown(default: Any) -> str:
    if isinstance(default, tuple):
        return ",".join(default)
    return "" if default is None or default == {} else str(default)


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m mock_server",
        description="The FlashStart Customerarea mock. Options also read the environment variable named.",
    )
    for name, how, default in options():
        if how.flag is None:
            continue
        told = f"({how.env}) " if how.env else ""
        shown = f" (default {_shown(default)})" if _shown(default) and how.parse is not None else ""
        if how.parse is None:
            p.add_argument(how.flag, dest=name, action="store_true", default=None, help=f"{told}{how.help}")
        else:
            p.add_argument(
                how.flag, dest=name, default=None, metavar=how.metavar, help=f"{told}{how.help}{shown}"
            )
    return p


def _given(p: argparse.ArgumentParser, name: str, how: Option, value: Any) -> Any:
    """The setting from the command line (`value`, raw), else the environment; None: neither."""
    source = f"argument {how.flag}" + (f" (or {how.env})" if how.env else "") if how.flag else how.env
    if how.parse is None:  # a switch
        on = bool(value) or (how.env is not None and env_flag(os.environ.get(how.env)))
        return (not on if how.negated else on) if on else None
    raw = value if value is not None else (os.environ.get(how.env) or None if how.env else None)
    if raw is None:
        return None
    try:
        return how.parse(raw)
    except ValueError as error:
        p.error(f"{source}: {error}")


def from_args(argv: list[str] | None = None) -> Settings:
    p = parser()
    args = p.parse_args(argv)
    given = {name: _given(p, name, how, getattr(args, name, None)) for name, how, _ in options()}
    chosen = {name: value for name, value in given.items() if value is not None}
    if args.seed is not None and chosen.get("dataset") is not None:
        p.error("give --seed FILE or --dataset NAME (or MOCK_DATASET), not both")
    if chosen.get("dataset") is not None:
        try:
            chosen["seed"] = named(chosen["dataset"])
        except DatasetError as error:
            p.error(f"argument --dataset (or MOCK_DATASET): {error}")
    return Settings(**chosen)
