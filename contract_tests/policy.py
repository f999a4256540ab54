"""What a keyed request to a live server is: a read, a free write, a paid request, or off the target.

A request is classified by the spec's operation, matched relative to the path of BASE_URL itself
(so a gateway prefix such as `/gw/customerarea` is no disguise), and it fails closed:

- the path is read every way a server or a gateway in front of it might read it (percent-encoding
  decoded once or until it stops changing, `;parameters` kept or dropped, repeated slashes
  collapsed, dot segments resolved, a trailing slash dropped, letters in either case);
- if any of those readings is the path of an operation that spends credit (`x-spends-credit`
  in the spec), or of no operation at all, the request is PAID, whatever its method;
- it is a READ only when every reading is a path whose operation for this method is a GET;
- otherwise (every reading a known free operation) it is a WRITE;
- a request for another scheme, host or port than BASE_URL's is FOREIGN: the key never goes there.
"""

from __future__ import annotations

import enum
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from contract.spec import SpecIndex

READ_METHODS = frozenset({"GET", "HEAD"})
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_DECODINGS = 4


class Kind(enum.Enum):
    READ = "read"
    WRITE = "write"
    PAID = "paid"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class Classification:
    kind: Kind
    why: str


def _collapse(path: str) -> str:
    """Repeated slashes as one, dot segments resolved (RFC 3986 5.2.4), no trailing slash."""
    while "//" in path:
        path = path.replace("//", "/")
    resolved = posixpath.normpath("/" + path.lstrip("/"))
    return "/" + resolved.strip("/")


def readings(raw_path: str) -> set[str]:
    """Every path a server might take `raw_path` for."""
    decoded = [raw_path]
    for _ in range(MAX_DECODINGS):
        once = unquote(decoded[-1], errors="replace")
        if once == decoded[-1]:
            break
        decoded.append(once)
    found: set[str] = set()
    for path in decoded:
        without_parameters = "/".join(segment.split(";", 1)[0] for segment in path.split("/"))
        for variant in (path, without_parameters):
            collapsed = _collapse(variant)
            found.update((collapsed, collapsed.lower()))
    return found


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1  # an unreadable port is no port of the target's
    return scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme)


class RequestPolicy:
    """Classifies requests against BASE_URL and the spec's operations."""

    def __init__(self, base_url: str, index: SpecIndex | None = None) -> None:
        self.index = index or SpecIndex.load()
        self.origin = _origin(base_url)
        self.base = _collapse(urlsplit(base_url).path)
        # Every path of the spec, read the same way, with the operations found there.
        self.paths: dict[str, list[tuple[str, bool]]] = {}
        for op in self.index.operations:
            for reading in (_collapse(op.path), _collapse(op.path).lower()):
                self.paths.setdefault(reading, []).append((op.method, op.spends_credit))

    def relative(self, path: str) -> str | None:
        """The path inside the target's base path, or None when it is outside it."""
        for base in (self.base, self.base.lower()):
            if base == "/":
                return path
            if path == base:
                return "/"
            if path.startswith(base + "/"):
                return path[len(base) :]
        return None

    def classify(self, method: str, url: str) -> Classification:
        method = method.upper()
        if _origin(url) != self.origin:
            return Classification(Kind.FOREIGN, f"{url} is not on the target {self.origin[1]}")
        reads = True
        for reading in readings(urlsplit(url).path):
            inside = self.relative(reading)
            found = self.paths.get(inside) if inside is not None else None
            if not found:
                return Classification(
                    Kind.PAID, f"{reading} is no operation of the spec under {self.base}: taken as paid"
                )
            if any(spends for _, spends in found):
                return Classification(Kind.PAID, f"{reading} spends credit (x-spends-credit)")
            reads = reads and method in READ_METHODS and any(m == "GET" for m, _ in found)
        if reads:
            return Classification(Kind.READ, "a read")
        return Classification(Kind.WRITE, "a write that spends no credit")
