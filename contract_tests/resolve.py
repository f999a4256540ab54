"""RESOLVE=host:port:address: BASE_URL's host name reached at another address, as curl's `--resolve` does.

For a staging server before its DNS exists, or a server of our own reached by a real-looking name
(so that the run applies its real-server profile: RATE_LIMIT, MAX_REQUESTS, the live Hypothesis
profile). Only name resolution changes: the URL, the Host header and TLS's server name stay the host's,
and only that host and port are affected. The override is installed for the run's process, where
every client of the suite (schemathesis' sessions, the generated client, the probes) looks names up.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


class ResolveError(ValueError):
    """RESOLVE cannot be used; the message is the one sentence to show."""


@dataclass(frozen=True)
class Resolve:
    host: str
    port: int
    address: str

    @classmethod
    def parse(cls, text: str, base_url: str) -> Resolve:
        """`api.example.test:443:127.0.0.1` (an IPv6 address in brackets), for BASE_URL's host and port."""
        host, _, rest = text.strip().partition(":")
        port, _, address = rest.partition(":")
        address = address.removeprefix("[").removesuffix("]")
        try:
            ipaddress.ip_address(address)
            number = int(port)
        except ValueError:
            raise ResolveError(
                f"RESOLVE is host:port:address, such as api.example.test:443:127.0.0.1, not {text!r}"
            ) from None
        parts = urlsplit(base_url)
        wanted = (parts.hostname or "", parts.port or DEFAULT_PORTS.get(parts.scheme, 0))
        if (host.lower(), number) != wanted:
            raise ResolveError(
                f"RESOLVE names {host}:{number}, but BASE_URL is on {wanted[0]}:{wanted[1]}: "
                "it only redirects BASE_URL's own host and port"
            )
        return cls(host.lower(), number, address)

    def install(self) -> None:
        """Look this host and port up as the address, in this process; everything else as before."""
        original = socket.getaddrinfo
        if getattr(original, "resolving", None) == self:
            return

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            name = host.decode() if isinstance(host, bytes) else host
            if isinstance(name, str) and name.lower() == self.host and str(port) == str(self.port):
                return original(self.address, port, *args, **kwargs)
            return original(host, port, *args, **kwargs)

        getaddrinfo.resolving = self  # type: ignore[attr-defined]
        socket.getaddrinfo = getaddrinfo
