"""A pytest plugin for the contract suite's own tests: the key turns up inside generated data, as a short key
once did by chance (`-p tests.key_in_generated_data`). Each case for POST /licenses/demo gets the key in a
query parameter the kit did not put there; the guard must refuse it in one sentence and the run go on."""

from __future__ import annotations

import os
from typing import Any

import schemathesis


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if case.method.upper() == "POST" and case.path == "/licenses/demo":
        case.query = {**(case.query or {}), "note": f"x{os.environ['API_KEY']}x"}
