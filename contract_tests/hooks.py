"""The suite's schemathesis hooks, in one place: the sandbox customer, and what the checks found."""

from __future__ import annotations

from typing import Any

import schemathesis

from contract_tests.results import RESULTS
from contract_tests.target import TARGET


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    # Against a live server every write is for the sandbox customer, whatever was generated.
    if (
        TARGET.live
        and TARGET.customer_code is not None
        and isinstance(case.body, dict)
        and "customer_code" in case.body
    ):
        case.body["customer_code"] = TARGET.customer_code


@schemathesis.hook
def after_validate(context: Any, case: Any, response: Any, results: list[Any]) -> None:
    checks = [
        (result.name, None if result.failure is None else TARGET.redact(str(result.failure.title)))
        for result in results
    ]
    RESULTS.record(f"{case.method.upper()} {case.path}", response.status_code, checks)
