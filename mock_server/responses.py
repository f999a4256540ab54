"""The API's response shapes: what the handlers answer, built from the model (the spec's schemas)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from mock_server.model import Catalog, License, Offer, Reseller, money


def offer_row(catalog: Catalog, offer: Offer, lang: str, currency_code: str, rate: Decimal) -> dict[str, Any]:
    """An offer as the API lists it; worked out once per language and currency (a catalog never
    changes: loading a dataset makes a new one). A fresh copy each time."""
    key = (offer.code, lang, currency_code, rate)
    row = catalog.rows.get(key)
    if row is None:
        row = catalog.rows[key] = {
            "license_code": offer.code,
            "license_name": catalog.name(offer, lang),
            "license_duration_months": str(offer.months),
            "license_version": str(offer.version),
            "license_quantity": catalog.quantity(offer, lang),
            "license_points": money(offer.points),
            "license_amount": money(offer.amount * rate),
            "license_amount_currency": currency_code,
        }
    return dict(row)


def license_view(
    catalog: Catalog, reseller: Reseller, license_: License, charged: Decimal, today: dt.date
) -> dict[str, Any]:
    rate = catalog.rate(license_.currency)
    return {
        "license_id": license_.license_id,
        "customer_code": license_.customer_code,
        "license_code": license_.offer.code,
        "license_name": catalog.name(license_.offer, license_.lang),
        "license_info": license_.license_info,
        "license_type": "demo" if license_.offer.code == catalog.demo.code else "paid",
        "status": license_.status_on(today),
        "start_date": license_.start_date.isoformat(),
        "expiry_date": license_.expiry_date.isoformat(),
        "license_duration_months": str(license_.offer.months),
        "amount_charged": money(charged * rate),
        "amount_currency": license_.currency,
        "credit_remaining": money(reseller.credit * rate),
        "accept_notifications": license_.accept_notifications,
    }


def currencies(catalog: Catalog) -> list[dict[str, Any]]:
    return [
        {
            "currency_code": c["code"],
            "currency_name": c["name"],
            "currency_symbol": c["symbol"],
            "exchange_rate": money(Decimal(str(c["rate"]))),
        }
        for c in catalog.currencies.values()
    ]


def versions(catalog: Catalog) -> list[dict[str, Any]]:
    return [{"version_code": v["code"], "version_name": v["name"]} for v in catalog.versions]
