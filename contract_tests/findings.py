"""Findings: every exchange attributed to the assumption of the spec it tests, folded into one verdict each.

An assumption is one claim of the spec: the operation exists at its path; it requires the key;
invalid input is answered 422; a valid request gets a documented status; answers are JSON; the
body of a status has each field the schema says, of its type. Observations of one assumption
fold into one finding, `confirmed`, `refuted` or `untested`, with the provenance of the claim
(the nearest `x-provenance`), what the spec expects, what was seen, one evidence sample (a
`curl` line with `$API_KEY`), the file in `openapi/` that holds it and, for a refuted inference,
a proposed edit. The engine reads exchanges only, so the contract suite, the proxy and a HAR
file can all feed it.
"""

from __future__ import annotations

import json
import shlex
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tools.spec_files import SourceMap, pointer
from tools.spec_index import Operation, SpecIndex

BUNDLE_URI = "urn:flashstart:bundle"


@dataclass
class Exchange:
    """One request and its answer, as seen on the wire (the key already replaced by `$API_KEY`)."""

    method: str
    url: str
    path: str  # relative to the base path: "/licenses/demo"
    situation: str  # no_key (no valid key) | invalid (input invalid on purpose) | valid
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int
    content_type: str
    body: bytes

    def curl(self) -> str:
        """A runnable reproduction: the key comes from the shell's $API_KEY, never written out."""
        parts = ["curl", "-s", "-X", self.method]
        for name, value in self.request_headers.items():
            if name.lower() == "x-api-key":
                parts += [
                    "-H",
                    '"X-API-KEY: $API_KEY"' if value == "$API_KEY" else shlex.quote(f"X-API-KEY: {value}"),
                ]
            elif name.lower() == "content-type":
                parts += ["-H", shlex.quote(f"Content-Type: {value}")]
        if self.request_body:
            parts += ["--data-binary", shlex.quote(self.request_body.decode("utf-8", "replace")[:2000])]
        return " ".join([*parts, shlex.quote(self.url)])

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            return None

    @property
    def is_json(self) -> bool:
        return (
            self.content_type.split(";")[0].strip().lower() == "application/json" and self.json() is not None
        )


@dataclass
class Finding:
    operation: str
    subject: str  # path | auth | status | content_type | response_schema
    assumption: str
    verdict: str = "untested"
    provenance: str = "-"
    expected: str = ""
    source: str = ""
    message: str = ""
    suggestion: str | None = None
    seen: Counter[str] = field(default_factory=Counter)
    evidence: Exchange | None = None
    operations: set[str] = field(default_factory=set)

    def refute(self, exchange: Exchange, message: str, observed: str) -> None:
        if self.verdict != "refuted":
            self.verdict, self.message, self.evidence = "refuted", message, exchange
        self.seen[observed] += 1

    def confirm(self, exchange: Exchange, observed: str) -> None:
        if self.verdict == "untested":
            self.verdict, self.evidence = "confirmed", exchange
        if self.verdict == "confirmed":
            self.seen[observed] += 1

    def as_dict(self, redact: Any = str) -> dict[str, Any]:
        sample = self.evidence
        observed: dict[str, Any] = {
            "status": sample.status if sample else None,
            "times": sum(self.seen.values()),
        }
        if sample is not None:
            observed["content_type"] = sample.content_type
            observed["body"] = redact(sample.body[:300].decode("utf-8", "replace"))
            observed["seen"] = dict(self.seen.most_common(5))
        return {
            "operation": self.operation,
            "operations": sorted(self.operations or {self.operation}),
            "subject": self.subject,
            "assumption": self.assumption,
            "verdict": self.verdict,
            "provenance": self.provenance,
            "expected": self.expected,
            "observed": observed,
            "source": self.source,
            "evidence": redact(sample.curl()) if sample else None,
            "message": self.message or f"{self.assumption}: {self.verdict}",
            **({"suggestion": self.suggestion} if self.suggestion else {}),
        }


def _type_of(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "integer" if isinstance(value, int) else "number"
    )


