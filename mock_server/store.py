"""The mock's state and the vendor's business rules, apart from HTTP.

One `Store` holds the catalog, the resellers (one per API key) with their credit,
customers and licenses. Every method that changes state checks every rule first and
changes nothing when one refuses, under one lock, so concurrent requests behave as
some serial order of them.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import functools
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml

from mock_server.bodies import api_error
from mock_server.dataset import DatasetError, check

DEFAULT_DATASET = Path(__file__).parent / "data" / "default.yaml"
# libyaml's loader where PyYAML has it: the same safe subset, many times faster on big datasets.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_LANG = "EN"
DEFAULT_CURRENCY = "EUR"
MAX_DEMOS_PER_CUSTOMER = 2
RENEWABLE = frozenset({"active", "renewed", "expired"})
RUNNING = frozenset({"active", "renewed", "trial"})
CENT = Decimal("0.01")
T = TypeVar("T")


class Refusal(Exception):
    """A well-formed request refused by a business rule; the spec documents each reason."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message

    def body(self) -> dict[str, Any]:
        return api_error(self.status, self.reason, self.message)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def money(value: Decimal) -> float | int:
    """A JSON number for an amount: 2 decimals, written as an integer when it is one."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


@dataclass(frozen=True)
class Offer:
    code: str
    product: str
    version: int
    months: int
    users: int
    points: Decimal
    amount: Decimal  # in EUR


@dataclass
class License:
    license_id: str
    customer_code: int
    offer: Offer
    license_info: str | None
    status: str
    start_date: dt.date
    periods: int
    lang: str = DEFAULT_LANG
    currency: str = DEFAULT_CURRENCY
    accept_notifications: bool = True

    @property
    def expiry_date(self) -> dt.date:
        return add_months(self.start_date, self.offer.months * self.periods)

    def status_on(self, today: dt.date) -> str:
        # A running license whose period is over has expired; nothing else changes by itself.
        return "expired" if self.status in RUNNING and self.expiry_date < today else self.status


@dataclass
class Reseller:
    name: str
    api_key: str
    credit: Decimal  # in EUR
    customers: set[int]
    licenses: dict[str, License] = field(default_factory=dict)
    # Demo licenses per customer, cancelled ones included: the demo limit without a scan.
    demos: Counter[int] = field(default_factory=Counter)

    def add(self, license_: License, *, demo: bool) -> None:
        """The only way a license joins a reseller, so `demos` stays in step with `licenses`."""
        self.licenses[license_.license_id] = license_
        if demo:
            self.demos[license_.customer_code] += 1


@dataclass(frozen=True)
class Catalog:
    currencies: dict[str, dict[str, Any]]
    versions: list[dict[str, Any]]
    product_names: dict[str, dict[str, str]]
    quantity_labels: dict[str, str]
    demo: Offer
    offers: dict[str, Offer]
    rows: dict[tuple[str, str, str, Decimal], dict[str, Any]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def rate(self, currency: str) -> Decimal:
        if currency not in self.currencies:
            raise Refusal(404, "currency_not_found", f"No currency with code {currency}.")
        return Decimal(str(self.currencies[currency]["rate"]))

    def offer(self, code: str) -> Offer:
        if code not in self.offers:
            raise Refusal(404, "license_code_not_found", "No license with this code in the catalog.")
        return self.offers[code]

    def name(self, offer: Offer, lang: str) -> str:
        names = self.product_names[offer.product]
        return names.get(lang.upper(), names[DEFAULT_LANG])

    def quantity(self, offer: Offer, lang: str) -> str:
        label = self.quantity_labels.get(lang.upper(), self.quantity_labels[DEFAULT_LANG])
        return label.format(users=offer.users)

    def offer_row(self, offer: Offer, lang: str, currency_code: str, rate: Decimal) -> dict[str, Any]:
        """An offer as the API lists it; worked out once per language and currency (a catalog never
        changes: loading a dataset makes a new one). A fresh copy each time."""
        key = (offer.code, lang, currency_code, rate)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = {
                "license_code": offer.code,
                "license_name": self.name(offer, lang),
                "license_duration_months": str(offer.months),
                "license_version": str(offer.version),
                "license_quantity": self.quantity(offer, lang),
                "license_points": money(offer.points),
                "license_amount": money(offer.amount * rate),
                "license_amount_currency": currency_code,
            }
        return dict(row)


def _offer_data(offer: Offer) -> dict[str, Any]:
    return {
        "code": offer.code,
        "product": offer.product,
        "version": offer.version,
        "months": offer.months,
        "users": offer.users,
        "points": money(offer.points),
        "amount": money(offer.amount),
    }


def _license_data(license_: License) -> dict[str, Any]:
    return {
        "license_id": license_.license_id,
        "customer_code": license_.customer_code,
        "license_code": license_.offer.code,
        "license_info": license_.license_info,
        "status": license_.status,
        "start_date": license_.start_date.isoformat(),
        "periods": license_.periods,
        "lang": license_.lang,
        "currency": license_.currency,
        "accept_notifications": license_.accept_notifications,
    }


def _offer(raw: dict[str, Any]) -> Offer:
    return Offer(
        code=str(raw["code"]),
        product=str(raw["product"]),
        version=int(raw["version"]),
        months=int(raw["months"]),
        users=int(raw["users"]),
        points=Decimal(str(raw["points"])),
        amount=Decimal(str(raw["amount"])),
    )


def parse_dataset(data: Any, default_key: str | None = None) -> tuple[Catalog, list[Reseller], int]:
    """Build the catalog and the resellers from a dataset; raise DatasetError on any flaw."""
    check(data)  # names the offending entry; nothing below meets a dangling reference
    try:
        offers = {o.code: o for o in map(_offer, data["catalog"])}
        demo = _offer(data["demo_license"])
        catalog = Catalog(
            currencies={c["code"]: c for c in data["currencies"]},
            versions=list(data["versions"]),
            product_names=data["product_names"],
            quantity_labels=data["quantity_labels"],
            demo=demo,
            offers=offers,
        )
        known = {**offers, demo.code: demo}
        resellers, highest_id = [], 0
        for index, raw in enumerate(data["resellers"]):
            key = default_key if index == 0 and default_key else str(raw["api_key"])
            reseller = Reseller(
                raw["name"], key, Decimal(str(raw["credit"])), set(map(int, raw["customers"]))
            )
            for lic in raw.get("licenses") or []:
                license_ = License(
                    license_id=str(lic["license_id"]),
                    customer_code=int(lic["customer_code"]),
                    offer=known[lic["license_code"]],
                    license_info=lic.get("license_info"),
                    status=str(lic["status"]),
                    start_date=dt.date.fromisoformat(str(lic["start_date"])),
                    periods=int(lic.get("periods", 1)),
                    lang=str(lic.get("lang", DEFAULT_LANG)),
                    currency=str(lic.get("currency", DEFAULT_CURRENCY)),
                    accept_notifications=bool(lic.get("accept_notifications", True)),
                )
                reseller.add(license_, demo=license_.offer.code == demo.code)
                digits = "".join(ch for ch in license_.license_id if ch.isdigit())
                highest_id = max(highest_id, int(digits or 0))
            resellers.append(reseller)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DatasetError(f"invalid dataset: {type(error).__name__}: {error}") from error
    keys = [r.api_key for r in resellers]
    if len(set(keys)) != len(keys):
        raise DatasetError("MOCK_API_KEY is the api_key of another reseller of the dataset")
    return catalog, resellers, highest_id


def _write(method: Callable[..., T]) -> Callable[..., T]:
    """One request's change: under the lock, all of it or nothing, saved before it is answered.

    Every change goes through `_set` or `_add_license`, which note how to undo it. If anything
    raises halfway (a refusal, a bug, saving the state file), the notes are played back and the
    store is exactly as it was, in memory and in the state file alike.
    """

    @functools.wraps(method)
    def apply(self: Store, *args: Any, **kwargs: Any) -> T:
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


class StateFileError(Exception):
    """A --state-file that cannot be used; the message names it and says why."""


class StateFile:
    """The state in one SQLite row: each save is one transaction, so a killed process leaves
    either the state before a request or the state after it."""

    @classmethod
    def open(cls, path: Path) -> StateFile:
        """Open (or create) the file, or say in one sentence why it cannot be the state file."""
        try:
            state_file = cls(path)
            state_file.load()
            return state_file
        except (sqlite3.Error, OSError, ValueError) as error:
            if path.is_dir():
                why = "it is a folder, not a file"
            elif not path.parent.is_dir():
                why = f"its folder {path.parent} does not exist"
            else:
                why = f"it is not a state file of the mock ({error})"
            raise StateFileError(f"--state-file {path}: {why}") from None

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)"
        )

    def load(self) -> Any | None:
        row = self._db.execute("SELECT data FROM state WHERE id = 1").fetchone()
        return None if row is None else json.loads(row[0])

    def save(self, data: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO state (id, data) VALUES (1, ?)", (json.dumps(data),))


class Store:
    max_demos_per_customer = MAX_DEMOS_PER_CUSTOMER

    def __init__(
        self,
        dataset: Path = DEFAULT_DATASET,
        default_key: str | None = None,
        today: Callable[[], dt.date] = lambda: dt.datetime.now(dt.UTC).date(),
        state_file: Path | None = None,
    ) -> None:
        self.dataset = dataset
        self.default_key = default_key
        self.today = today
        self._lock = threading.RLock()
        self._undo: list[Callable[[], None]] = []
        self.state_file = None if state_file is None else StateFile.open(state_file)
        saved = self.state_file.load() if self.state_file is not None else None
        try:
            self.seed(saved)
        except DatasetError as error:
            if saved is None:
                raise
            raise StateFileError(
                f"--state-file {state_file}: it holds no state the mock can load: {error}"
            ) from None

    # -- changes, each noted so that a failed write can be undone ----------------------------------
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

    # -- state -----------------------------------------------------------------------------
    def _seed_data(self) -> Any:
        try:
            with self.dataset.open(encoding="utf-8") as handle:
                return yaml.load(handle, Loader=SAFE_LOADER)
        except OSError as error:
            raise DatasetError(f"cannot read it: {error.strerror or error}") from None
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            where = getattr(error, "problem_mark", None)
            at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
            problem = getattr(error, "problem", None) or str(error)
            raise DatasetError(f"it is not valid YAML{at}: {problem}") from None

    def _install(self, data: Any) -> None:
        catalog, resellers, highest_id = parse_dataset(copy.deepcopy(data), self.default_key)
        self._set(self, "catalog", catalog)
        self._set(self, "resellers", {r.api_key: r for r in resellers})
        self._set(self, "owner", {c: r for r in resellers for c in r.customers})
        self._set(self, "next_id", highest_id + 1)

    @_write
    def seed(self, data: Any | None = None) -> None:
        """Load a dataset (the seed file when none is given); on a flaw nothing changes."""
        self._install(self._seed_data() if data is None else data)

    def reset(self) -> None:
        self.seed()

    def dump(self) -> dict[str, Any]:
        """The state as a dataset: what `seed()` loads, so an export can be loaded back."""
        with self._lock:
            resellers = []
            for index, reseller in enumerate(self.resellers.values()):
                key = "(from MOCK_API_KEY)" if index == 0 and self.default_key else reseller.api_key
                resellers.append(
                    {
                        "name": reseller.name,
                        "api_key": key,
                        "credit": money(reseller.credit),
                        "customers": sorted(reseller.customers),
                        "licenses": [_license_data(lic) for lic in reseller.licenses.values()],
                    }
                )
            return {
                "currencies": list(self.catalog.currencies.values()),
                "versions": list(self.catalog.versions),
                "product_names": self.catalog.product_names,
                "quantity_labels": self.catalog.quantity_labels,
                "demo_license": _offer_data(self.catalog.demo),
                "catalog": [_offer_data(offer) for offer in self.catalog.offers.values()],
                "resellers": resellers,
            }

    def reseller_for(self, api_key: str) -> Reseller | None:
        return self.resellers.get(api_key)

    @property
    def default_reseller(self) -> Reseller:
        return next(iter(self.resellers.values()))

    # -- reads -------------------------------------------------------------------------------
    def _customer(self, reseller: Reseller, customer_code: int) -> None:
        # Another reseller's customer is answered exactly like an unknown one.
        if customer_code not in reseller.customers:
            raise Refusal(404, "customer_not_found", "No customer with this code.")

    def available_offers(
        self,
        reseller: Reseller,
        customer_code: int,
        lang: str = DEFAULT_LANG,
        version_code: int | None = None,
        license_duration: str | None = None,
        license_code: str | None = None,
        currency_code: str = DEFAULT_CURRENCY,
    ) -> list[dict[str, Any]]:
        self._customer(reseller, customer_code)
        rate = self.catalog.rate(currency_code)
        offers = [self.catalog.offer(license_code)] if license_code else self.catalog.offers.values()
        return [
            self.catalog.offer_row(o, lang, currency_code, rate)
            for o in offers
            if (version_code is None or o.version == version_code)
            and (license_duration is None or o.months == int(license_duration))
        ]

    def currencies(self) -> list[dict[str, Any]]:
        return [
            {
                "currency_code": c["code"],
                "currency_name": c["name"],
                "currency_symbol": c["symbol"],
                "exchange_rate": money(Decimal(str(c["rate"]))),
            }
            for c in self.catalog.currencies.values()
        ]

    def versions(self) -> list[dict[str, Any]]:
        return [{"version_code": v["code"], "version_name": v["name"]} for v in self.catalog.versions]

    # -- writes ------------------------------------------------------------------------------
    def _new_license(self, reseller: Reseller, **fields: Any) -> License:
        license_ = License(license_id=f"LIC-{self.next_id:06d}", start_date=self.today(), periods=1, **fields)
        self._set(self, "next_id", self.next_id + 1)
        self._add_license(reseller, license_, demo=license_.offer.code == self.catalog.demo.code)
        return license_

    def _charge(self, reseller: Reseller, amount: Decimal) -> None:
        if reseller.credit < amount:
            raise Refusal(409, "insufficient_credit", "Not enough credit for this license.")
        self._set(reseller, "credit", reseller.credit - amount)

    def _view(self, reseller: Reseller, license_: License, charged: Decimal) -> dict[str, Any]:
        rate = self.catalog.rate(license_.currency)
        return {
            "license_id": license_.license_id,
            "customer_code": license_.customer_code,
            "license_code": license_.offer.code,
            "license_name": self.catalog.name(license_.offer, license_.lang),
            "license_info": license_.license_info,
            "license_type": "demo" if license_.offer.code == self.catalog.demo.code else "paid",
            "status": license_.status_on(self.today()),
            "start_date": license_.start_date.isoformat(),
            "expiry_date": license_.expiry_date.isoformat(),
            "license_duration_months": license_.offer.months,
            "amount_charged": money(charged * rate),
            "amount_currency": license_.currency,
            "credit_remaining": money(reseller.credit * rate),
            "accept_notifications": license_.accept_notifications,
        }

    @_write
    def assign_demo(
        self,
        reseller: Reseller,
        customer_code: int,
        lang: str = DEFAULT_LANG,
        accept_notifications: bool = True,
    ) -> dict[str, Any]:
        self._customer(reseller, customer_code)
        if reseller.demos[customer_code] >= self.max_demos_per_customer:
            raise Refusal(
                409,
                "demo_limit_reached",
                f"This customer already had {self.max_demos_per_customer} demo licenses.",
            )
        license_ = self._new_license(
            reseller,
            customer_code=customer_code,
            offer=self.catalog.demo,
            license_info=None,
            status="trial",
            lang=lang.upper(),
            accept_notifications=accept_notifications,
        )
        return self._view(reseller, license_, Decimal(0))

    @_write
    def assign_bulk(
        self,
        reseller: Reseller,
        customer_code: int,
        license_code: str,
        license_info: str,
        accept_notifications: bool = True,
        currency_code: str = DEFAULT_CURRENCY,
    ) -> dict[str, Any]:
        self._customer(reseller, customer_code)
        self.catalog.rate(currency_code)
        offer = self.catalog.offer(license_code)
        self._charge(reseller, offer.amount)
        license_ = self._new_license(
            reseller,
            customer_code=customer_code,
            offer=offer,
            license_info=license_info,
            status="active",
            currency=currency_code,
            accept_notifications=accept_notifications,
        )
        return self._view(reseller, license_, offer.amount)

    def _license(self, reseller: Reseller, customer_code: int, license_id: str) -> License:
        self._customer(reseller, customer_code)
        license_ = reseller.licenses.get(license_id)
        if license_ is None or license_.customer_code != customer_code:
            raise Refusal(404, "license_not_found", "No license with this id for this customer.")
        return license_

    @_write
    def renew(self, reseller: Reseller, customer_code: int, license_id: str) -> dict[str, Any]:
        license_ = self._license(reseller, customer_code, license_id)
        status = license_.status_on(self.today())
        if status not in RENEWABLE:
            raise Refusal(409, "license_not_renewable", f"A license in status {status} cannot be renewed.")
        self._charge(reseller, license_.offer.amount)
        if status == "expired":
            # The new period starts today; an expired license is not back-dated.
            self._set(license_, "start_date", self.today())
            self._set(license_, "periods", 1)
        else:
            self._set(license_, "periods", license_.periods + 1)
        self._set(license_, "status", "renewed")
        return self._view(reseller, license_, license_.offer.amount)

    @_write
    def cancel(self, reseller: Reseller, customer_code: int, license_id: str) -> dict[str, Any]:
        license_ = self._license(reseller, customer_code, license_id)
        if license_.status == "cancelled":
            raise Refusal(
                409, "license_not_cancellable", "A license in status cancelled cannot be cancelled."
            )
        self._set(license_, "status", "cancelled")
        return self._view(reseller, license_, Decimal(0))
