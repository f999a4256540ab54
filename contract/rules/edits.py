"""Proposed edits of the spec for refuted findings: a YAML snippet a person (or `make adopt`) applies.

A documented claim is the vendor's word: a refutation of it is reported as a contradiction of the
vendor's docs, with no edit proposed.
"""

from __future__ import annotations

from contract.model import Assumption, Provenance


def proposed(claim: Assumption, snippet: str) -> str | None:
    """The snippet, for a refuted inference; None for a documented claim (the vendor's to change)."""
    return snippet if claim.provenance is Provenance.INFERRED else None
