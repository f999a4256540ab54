"""The assumption model: what the spec claims (assumptions), what one exchange showed (observations), and
the verdict on each claim over a whole run (findings), with the wire record they all come from.

An assumption's `id` is derived from what it asserts (its subject and the place in the spec), never
from the order of a run: the same claim has the same id in every run, every report and every
baseline, so a finding can be followed from run to run and selected by id (`make adopt ONLY=...`).
"""

from __future__ import annotations

import enum
import json
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contract.rules.edits import Edit


class Verdict(enum.StrEnum):
    REFUTED = "refuted"
    UNTESTED = "untested"
    CONFIRMED = "confirmed"


class Subject(enum.StrEnum):
    PATH = "path"  # the operation exists at its path
    AUTH = "auth"  # it requires the key
    STATUS = "status"  # a situation is answered with the status the spec says
    CONTENT_TYPE = "content_type"  # answers are JSON
    RESPONSE_SCHEMA = "response_schema"  # a body, or one field of it, is as the schema says
    ENVELOPE = "envelope"  # a body's `code` agrees with the HTTP status; `content` is what is promised
    RATE_LIMIT = "rate_limit"  # whether (and how) the server limits the rate of requests


class Situation(enum.StrEnum):
    NO_KEY = "no_key"  # no valid key (none, or one the server refused)
    INVALID = "invalid"  # input invalid on purpose
    VALID = "valid"


class Provenance(enum.StrEnum):
    DOCUMENTED = "documented"
    INFERRED = "inferred"
    OBSERVED = "observed"  # adopted from a refuted finding (make adopt): what the server was seen to do
    UNKNOWN = "-"

    @classmethod
    def of(cls, value: Any) -> Provenance:
        return cls(value) if value in {p.value for p in cls} else cls.UNKNOWN


class Fold(enum.Enum):
    """How one claim's observations make its verdict."""

    ANY_REFUTES = "any"  # one counter-example refutes it
    ALL_REFUTE = "all"  # refuted only when nothing confirmed it (a path that is absent for every request)


def assumption_id(subject: Subject, *parts: object) -> str:
    """`auth:POST:/licenses/demo`: the subject and what it is about, with no spaces or commas."""
    text = ":".join([subject.value, *(str(p) for p in parts)])
    return text.replace(" ", "_").replace(",", ";")


@dataclass(frozen=True)
class Assumption:
    id: str
    subject: Subject
    statement: str  # "invalid input is answered 422"
    expected: str
    provenance: Provenance
    source: str  # openapi/...yaml#/pointer: where the claim is written
    fold: Fold = Fold.ANY_REFUTES
    # A claim about a whole body whose refutation the findings of its fields tell, one each.
    told_by_fields: bool = False


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, as seen on the wire (the key already replaced by `$API_KEY`)."""

    method: str
    url: str
    path: str  # relative to the base path: "/licenses/demo"
    situation: Situation
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int
    content_type: str
    body: bytes
    response_headers: dict[str, str] = field(default_factory=dict)
    # The spec's example a planned probe provokes (its `x-situation`), such as "CustomerNotFound".
    expects: str | None = None

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def header(self, name: str) -> str | None:
        """A response header, whatever the case of its name."""
        wanted = name.lower()
        return next((v for k, v in self.response_headers.items() if k.lower() == wanted), None)

    def curl(self, key_header: str, options: str = "") -> str:
        """A runnable reproduction: the key comes from the shell's $API_KEY, never written out;
        `options` are curl's own, such as the `--resolve` a host name needs."""
        parts = ["curl", "-s", *options.split(), "-X", self.method]
        for name, value in self.request_headers.items():
            if name.lower() == key_header.lower():
                placeholder = f'"{key_header}: $API_KEY"'
                parts += ["-H", placeholder if value == "$API_KEY" else shlex.quote(f"{key_header}: {value}")]
            elif name.lower() == "content-type":
                parts += ["-H", shlex.quote(f"Content-Type: {value}")]
        if self.request_body:
            parts += ["--data-binary", shlex.quote(self.request_body.decode("utf-8", "replace")[:2000])]
        return " ".join([*parts, shlex.quote(self.url)])

    def json(self) -> Any:
        """The body read as JSON, whatever its Content-Type says (None when it is not JSON)."""
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            return None

    @property
    def is_json(self) -> bool:
        media = self.content_type.split(";")[0].strip().lower()
        return media == "application/json" and self.json() is not None


@dataclass(frozen=True)
class Observation:
    """What one exchange says of one assumption, for one operation."""

    assumption: Assumption
    operation: str  # its label: "GET /licenses/available"
    verdict: Verdict  # CONFIRMED or REFUTED
    seen: str  # what was observed, counted per finding: "500", "text/html", "missing"
    exchange: Exchange
    message: str = ""  # for a refutation: what it refutes, in words
    suggestion: str | None = None  # a proposed edit of the spec in words, where no structured one exists
    edit: Edit | None = None  # the proposed edit of the spec (make adopt applies it)
    weight: int = 0  # the heaviest refutation is the finding's evidence (a 2xx without a key: 1)


@dataclass(frozen=True)
class Finding:
    """The verdict on one assumption over everything observed."""

    assumption: Assumption
    verdict: Verdict
    operations: tuple[str, ...]
    seen: tuple[tuple[str, int], ...] = ()  # (what was observed, how many times), most frequent first
    message: str = ""
    evidence: Exchange | None = None
    suggestion: str | None = None
    edit: Edit | None = None
    why_untested: str = ""  # for an untested finding: why (it needs writes, the budget ran out...)

    @property
    def id(self) -> str:
        return self.assumption.id

    @property
    def operation(self) -> str:
        return self.operations[0] if self.operations else "-"

    @property
    def subject(self) -> Subject:
        return self.assumption.subject

    @property
    def provenance(self) -> Provenance:
        return self.assumption.provenance

    @property
    def source(self) -> str:
        return self.assumption.source

    @property
    def times(self) -> int:
        return sum(count for _, count in self.seen)
