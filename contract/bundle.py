"""The hand-written multi-file spec bundled into one self-contained document (prance), and any spec file read.

prance resolves only the references to other files (one `$ref` per path and per component in the
root). References written `#/components/...` inside those files are internal to them, so prance
leaves them as they are; once inlined they point at the root's components, which therefore keep
their names. `make bundle` (tools/bundle.py) writes the result; the mock bundles in memory when it
serves `openapi/` itself (its reload).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from contract.spec import SAFE_LOADER, SPEC_ROOT


class BundleError(ValueError):
    """A spec file that cannot be read, bundled or validated; the message is one sentence naming it."""


def bundled_spec(root: Path = SPEC_ROOT) -> dict[str, Any]:
    """The spec at `root` with every reference to another file inlined, validated by
    openapi-spec-validator; prance's own error, naming the file, when it cannot be."""
    # Imported here: prance takes a quarter of a second to import, and only bundling needs it.
    from prance import ResolvingParser
    from prance.util.resolver import RESOLVE_FILES

    parser = ResolvingParser(
        str(root), resolve_types=RESOLVE_FILES, backend="openapi-spec-validator", strict=True
    )
    spec: dict[str, Any] = parser.specification
    return spec


def _refers_to_files(node: Any) -> bool:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return True
        return any(_refers_to_files(value) for value in node.values())
    return isinstance(node, list) and any(_refers_to_files(value) for value in node)


def read_spec(path: Path) -> dict[str, Any]:
    """A spec file as one document: a bundle as it is, a multi-file root bundled (BundleError: why not)."""
    try:
        with path.open(encoding="utf-8") as handle:
            spec = yaml.load(handle, Loader=SAFE_LOADER)
    except OSError as error:
        raise BundleError(f"{path}: cannot read it: {error.strerror or error}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise BundleError(f"{path}: it is not YAML: {str(error).splitlines()[0]}") from None
    if not isinstance(spec, dict) or "openapi" not in spec:
        raise BundleError(f"{path}: it is not an OpenAPI document (no `openapi` key)")
    if not _refers_to_files(spec):
        return spec
    try:
        return bundled_spec(path)
    except Exception as error:  # prance raises its own, the validator's and the YAML parser's errors
        first = next((line for line in str(error).splitlines() if line.strip()), type(error).__name__)
        raise BundleError(f"{path}: it does not bundle: {first}") from None
