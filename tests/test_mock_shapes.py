"""The mock converts a value to the spec's type only where nothing is lost (mock_server/shapes.py)."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.shapes import Lossy, converted


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (5, "string", "5"),
        (1.08, "string", "1.08"),
        (5.0, "string", "5"),
        (1e-7, "string", "0.0000001"),
        (-2, "string", "-2"),
        ("12", "integer", 12),
        ("12", "number", 12),
        ("0.85", "number", 0.85),
        ("-3", "integer", -3),
        (5.0, "integer", 5),
        (5, "number", 5),
        ("EUR", "string", "EUR"),
        (True, "boolean", True),
    ],
)
def test_a_value_is_converted_when_nothing_is_lost(value: Any, kind: str, expected: Any) -> None:
    result = converted(value, kind)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("value", "kind", "why"),
    [
        (1.08, "integer", "cannot be an integer without losing its fraction"),
        ("5.00", "number", "not the plain decimal writing"),
        ("007", "integer", "not the plain decimal writing"),
        ("1e3", "number", "not the plain decimal writing"),
        ("12a", "integer", "not the plain decimal writing"),
        ("1.5", "integer", "cannot be an integer"),
        (True, "integer", "cannot be an integer"),
        (True, "string", "cannot be a string"),
        ("true", "boolean", "cannot be a boolean"),
        (float("nan"), "string", "cannot be a string"),
        ({"a": 1}, "string", "cannot be a string"),
    ],
)
def test_a_value_that_would_lose_something_is_refused(value: Any, kind: str, why: str) -> None:
    with pytest.raises(Lossy, match=why):
        converted(value, kind)
