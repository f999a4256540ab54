"""The mock's options: each stated once, the README's table lists them all, bad values are one sentence."""

from __future__ import annotations

import re

import pytest

from mock_server.settings import Settings, from_args, options
from tests.live import REPO


def test_the_readme_lists_every_option_with_its_environment_variable() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = {
        line for line in readme.splitlines() if line.startswith("| `--") or line.startswith("| (environment")
    }
    for name, how, _ in options():
        flag = f"`{how.flag}" if how.flag else "(environment only)"
        env = f"`{how.env}`" if how.env else "| - |"
        assert [row for row in rows if flag in row and env in row], (
            f"{name}: no README row with {flag} and {env}"
        )


def test_without_options_or_environment_the_settings_are_the_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for _, how, _ in options():
        if how.env:
            monkeypatch.delenv(how.env, raising=False)
    assert from_args([]) == Settings()


def test_the_command_line_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("MOCK_FAILURE_RATE", "0.5")
    assert (from_args([]).port, from_args(["--port", "9002"]).port) == (9001, 9002)
    assert from_args([]).failure_rate == 0.5
    monkeypatch.setenv("MOCK_ALLOW_REMOTE_CONTROL", "1")
    assert from_args([]).allow_remote_control is True


@pytest.mark.parametrize(
    ("argv", "env", "named"),
    [
        (["--port", "abc"], {}, "argument --port (or PORT): 'abc' is not a port number"),
        (
            [],
            {"MOCK_FAILURE_RATE": "2"},
            "argument --failure-rate (or MOCK_FAILURE_RATE): '2' is not a fraction",
        ),
        (
            [],
            {"MOCK_FAILURE_MODE": "sometimes"},
            "(or MOCK_FAILURE_MODE): 'sometimes' is not one of status, drop",
        ),
        (["--delay", "fast"], {}, "argument --delay (or MOCK_DELAY): a delay is MS or MIN-MAX"),
        (["--today", "tomorrow"], {}, "argument --today (or MOCK_TODAY): 'tomorrow' is not a date"),
        (["--dataset", "nope"], {}, "argument --dataset (or MOCK_DATASET): there is no dataset named 'nope'"),
        (["--seed", "x.yaml", "--dataset", "default"], {}, "give --seed FILE or --dataset NAME"),
    ],
)
def test_a_bad_value_is_one_sentence_naming_the_option_and_its_variable(
    argv: list[str],
    env: dict[str, str],
    named: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exit_:
        from_args(argv)
    error = capsys.readouterr().err.strip()
    assert exit_.value.code == 2 and len(error.splitlines()) == 1 and named in error, error
    assert re.match(r"python -m mock_server: error: ", error)
