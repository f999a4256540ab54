"""Every forced answer fits its operation: what `Prefer: code=` / `example=` answers (and the TypeScript
package's msw handlers, which answer the same examples) names only what that operation takes.

A field a 422 example names is a parameter or body field of the operation, or, when it is not, the
example is word for word what the mock answers to a request that sends it. A 404's reason is about
something the operation takes (no `currency_not_found` where there is no `currency_code`).
"""

from __future__ import annotations

from typing import Any

import pytest

from contract.spec import Operation
from tests.conftest import DEV_KEY, client
from tests.documented import BASE_PATH, INDEX

# What a not-found reason is about: the operation must take it.
REASON_SUBJECT = {
    "customer_not_found": "customer_code",
    "license_not_found": "license_id",
    "license_code_not_found": "license_code",
    "currency_not_found": "currency_code",
}
FORCED = [
    pytest.param(op, status, name, id=f"{op.operation_id}-{status}-{name}")
    for op in INDEX.operations
    for status, examples in INDEX.examples(op).items()
    for name in examples
]
MOCK = client()


def inputs(op: Operation) -> set[str]:
    """The names an operation takes: its parameters and its JSON body's fields."""
    names = {INDEX.resolve(parameter)["name"] for parameter in op.definition.get("parameters", [])}
    body = INDEX.resolve(op.definition.get("requestBody", {}))
    schema = INDEX.resolve(body.get("content", {}).get("application/json", {}).get("schema", {}))
    return names | set(schema.get("properties", {}))


def forced(op: Operation, status: str, name: str) -> Any:
    headers = {"X-API-KEY": DEV_KEY, "Prefer": f"code={status}, example={name}"}
    answer = MOCK.request(op.method, BASE_PATH + op.path, headers=headers)
    assert answer.status_code == int(status), answer.text
    return answer.json()


def sent(op: Operation, field: str) -> Any:
    """The mock's answer to a request of this operation that sends `field`."""
    headers = {"X-API-KEY": DEV_KEY}
    if op.method == "GET":
        return MOCK.get(BASE_PATH + op.path, params={field: "2"}, headers=headers).json()
    return MOCK.request(op.method, BASE_PATH + op.path, json={field: "2"}, headers=headers).json()


@pytest.mark.parametrize(("op", "status", "name"), FORCED)
def test_a_forced_answer_names_only_what_its_operation_takes(op: Operation, status: str, name: str) -> None:
    body = forced(op, status, name)
    taken = inputs(op)
    for field, messages in body.get("errors", {}).items():
        if field not in taken:
            answered = sent(op, field).get("errors", {})
            assert answered.get(field) == messages, (
                f"{op.operation_id}'s {status} example {name} names {field!r}, which it does not take: "
                f"it takes {sorted(taken) or 'nothing'}, and sending it is answered {answered}"
            )
    subject = REASON_SUBJECT.get(body.get("reason", ""))
    assert subject is None or subject in taken, f"{op.operation_id} takes no {subject}: {body}"
