"""Redaction of secrets in one place: every text the kit writes (reports, JUnit, failures, HAR) passes here.

A secret is replaced wherever it stands, written as it was given or percent-encoded (a key in a
URL): by `[API_KEY]` in what people read, by `$API_KEY` in a command meant to be run again (the
shell then supplies the key from the environment), or by another placeholder a format asks for.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

SHOWN = "[API_KEY]"
FOR_SHELL = "$API_KEY"


class Redactor:
    def __init__(self, *secrets: str | None, placeholder: str = SHOWN) -> None:
        forms = {form for secret in secrets if secret for form in (secret, quote(secret, safe=""))}
        # The longest first, so that a secret inside another is not half replaced.
        self.forms = sorted(forms, key=len, reverse=True)
        self.placeholder = placeholder

    def __bool__(self) -> bool:
        return bool(self.forms)

    def __call__(self, text: str) -> str:
        for form in self.forms:
            text = text.replace(form, self.placeholder)
        return text

    def found_in(self, text: str) -> bool:
        return any(form in text for form in self.forms)

    def as_placeholder(self, placeholder: str) -> Redactor:
        """The same secrets, replaced by another placeholder (`$API_KEY` for a runnable command)."""
        other = Redactor(placeholder=placeholder)
        other.forms = self.forms
        return other

    def for_shell(self, text: str) -> str:
        return self.as_placeholder(FOR_SHELL)(text)

    def scrub_file(self, path: Path) -> None:
        """Rewrite a file that holds a secret (one another tool wrote: pytest's JUnit file)."""
        if not self.forms or not path.is_file():
            return
        text = path.read_text(encoding="utf-8", errors="replace")
        if self.found_in(text):
            path.write_text(self(text), encoding="utf-8")


NOTHING = Redactor()
