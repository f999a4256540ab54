"""The probe plan: for every assumption a request can test, one deliberate request, cheapest first, from the
spec alone (no server, no randomness: the same plan every run).

    1. the plain keyed read of each GET (a run that cannot test at all stops after these)
    2. each operation without the key (a write with an empty body: a 401 confirms its path and its key
       check, a 404 page refutes the path, and nothing is written even by a server that checks no key)
    3. each read with a wrong key
    4. each operation with a malformed input (a required number sent as text; a read that takes no
       input, a parameter it does not take)
    5. each refusal the spec's examples name, in its situation (`x-situation`: inputs set to values,
       a body of a size), for each operation that documents it

Probes that write (keyed, to an operation that is not a GET) are planned as well: a read-only run does
not send them, and says what ALLOW_WRITES=1 on a sandbox customer would send, and which of those spend
credit (`x-spends-credit`). Refusals that need a state only writes create, or that no request can
provoke, are planned as never sent, so that their assumptions say why they stay untested. What a
probe tests is found by the rules themselves: the assumptions its documented answer confirms.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import Any

from contract.model import Exchange, Situation, Verdict
from contract.rules import Context, evaluate
from contract.spec import Operation, SpecIndex
from contract.spec_parts import Example, Input

WRONG_KEY = "contract-kit-wrong-key-0000"
NOT_A_NUMBER = "not-a-number"
UNEXPECTED = "unexpected"  # a parameter name no operation takes
PADDING = "padding"


class Credential(enum.StrEnum):
    KEY = "key"
    NONE = "none"
    WRONG = "wrong"


class Sending(enum.StrEnum):
    """Who sends a probe, if anyone."""

    PLAN = "plan"  # the plan, before generation
    GENERATION = "generation"  # left to schemathesis' stateful phase and the state machine: it writes
    STATE = "state"  # needs a state only writes create
    NEVER = "never"  # the kit never sends it (a write for another customer than the sandbox one)
    UNPROVOKABLE = "unprovokable"  # no request can provoke it


@dataclass(frozen=True)
class Probe:
    id: str  # "no-key:POST:/licenses/demo", stable from run to run
    operation: Operation
    purpose: str  # in words: "without the key", "Unknown customer (customer_code=999999999)"
    credential: Credential
    situation: Situation
    answer: Example | None  # the documented answer it should get
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    body_bytes: int = 0  # a JSON body padded to this many bytes
    expects: str | None = None  # the example whose situation it provokes
    sending: Sending = Sending.PLAN
    why_not: str = ""  # for a probe the plan does not send: why
    tests: frozenset[str] = frozenset()

    @property
    def writes(self) -> bool:
        """A keyed request to an operation that is not a read: it needs ALLOW_WRITES=1."""
        return self.credential is Credential.KEY and self.operation.method != "GET"

    @property
    def spends_credit(self) -> bool:
        return self.writes and self.operation.spends_credit

    @property
    def read_only(self) -> bool:
        return self.sending is Sending.PLAN and not self.writes

    def content(self) -> bytes | None:
        if self.body_bytes:
            shell = json.dumps({**(self.body or {}), PADDING: ""}).encode()
            padded = {**(self.body or {}), PADDING: "x" * max(0, self.body_bytes - len(shell))}
            return json.dumps(padded).encode()
        return None if self.body is None else json.dumps(self.body).encode()

    def words(self) -> str:
        """The request, as a person reads it: `POST /licenses/demo {"customer_code": 3}`."""
        query = "&".join(f"{k}={v}" for k, v in self.query.items())
        text = f"{self.operation.method} {self.operation.path}{'?' + query if query else ''}"
        if self.body_bytes:
            return f"{text} with a body of {self.body_bytes} bytes"
        return f"{text} {json.dumps(self.body)}" if self.body is not None else text


@dataclass(frozen=True)
class Plan:
    probes: tuple[Probe, ...]

    @classmethod
    def build(cls, context: Context, customer_code: int | None = None) -> Plan:
        builder = _Builder(context.index, customer_code)
        probes = [probe for tier in builder.tiers() for probe in tier]
        # Read-only probes first, in their tiers' order; the writes after them (a stable sort).
        probes.sort(key=lambda probe: not probe.read_only)
        return cls(tuple(_with_tests(context, probe) for probe in probes))

    def sent_by_plan(self) -> list[Probe]:
        return [p for p in self.probes if p.sending is Sending.PLAN]

    def read_only_testable(self) -> frozenset[str]:
        return frozenset(a for p in self.probes if p.read_only for a in p.tests)

    def needing_writes(self) -> frozenset[str]:
        sendable = (Sending.PLAN, Sending.GENERATION, Sending.STATE)
        writes = {a for p in self.probes if p.writes and p.sending in sendable for a in p.tests}
        return frozenset(writes - self.read_only_testable())

    def testing(self, assumption_id: str) -> list[Probe]:
        return [p for p in self.probes if assumption_id in p.tests]


def _with_tests(context: Context, probe: Probe) -> Probe:
    """The probe, with the assumptions its documented answer confirms (the rules say which)."""
    if probe.answer is None:
        return probe
    op = probe.operation
    exchange = Exchange(
        method=op.method,
        url=op.path,
        path=op.path,
        situation=probe.situation,
        request_headers={},
        request_body=probe.content(),
        status=int(probe.answer.status),
        content_type="application/json",
        body=json.dumps(probe.answer.value).encode(),
        expects=probe.expects,
    )
    confirmed = {o.assumption.id for o in evaluate(context, exchange) if o.verdict is Verdict.CONFIRMED}
    return Probe(**{**probe.__dict__, "tests": frozenset(confirmed)})


class _Builder:
    def __init__(self, index: SpecIndex, customer_code: int | None) -> None:
        self.index = index
        self.customer_code = customer_code

    def answer(self, op: Operation, role: str) -> Example | None:
        statuses = self.index.statuses_of_role(op, role) if role in self.index.roles else []
        return next((e for e in self.index.named_examples(op) if e.status in statuses), None)

    def success(self, op: Operation) -> Example | None:
        return next((e for e in self.index.named_examples(op) if e.status.startswith("2")), None)

    def base(self, op: Operation) -> dict[str, Any]:
        """The required inputs, from the spec's examples (the customer: CUSTOMER_CODE when given)."""
        found = {}
        for name, given in self.index.inputs(op).items():
            if given.required:
                known = name == "customer_code" and self.customer_code is not None
                found[name] = self.customer_code if known else given.example
        return found

    def probe(self, op: Operation, kind: str, inputs: dict[str, Any] | None, **fields: Any) -> Probe:
        query = inputs if op.method == "GET" and inputs is not None else {}
        body = inputs if op.method != "GET" else None
        return Probe(id=f"{kind}:{op.method}:{op.path}", operation=op, query=query, body=body, **fields)

    def tiers(self) -> list[list[Probe]]:
        ops = self.index.operations
        reads = [op for op in ops if op.method == "GET"]
        unauthorized = "unauthorized"
        return [
            [
                self.probe(op, "read", self.base(op), purpose="the plain read", credential=Credential.KEY,
                           situation=Situation.VALID, answer=self.success(op))
                for op in reads
            ],
            [
                # A write without the key goes with an empty body: nothing to write were the key not checked.
                self.probe(op, "no-key", self.base(op) if op.method == "GET" else {},
                           purpose="without the key", credential=Credential.NONE,
                           situation=Situation.NO_KEY, answer=self.answer(op, unauthorized))
                for op in ops
            ],
            [
                self.probe(op, "wrong-key", self.base(op), purpose="with a wrong key",
                           credential=Credential.WRONG, situation=Situation.NO_KEY,
                           answer=self.answer(op, unauthorized))
                for op in reads
            ],
            [probe for op in ops if (probe := self.malformed(op)) is not None],
            [probe for op in ops for probe in self.situations(op)],
            [self.valid_write(op) for op in ops if op.method != "GET"],
        ]  # fmt: skip

    def malformed(self, op: Operation) -> Probe | None:
        """A request with one input of the wrong type. A write keeps its customer (the sandbox one)
        and malforms another input: a number as text, a flag as text, a required text left empty."""
        inputs = [
            i for i in self.index.inputs(op).values() if op.method == "GET" or i.name != "customer_code"
        ]
        kinds = {i.name: _kind(self.index, i) for i in inputs}
        wrong = {"integer": NOT_A_NUMBER, "number": NOT_A_NUMBER, "boolean": "not-a-boolean"}
        ranked = sorted(
            (i for i in inputs if kinds[i.name] in wrong or (i.required and kinds[i.name] == "string")),
            key=lambda i: (
                kinds[i.name] not in ("integer", "number"),
                kinds[i.name] != "boolean",
                not i.required,
            ),
        )
        if not ranked:
            return self.unexpected(op)
        chosen = ranked[0]
        value = wrong.get(kinds[chosen.name], "")
        return self.probe(
            op,
            "malformed",
            {**self.base(op), chosen.name: value},
            purpose=f"a malformed {chosen.name} ({chosen.name}={value!r})",
            credential=Credential.KEY,
            situation=Situation.INVALID,
            answer=self.answer(op, "validation-error"),
        )

    def unexpected(self, op: Operation) -> Probe | None:
        """For a read that takes no input at all, the one input it can be sent wrongly: a parameter it
        does not take (named as its validation example names it, `page` for ParameterNotAllowed)."""
        if op.method != "GET" or self.index.inputs(op):
            return None
        example = self.answer(op, "validation-error")
        errors = example.value.get("errors") if example and isinstance(example.value, dict) else None
        name = next(iter(errors), UNEXPECTED) if isinstance(errors, dict) and errors else UNEXPECTED
        return self.probe(
            op,
            "malformed",
            {name: "2"},
            purpose=f"a parameter it does not take ({name}='2')",
            credential=Credential.KEY,
            situation=Situation.INVALID,
            answer=example,
        )

    def situations(self, op: Operation) -> list[Probe]:
        found = []
        for example in self.index.named_examples(op):
            situation = example.situation
            if not isinstance(situation, dict):
                continue
            fields: dict[str, Any] = {
                "purpose": f"{example.summary or example.name}",
                "credential": Credential.KEY,
                "situation": Situation.VALID,
                "answer": example,
                "expects": example.name,
            }
            inputs: dict[str, Any] | None = self.base(op)
            if isinstance(situation.get("set"), dict):
                inputs = {**(inputs or {}), **situation["set"]}
                if op.method != "GET" and "customer_code" in situation["set"]:
                    fields["sending"] = Sending.NEVER
                    fields["why_not"] = "it would write for another customer than CUSTOMER_CODE"
            elif "body-bytes" in situation:
                fields["body_bytes"] = int(situation["body-bytes"])
                # A write's padded body names no customer: were the limit not enforced, it is invalid.
                inputs = inputs if op.method == "GET" else {}
            elif "state" in situation:
                fields["sending"], fields["why_not"] = Sending.STATE, str(situation["state"])
            else:
                fields["sending"] = Sending.UNPROVOKABLE
                fields["why_not"] = str(situation.get("unprovokable", "no request provokes it"))
            found.append(self.probe(op, f"situation:{example.name}", inputs, **fields))
        return found

    def valid_write(self, op: Operation) -> Probe:
        chained = "license_id" in self.index.inputs(op)
        return self.probe(
            op,
            "write",
            self.base(op),
            purpose="a valid write",
            credential=Credential.KEY,
            situation=Situation.VALID,
            answer=self.success(op),
            sending=Sending.GENERATION,
            why_not=(
                "it needs a license of the sandbox customer: the stateful phase chains it from an assign"
                if chained
                else "it writes: the stateful phase and the state machine send it"
            ),
        )


def _kind(index: SpecIndex, given: Input) -> str:
    node: Any = index.spec
    for token in given.schema_at:
        node = node[token]
    return str(index.resolve(node).get("type", ""))
