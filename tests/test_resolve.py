"""RESOLVE=host:port:address (contract_tests/resolve.py): BASE_URL's host reached at another address, as
curl's --resolve does, and nothing else; a bad value is one sentence naming it."""

from __future__ import annotations

import socket

import pytest

from contract_tests.resolve import Resolve
from contract_tests.target import Target, TargetError, is_loopback

BASE = "https://api.laravel.test/customerarea"


def test_only_the_named_host_and_port_are_looked_up_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[object, object]] = []

    def resolver(host: object, port: object, *args: object, **kwargs: object) -> list[object]:
        asked.append((host, port))
        return []

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    Resolve.parse("api.laravel.test:443:127.0.0.1", BASE).install()
    socket.getaddrinfo("API.laravel.test", 443)
    socket.getaddrinfo("api.laravel.test", 80)
    socket.getaddrinfo("elsewhere.test", 443)
    assert asked == [("127.0.0.1", 443), ("api.laravel.test", 80), ("elsewhere.test", 443)]


def test_the_target_keeps_its_host_name_and_so_the_real_server_profile() -> None:
    target = Target.from_env(
        {"BASE_URL": BASE, "API_KEY": "resolve-secret-1a2b", "RESOLVE": "api.laravel.test:443:127.0.0.1"}
    )
    assert target.resolve == Resolve("api.laravel.test", 443, "127.0.0.1")
    assert not is_loopback(target.base_url) and target.pacer.interval == 0.5 and target.max_requests == 600


@pytest.mark.parametrize(
    ("given", "sentence"),
    [
        ("api.laravel.test:443", "RESOLVE is host:port:address, such as api.example.test:443:127.0.0.1"),
        ("api.laravel.test:https:127.0.0.1", "RESOLVE is host:port:address"),
        ("other.test:443:127.0.0.1", "RESOLVE names other.test:443, but BASE_URL is on api.laravel.test:443"),
        ("api.laravel.test:8443:127.0.0.1", "but BASE_URL is on api.laravel.test:443"),
    ],
)
def test_a_resolve_that_cannot_be_used_is_one_sentence(given: str, sentence: str) -> None:
    with pytest.raises(TargetError, match=sentence):
        Target.from_env({"BASE_URL": BASE, "API_KEY": "resolve-secret-1a2b", "RESOLVE": given})
