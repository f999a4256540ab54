"""Checks that a response is one the spec documents: its status, content type and body schema."""

from __future__ import annotations

from functools import cache
from typing import Any

import httpx
import yaml

from tools.lint import example_errors
from tools.spec_files import BUNDLE

BASE_PATH = "/customerarea"


@cache
def bundle() -> dict[str, Any]:
    return yaml.safe_load(BUNDLE.read_text(encoding="utf-8"))


def undocumented(method: str, path: str, response: httpx.Response) -> list[str]:
    """What is wrong with a response for the operation at (method, path); empty when nothing."""
    spec = bundle()
    operation = spec["paths"].get(path.removeprefix(BASE_PATH), {}).get(method.lower())
    if operation is None:
        return [f"{method} {path} is not an operation of the spec"]
    status = str(response.status_code)
    if status not in operation["responses"]:
        return [f"status {status} is not documented for {method} {path}: {response.text[:200]}"]
    ref = operation["responses"][status].get("$ref")
    pointer = (
        ("components", "responses", ref.rsplit("/", 1)[1])
        if ref
        else ("paths", path.removeprefix(BASE_PATH), method.lower(), "responses", status)
    )
    media = response.headers.get("content-type", "").split(";")[0]
    if media != "application/json":
        return [f"content type {media!r} is not documented"]
    return example_errors(
        spec, (*pointer, "content", "application/json", "schema"), response.json(), writing=False
    )


def assert_documented(method: str, path: str, response: httpx.Response) -> None:
    problems = undocumented(method, path, response)
    assert not problems, problems
