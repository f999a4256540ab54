"""Schemathesis against the target: every check, positive and negative data, all phases, stateful links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation

from contract_tests.target import BASE_PATH, TARGET, GuardedSession

HERE = Path(__file__).resolve().parent
CONFIG = SchemathesisConfig.from_path(HERE / "schemathesis.toml")
BUNDLE = HERE.parent / "generated" / "openapi.yaml"

if TARGET.live:
    # The contract is our bundle, not whatever the server serves (the real API serves none).
    schema = schemathesis.openapi.from_path(BUNDLE, config=CONFIG)
    schema.config.update(base_url=TARGET.base_url)
    SESSION: GuardedSession | None = GuardedSession(TARGET)
else:
    APP = TARGET.app()
    schema = schemathesis.openapi.from_asgi(f"{BASE_PATH}/openapi.json", APP, config=CONFIG)
    SESSION = None


def call_kwargs(case: Any) -> dict[str, Any]:
    # A case whose headers were generated invalid on purpose (the key missing or wrong) is sent
    # as generated; every other one gets the key when the safety policy allows it.
    negative_headers = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
    headers = {} if negative_headers else TARGET.key_headers(case.method, TARGET.base_url + case.path)
    kwargs: dict[str, Any] = {"headers": headers}
    if SESSION is not None:
        kwargs["session"] = SESSION
    return kwargs


@schema.parametrize()
def test_operation(case: Any) -> None:
    case.call_and_validate(**call_kwargs(case))


class LinkedStateMachine(schema.as_state_machine()):  # type: ignore[misc]
    """Chains assign -> renew/cancel through the spec's links, with the same key policy."""

    def setup(self) -> None:
        # In-process, each scenario starts from the seed, so credit and demos are not used up
        # by earlier ones and the chains reach renew and cancel.
        store = None if TARGET.live else getattr(APP, "store", None)
        if store is not None:
            store.reset()

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        return call_kwargs(case)


TestLinkedStateful = LinkedStateMachine.TestCase