class Engine:
    def __init__(self, index: SpecIndex | None = None) -> None:
        self.index = index or SpecIndex.load()
        self.source = SourceMap()
        self.registry: Registry = Registry().with_resource(
            BUNDLE_URI, Resource.from_contents(self.index.spec, default_specification=DRAFT4)
        )
        self.findings: dict[tuple[str, ...], Finding] = {}
        self._broken: set[tuple[str, ...]] = set()
        self.exchanges: dict[str, list[Exchange]] = {op.label: [] for op in self.index.operations}
        self._lock = threading.Lock()

    # -- recording --------------------------------------------------------------------------
    def observe(self, exchange: Exchange) -> None:
        op = self.index.operation(exchange.method, exchange.path)
        if op is not None:
            with self._lock:
                self.exchanges[op.label].append(exchange)

    def refutations(self, exchange: Exchange) -> list[str]:
        """What one exchange refutes on its own: the proxy's line per exchange names them."""
        op = self.index.operation(exchange.method, exchange.path)
        if op is None:
            return []
        return [f.message for f in self.evaluate({op.label: [exchange]}) if f.verdict == "refuted"]

    # -- where and whose an assumption is ---------------------------------------------------------
    def where(self, *at: str) -> str:
        return self.source(tuple(at))

    def finding(
        self, key: tuple[str, ...], op: Operation, subject: str, assumption: str, **kw: Any
    ) -> Finding:
        found = self.findings.get(key)
        if found is None:
            found = self.findings[key] = Finding(
                op.label, subject, assumption, provenance=op.provenance, **kw
            )
        found.operations.add(op.label)
        return found

    # -- folding ----------------------------------------------------------------------------
    def evaluate(self, exchanges_of: dict[str, list[Exchange]] | None = None) -> list[Finding]:
        """Every finding from what was observed (or from `exchanges_of`, by operation label)."""
        chosen = self.exchanges if exchanges_of is None else exchanges_of
        self.findings, self._broken = {}, set()
        for op in self.index.operations:
            exchanges = chosen.get(op.label, [])
            if not self._path(op, exchanges):
                continue  # a path that is not there tests nothing else
            self._auth(op, [e for e in exchanges if e.situation == "no_key"])
            keyed = [e for e in exchanges if e.situation != "no_key"]
            self._statuses(op, keyed)
            for exchange in exchanges:
                self._answer(op, exchange)
            self._untested_statuses(op, exchanges)
        for key in self._broken:
            self.findings.pop(key, None)
        order = {"refuted": 0, "untested": 1, "confirmed": 2}
        return sorted(self.findings.values(), key=lambda f: (order[f.verdict], f.operation, f.subject))

    def validator(self, schema: dict[str, Any]) -> Any:
        """OpenAPI 3.0's own reading of a schema (nullable, readOnly), as the spec lint uses."""
        return OAS30ReadValidator(schema, registry=self.registry, format_checker=oas30_format_checker)

    @staticmethod
    def missing(exchange: Exchange) -> bool:
        return exchange.status == 404 and not exchange.is_json

    def _path(self, op: Operation, exchanges: list[Exchange]) -> bool:
        found = self.finding(
            (op.label, "path"),
            op,
            "path",
            f"{op.method} {op.path} exists",
            expected=f"{op.path} answers {op.method}",
            source=self.where("paths", op.path, op.method.lower()),
        )
        if exchanges and all(self.missing(e) for e in exchanges):
            keyless = any(e.situation == "no_key" for e in exchanges)
            before = ", before the key was checked" if keyless else ""
            found.message = f"the path does not exist on this server (404 with a non-JSON body{before})"
            for exchange in exchanges:
                found.refute(exchange, found.message, f"{exchange.status} {exchange.content_type or '-'}")
            found.suggestion = self._suggest(
                found.provenance,
                f"# {found.source}: this path answered 404 before the key was checked. Find the real path\n"
                f"# of `{op.operation_id}` and move the entry in openapi/openapi.yaml:\npaths:\n"
                f"  /the/real/path:\n    $ref: paths/{found.source.split('/paths/')[-1].split('#')[0]}",
            )
            return False
        for exchange in exchanges:
            found.confirm(exchange, str(exchange.status))
        return True

    def _auth(self, op: Operation, exchanges: list[Exchange]) -> None:
        found = self.finding(
            (op.label, "auth"),
            op,
            "auth",
            f"{op.label} requires the key",
            expected='401 {"message": ...} without a valid X-API-KEY',
            source=self.where("paths", op.path, op.method.lower(), "responses", "401"),
        )
        found.provenance = "documented"
        for exchange in exchanges:
            if exchange.status == 401:
                found.confirm(exchange, "401")
                continue
            found.refute(exchange, "", str(exchange.status))
            served = [e for e in exchanges if 200 <= e.status < 300]
            found.evidence = served[0] if served else found.evidence  # the strongest sample
            answered = "answers without a key" if served else "does not check the key first"
            found.message = (
                f"{op.label} {answered} ({found.evidence.status if found.evidence else '?'} without one): "
                "contradicts the vendor's docs (every operation needs the key)"
            )

    def _statuses(self, op: Operation, exchanges: list[Exchange]) -> None:
        documented = set(op.definition.get("responses", {}))
        invalid_ref = self.index.ref_name(op.definition.get("responses", {}).get("422")) or op.label
        for exchange in exchanges:
            status = str(exchange.status)
            if exchange.situation == "invalid":
                found = self.finding(
                    ("status", "invalid", invalid_ref),
                    op,
                    "status",
                    "invalid input is answered 422",
                    expected="422 with the validation body",
                    source=self.where("components", "responses", invalid_ref)
                    if invalid_ref != op.label
                    else self.where("paths", op.path, op.method.lower(), "responses", "422"),
                )
                found.provenance = "inferred"
                if status == "422":
                    found.confirm(exchange, status)
                elif 200 <= exchange.status < 300:
                    found.refute(exchange, "invalid input was accepted", status)
                elif self._is_validation_body(exchange):
                    message = (
                        f"invalid input is answered with the vendor's documented validation body under "
                        f"HTTP {status}, not 422"
                    )
                    found.refute(exchange, message, status)
                    found.suggestion = (
                        f"# {found.source}: the same body, under the status the server uses\n"
                        f"# in each operation file (openapi/paths/*.yaml), responses:\n"
                        f"'{status}':\n  $ref: '#/components/responses/{invalid_ref}'"
                    )
                else:
                    found.refute(exchange, f"invalid input is answered {status}", status)
                continue
            found = self.finding(
                (op.label, "status", "valid"),
                op,
                "status",
                f"a valid request to {op.label} gets a documented status",
                expected=", ".join(sorted(s for s in documented if s not in ("401", "413", "422"))),
                source=self.where("paths", op.path, op.method.lower(), "responses"),
            )
            found.provenance = "inferred"  # which statuses there are: only 200 and 401 are the vendor's
            if status in documented and status not in ("401", "422"):
                found.confirm(exchange, status)
                continue
            key = (op.label, "status", status)
            extra = self.finding(
                key, op, "status", f"{op.label} answers a valid request {status}", expected=found.expected
            )
            extra.source, extra.provenance = found.source, "inferred"  # only 200 and 401 are the vendor's
            what = (
                "refused as invalid" if status == "422" else f"answered with the undocumented status {status}"
            )
            extra.refute(exchange, f"a valid request to {op.label} was {what}", status)
            extra.suggestion = self._suggest(
                extra.provenance,
                f"# {extra.source}: document what the server answers\n'{status}':\n"
                f"  description: What the server answers here (observed; say when in the description).\n"
                + (
                    f"  content:\n    application/json:\n      example: {json.dumps(exchange.json())[:300]}"
                    if exchange.is_json
                    else f"  # the answer was not JSON ({exchange.content_type or 'no Content-Type'})"
                ),
            )

    def _is_validation_body(self, exchange: Exchange) -> bool:
        body = exchange.json()
        schema = {"$ref": f"{BUNDLE_URI}#/components/schemas/ValidationError"}
        return isinstance(body, dict) and not list(self.validator(schema).iter_errors(body))

    def _answer(self, op: Operation, exchange: Exchange) -> None:
        documented = self.index.response(op, str(exchange.status))
        if documented is None:
            return
        response, at = documented
        content = response.get("content", {})
        if not content:
            return
        kind = self.finding(
            (op.label, "content_type"),
            op,
            "content_type",
            f"{op.label} answers JSON",
            expected=", ".join(content),
            source=self.where(*at),
        )
        if not exchange.is_json:
            kind.refute(
                exchange,
                f"{op.label} answered {exchange.status} as {exchange.content_type or 'no type'}",
                exchange.content_type,
            )
            return
        kind.confirm(exchange, exchange.content_type)
        schema_at = (*at, "content", "application/json", "schema")
        self._schema(op, exchange, str(exchange.status), content["application/json"]["schema"], schema_at)

    def _schema(
        self, op: Operation, exchange: Exchange, status: str, schema: Any, at: tuple[str, ...]
    ) -> None:
        errors = list(self.validator({"$ref": f"{BUNDLE_URI}#{pointer(*at)}"}).iter_errors(exchange.json()))
        whole = self.finding(
            (op.label, "response_schema", status),
            op,
            "response_schema",
            f"the {status} body of {op.label} matches {self.index.ref_name(schema) or 'its schema'}",
            expected=str(self.index.ref_name(schema) or "the schema"),
            source=self.where(*at),
        )
        whole.provenance = self._owner(schema, [])[1]
        if not errors:
            whole.confirm(exchange, status)
            return
        self._broken.add((op.label, "response_schema", status))  # its fields are the findings
        for error in errors:
            self._field(op, exchange, status, schema, error)

    def _field(self, op: Operation, exchange: Exchange, status: str, schema: Any, error: Any) -> None:
        path = [p for p in error.absolute_path if not isinstance(p, int)]
        if error.validator == "required":
            missing = next((n for n in error.validator_value if n not in (error.instance or {})), "?")
            path, kind, what = [*path, missing], "missing", f"the response has no field `{missing}`"
        elif error.validator == "type":
            kind = "type"
            what = f"`{'.'.join(map(str, path))}` is {_type_of(error.instance)}, not {error.validator_value}"
        elif error.validator == "additionalProperties":
            kind, what = "extra", f"the response has fields the spec does not list: {error.message}"
        else:
            kind, what = error.validator, f"`{'.'.join(map(str, path))}`: {error.message}"
        name = ".".join(map(str, path)) or "(body)"
        component, provenance = self._owner(schema, path)
        found = self.finding(
            ("response_schema", component, name, kind),
            op,
            "response_schema",
            f"`{name}` of the {status} body ({component}) is as the spec says",
            expected=f"{component}: {name} ({kind})",
            source=self.where(
                "components", "schemas", component, *(["properties", path[-1]] if path else [])
            ),
        )
        found.provenance = provenance
        found.refute(exchange, f"{op.label} {status}: {what}", kind)
        if provenance == "inferred" and kind == "missing":
            found.suggestion = (
                f"# {found.source.split('#')[0]}: the server does not send `{path[-1]}`;\n"
                f"# remove it from `required` (and say so in x-provenance-note), or from the schema"
            )
        elif provenance == "inferred" and kind == "type":
            found.suggestion = f"# {found.source}\n{path[-1]}:\n  type: {_type_of(error.instance)}"

    def _owner(self, schema: Any, path: list[Any]) -> tuple[str, str]:
        """The component that declares the field at `path` (its last step), and its provenance."""
        name = self.index.ref_name(schema) or "?"
        node = self.index.resolve(schema)
        provenance = str(node.get("x-provenance", "-"))

        def step_into(child: Any) -> Any:
            nonlocal name, provenance
            ref = self.index.ref_name(child)
            child = self.index.resolve(child)
            if ref:
                name, provenance = ref, str(child.get("x-provenance", provenance))
            return child

        for step in [*path[:-1], None]:
            while node.get("type") == "array" and "items" in node:
                node = step_into(node["items"])
            if step is None:
                break
            child = (node.get("properties") or {}).get(step)
            if child is None:
                break
            node = step_into(child)
        return name, provenance

    def _untested_statuses(self, op: Operation, exchanges: list[Exchange]) -> None:
        seen = {str(e.status) for e in exchanges}
        for status in op.definition.get("responses", {}):
            if status in seen or status == "default":
                continue
            found = self.finding(
                (op.label, "status", "documented", status),
                op,
                "status",
                f"{op.label} answers {status} in its situation",
                expected=status,
                source=self.where("paths", op.path, op.method.lower(), "responses", status),
                message=f"documented status {status} of {op.label} was never observed",
            )
            found.verdict = "untested"
            found.provenance = op.provenance if status in ("200", "401") else "inferred"

    @staticmethod
    def _suggest(provenance: str, snippet: str) -> str | None:
        """A proposed edit for a refuted inference; a documented claim is the vendor's to change."""
        return snippet if provenance == "inferred" else None
