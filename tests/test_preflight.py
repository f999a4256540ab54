"""Before anything is sent: a key too short or too plain to be told apart from generated data is named, with
the length it needs (contract_tests/preflight.py); the kit's own keys pass."""

from __future__ import annotations

import pytest

from contract_tests.preflight import MIN_KEY_LENGTH, CannotTest, check_key
from contract_tests.target import Target
from tests.conftest import DEV_KEY


def target(key: str) -> Target:
    return Target.from_env({"BASE_URL": "https://api.example.test/customerarea", "API_KEY": key})


@pytest.mark.parametrize(
    ("key", "said"), [("kk", "2 characters long, 1 of them different"), ("a" * 30, "30 characters long, 1")]
)
def test_a_key_that_generated_data_could_hold_is_named_with_the_length_it_needs(key: str, said: str) -> None:
    with pytest.raises(CannotTest) as refused:
        check_key(target(key))
    sentence = str(refused.value)
    assert said in sentence and f"at least {MIN_KEY_LENGTH}, 6 of them different" in sentence
    assert key not in sentence


@pytest.mark.parametrize("key", [DEV_KEY, "an-expired-key", "findings-secret-93b1"])
def test_a_real_looking_key_passes(key: str) -> None:
    check_key(target(key))
