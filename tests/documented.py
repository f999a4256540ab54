"""Checks that a response is one the spec documents: its status, content type and body schema."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from contract.schemas import example_errors
from contract.spec import SpecIndex

INDEX = SpecIndex.load()
BASE_PATH = INDEX.base_path


def bundle() -> dict[str, Any]:
    """A copy of the bundle, for a test to read or change (the mock's own index stays as it is)."""
    return copy.deepcopy(INDEX.spec)


def undocumented(method: str, path: str, response: httpx.Response) -> list[str]:
    """What is wrong with a response for the operation at (method, path); empty when nothing."""
    operation = INDEX.operation_at(method, path)
    if operation is None:
        return [f"{method} {path} is not an operation of the spec"]
    status = str(response.status_code)
    documented = INDEX.response(operation, status)
    if documented is None:
        return [f"status {status} is not documented for {method} {path}: {response.text[:200]}"]
    media = response.headers.get("content-type", "").split(";")[0]
    if media != "application/json":
        return [f"content type {media!r} is not documented"]
    _, pointer = documented
    return example_errors(
        INDEX.spec, (*pointer, "content", "application/json", "schema"), response.json(), writing=False
    )


def assert_documented(method: str, path: str, response: httpx.Response) -> None:
    problems = undocumented(method, path, response)
    assert not problems, problems
