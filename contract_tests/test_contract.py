"""Schemathesis against the target: every check, positive and negative data, all phases, stateful links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import reject
from schemathesis.config import NotAServerErrorConfig, SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation

from contract.spec import BUNDLE
from contract_tests.run import current
from contract_tests.target import BudgetSpent, UnsafeRequest
from contract_tests.transport import GuardedSession

CONFIG = SchemathesisConfig.from_path(Path(__file__).resolve().parent / "schemathesis.toml")
RUN = current()
TARGET = RUN.target
if RUN.seed is not None:
    # The run's seed (SEED, or one drawn and recorded): each operation's examples are derived from it.
    CONFIG.update(seed=RUN.seed, max_failures=None)

if TARGET.live:
    # The contract is our bundle, not whatever the server serves (the real API serves none).
    schema = schemathesis.openapi.from_path(BUNDLE, config=CONFIG)
    schema.config.update(base_url=TARGET.base_url)
    SESSION: GuardedSession | None = GuardedSession(TARGET)
else:
    schema = schemathesis.openapi.from_asgi(f"{TARGET.base_path}/openapi.json", TARGET.app, config=CONFIG)
    SESSION = None

# A status the spec gives the validation body is an answer, not a server error, whatever its class:
# the vendor's own example shows that body under 500. Any other 5xx still fails `not_a_server_error`.
_VALIDATION = {
    s for op in TARGET.index.operations for s in TARGET.index.statuses_of_role(op, "validation-error")
}
schema.config.checks.not_a_server_error = NotAServerErrorConfig.from_dict(
    {"expected-statuses": [*schema.config.checks.not_a_server_error.expected_statuses, *sorted(_VALIDATION)]}
)


def call_kwargs(case: Any) -> dict[str, Any]:
    # A case whose headers were generated invalid on purpose (the key missing or wrong) is sent
    # as generated; every other one gets the key when the safety policy allows it.
    negative_headers = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
    headers = {} if negative_headers else TARGET.key_headers(case.method, TARGET.base_url + case.path)
    kwargs: dict[str, Any] = {"headers": headers}
    if SESSION is not None:
        kwargs["session"] = SESSION
    return kwargs


def refused(refusal: UnsafeRequest) -> None:
    """The guard kept a request from leaving: said once in the summary, and the run goes on."""
    if not isinstance(refusal, BudgetSpent):
        TARGET.refused.append(str(refusal))


@schema.parametrize()
def test_operation(case: Any) -> None:
    # Against a live server every failure is collected, not raised, so generation goes on until the
    # budget is spent and each assumption gets all its observations (contract/verdicts.py); the
    # run's verdict comes from the findings. In-process, the first failure fails the test.
    if TARGET.budget_spent:
        # Nothing more will be sent: drawing more cases would only spend time.
        pytest.skip(f"MAX_REQUESTS={TARGET.max_requests} requests were sent: the run stops sending")
    try:
        case.call_and_validate(**call_kwargs(case))
    except BudgetSpent as spent:
        pytest.skip(str(spent))
    except UnsafeRequest as refusal:
        refused(refusal)
    except (FailureGroup, AssertionError):
        if not TARGET.live:
            raise


class LinkedStateMachine(schema.as_state_machine()):  # type: ignore[misc]
    """Chains assign -> renew/cancel through the spec's links, with the same key policy."""

    def setup(self) -> None:
        # In-process, each scenario starts from the seed, so credit and demos are not used up
        # by earlier ones and the chains reach renew and cancel.
        store = None if TARGET.live else getattr(TARGET.app, "store", None)
        if store is not None:
            store.reset()

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        return call_kwargs(case)

    def call(self, case: Any, **kwargs: Any) -> Any:
        try:
            return super().call(case, **kwargs)
        except BudgetSpent as spent:
            # Nothing more is sent at all: the stateful phase ends here, the findings keep what was seen.
            pytest.skip(str(spent))
        except UnsafeRequest as refusal:
            # Nothing more is sent in this scenario.
            refused(refusal)
            reject()

    def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
        # Collected, not raised, against a live server: see test_operation.
        try:
            super().validate_response(response, case, *args, **kwargs)
        except (FailureGroup, AssertionError):
            if not TARGET.live:
                raise


TestLinkedStateful = LinkedStateMachine.TestCase
