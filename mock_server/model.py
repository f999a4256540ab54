"""The domain model: offers, licenses, resellers and the catalog, with the refusals they can raise.

Pure: no I/O, no HTTP. Amounts are Decimals in EUR; `money` writes one as the API's JSON number.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

DEFAULT_LANG = "EN"
DEFAULT_CURRENCY = "EUR"
MAX_DEMOS_PER_CUSTOMER = 2
RENEWABLE = frozenset({"active", "renewed", "expired"})
RUNNING = frozenset({"active", "renewed", "trial"})
CENT = Decimal("0.01")


class Refusal(Exception):
    """A well-formed request refused by a business rule, by its reason; the status it travels with is
    the spec's (the examples of the operation's answers: mock_server/answers.py)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


def new_license_id(number: int) -> str:
    """The id of the n-th license the mock assigns."""
    return f"LIC-{number:06d}"


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
    # Offer rows as the API lists them, per language and currency (responses.offer_row); a
    # catalog never changes (loading a dataset makes a new one), so they are worked out once.
    rows: dict[tuple[str, str, str, Decimal], dict[str, Any]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def rate(self, currency: str) -> Decimal:
        if currency not in self.currencies:
            raise Refusal("currency_not_found", f"No currency with code {currency}.")
        return Decimal(str(self.currencies[currency]["rate"]))

    def offer(self, code: str) -> Offer:
        if code not in self.offers:
            raise Refusal("license_code_not_found", "No license with this code in the catalog.")
        return self.offers[code]

    def name(self, offer: Offer, lang: str) -> str:
        names = self.product_names[offer.product]
        return names.get(lang.upper(), names[DEFAULT_LANG])

    def quantity(self, offer: Offer, lang: str) -> str:
        label = self.quantity_labels.get(lang.upper(), self.quantity_labels[DEFAULT_LANG])
        return label.format(users=offer.users)
