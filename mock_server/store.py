"""The vendor's business rules, as the README's "Business rules" section states them.

- Offers: filtered by version, duration and code; names in the language asked (EN otherwise);
  amounts converted to the currency asked. An unknown customer, code or currency is refused.
- Demo: free, `trial`, one month; at most 2 per customer, ever (a cancelled one still counts).
- Bulk: `active` from today; its amount leaves the reseller's credit; short credit is refused and
  nothing is deducted or assigned.
- Renew: from active, renewed and expired; adds one period (from today for an expired license)
  and charges the amount; the status becomes `renewed`. Other statuses are refused.
- Cancel: from every status but cancelled; nothing is refunded; a second cancel is refused.
- Each key sees only its own customers and licenses; another reseller's are refused as unknown ones.

A refusal is raised by its reason (`Refusal`); the status it travels with is the spec's.

Every write is a `transaction` (ledger.py): all of it or nothing, one at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from mock_server import responses
from mock_server.dataset import DEFAULT_DATASET
from mock_server.ledger import Ledger, Saved, transaction
from mock_server.model import (
    DEFAULT_CURRENCY,
    DEFAULT_LANG,
    MAX_DEMOS_PER_CUSTOMER,
    RENEWABLE,
    License,
    Refusal,
    Reseller,
    new_license_id,
)


def real_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def clock(day: dt.date | None) -> Callable[[], dt.date]:
    """A store's `today`: this fixed day (--today, a session's), or the real one when None."""
    return real_today if day is None else lambda: day


class Store(Ledger):
    max_demos_per_customer = MAX_DEMOS_PER_CUSTOMER

    def __init__(
        self,
        dataset: Path = DEFAULT_DATASET,
        default_key: str | None = None,
        today: Callable[[], dt.date] = real_today,  # or a fixed day (--today)
        state_file: Path | Saved | None = None,
    ) -> None:
        self.today = today
        super().__init__(dataset, default_key, state_file)

    def currencies(self) -> list[dict[str, Any]]:
        return responses.currencies(self.catalog)

    def versions(self) -> list[dict[str, Any]]:
        return responses.versions(self.catalog)

    def _answer(self, reseller: Reseller, license_: License, charged: Decimal) -> dict[str, Any]:
        # Inside the transaction: the credit it reports is the credit this write left.
        return responses.license_view(self.catalog, reseller, license_, charged, self.today())

    # -- reads -------------------------------------------------------------------------------
    def _customer(self, reseller: Reseller, customer_code: int) -> None:
        # Another reseller's customer is answered exactly like an unknown one.
        if customer_code not in reseller.customers:
            raise Refusal("customer_not_found", "No customer with this code.")

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
            responses.offer_row(self.catalog, o, lang, currency_code, rate)
            for o in offers
            if (version_code is None or o.version == version_code)
            and (license_duration is None or o.months == int(license_duration))
        ]

    # -- writes ------------------------------------------------------------------------------
    def _new_license(self, reseller: Reseller, **fields: Any) -> License:
        license_ = License(
            license_id=new_license_id(self.next_id), start_date=self.today(), periods=1, **fields
        )
        self._set(self, "next_id", self.next_id + 1)
        self._add_license(reseller, license_, demo=license_.offer.code == self.catalog.demo.code)
        return license_

    def _charge(self, reseller: Reseller, amount: Decimal) -> None:
        if reseller.credit < amount:
            raise Refusal("insufficient_credit", "Not enough credit for this license.")
        self._set(reseller, "credit", reseller.credit - amount)

    @transaction
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
        return self._answer(reseller, license_, Decimal(0))

    @transaction
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
        return self._answer(reseller, license_, offer.amount)

    def _license(self, reseller: Reseller, customer_code: int, license_id: str) -> License:
        self._customer(reseller, customer_code)
        license_ = reseller.licenses.get(license_id)
        if license_ is None or license_.customer_code != customer_code:
            raise Refusal("license_not_found", "No license with this id for this customer.")
        return license_

    @transaction
    def renew(self, reseller: Reseller, customer_code: int, license_id: str) -> dict[str, Any]:
        license_ = self._license(reseller, customer_code, license_id)
        status = license_.status_on(self.today())
        if status not in RENEWABLE:
            raise Refusal("license_not_renewable", f"A license in status {status} cannot be renewed.")
        self._charge(reseller, license_.offer.amount)
        if status == "expired":
            # The new period starts today; an expired license is not back-dated.
            self._set(license_, "start_date", self.today())
            self._set(license_, "periods", 1)
        else:
            self._set(license_, "periods", license_.periods + 1)
        self._set(license_, "status", "renewed")
        return self._answer(reseller, license_, license_.offer.amount)

    @transaction
    def cancel(self, reseller: Reseller, customer_code: int, license_id: str) -> dict[str, Any]:
        license_ = self._license(reseller, customer_code, license_id)
        if license_.status == "cancelled":
            raise Refusal("license_not_cancellable", "A license in status cancelled cannot be cancelled.")
        self._set(license_, "status", "cancelled")
        return self._answer(reseller, license_, Decimal(0))
