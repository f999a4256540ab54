"""The mock's state and its transactions: one lock, an undo log, the state file, seed and dump.

Every change a write makes goes through `_set` or `_add_license`, which note how to undo it. A
`@transaction` method either completes (and is saved in the state file before it is answered) or,
if anything raises halfway (a refusal, a bug, a state file that cannot be written), has its notes
played back, so the store is exactly as it was, in memory and in the state file alike.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from mock_server import dataset
from mock_server.dataset import DEFAULT_DATASET, DatasetError
from mock_server.model import Catalog, License, Reseller
from mock_server.persistence import StateFile, StateFileError

T = TypeVar("T")


class Saved(Protocol):
    """Where a store keeps its state between runs: the state file's shared row, or a session's."""

    def load(self) -> Any | None: ...
    def save(self, data: Any) -> None: ...


def transaction(method: Callable[..., T]) -> Callable[..., T]:
    """One request's change: under the lock, all of it or nothing, saved before it is answered."""

    @functools.wraps(method)
    def apply(self: Ledger, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            self._undo = []
            try:
                result = method(self, *args, **kwargs)
                if self.state_file is not None:
                    self.state_file.save(self.dump())
                return result
            except BaseException:
                for undo in reversed(self._undo):
                    undo()
                raise
            finally:
                self._undo = []

    return apply


class Ledger:
    catalog: Catalog
    resellers: dict[str, Reseller]
    owner: dict[int, Reseller]
    next_id: int

    def __init__(
        self,
        seed: Path = DEFAULT_DATASET,
        default_key: str | None = None,
        state_file: Path | Saved | None = None,
    ) -> None:
        self.dataset = seed
        self.default_key = default_key
        self._lock = threading.RLock()
        self._undo: list[Callable[[], None]] = []
        self.state_file: Saved | None = (
            StateFile.open(state_file) if isinstance(state_file, Path) else state_file
        )
        saved = self.state_file.load() if self.state_file is not None else None
        try:
            self.seed(saved)
        except DatasetError as error:
            if saved is None:
                raise
            where = getattr(self.state_file, "path", "")
            raise StateFileError(
                f"--state-file {where}: it holds no state the mock can load: {error}"
            ) from None

    # -- changes, each noted so that a failed transaction can be undone ----------------------------
    def _set(self, owner: Any, name: str, value: Any) -> None:
        old = getattr(owner, name, None)  # None: the first seed, when nothing was set yet
        self._undo.append(lambda: setattr(owner, name, old))
        setattr(owner, name, value)

    def _add_license(self, reseller: Reseller, license_: License, *, demo: bool) -> None:
        def remove() -> None:
            del reseller.licenses[license_.license_id]
            if demo:
                reseller.demos[license_.customer_code] -= 1

        reseller.add(license_, demo=demo)
        self._undo.append(remove)

    # -- the state as a whole ------------------------------------------------------------------------
    @transaction
    def seed(self, data: Any | None = None) -> None:
        """Load a dataset (the seed file when none is given); on a flaw nothing changes."""
        catalog, resellers, highest_id = dataset.parse(
            dataset.read(self.dataset) if data is None else data, self.default_key
        )
        self._set(self, "catalog", catalog)
        self._set(self, "resellers", {r.api_key: r for r in resellers})
        self._set(self, "owner", {c: r for r in resellers for c in r.customers})
        self._set(self, "next_id", highest_id + 1)

    def reset(self) -> None:
        self.seed()

    def dump(self) -> dict[str, Any]:
        """The state as a dataset: what `seed()` loads, so an export can be loaded back."""
        with self._lock:
            return dataset.dump(self.catalog, list(self.resellers.values()), self.default_key)

    def reseller_for(self, api_key: str) -> Reseller | None:
        return self.resellers.get(api_key)

    @property
    def default_reseller(self) -> Reseller:
        return next(iter(self.resellers.values()))
