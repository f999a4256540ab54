"""What a dataset (the seed file, `/__mock/load`, a state file) must be, checked before anything is built.

The shape is a JSON Schema (jsonschema reports the place of each flaw); what the schema cannot say,
that every reference points at something that exists, is checked after it. Each flaw is one
sentence naming the entry: `resellers[0].licenses[2] (LIC-000003): currency XYZ is not in currencies`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jsonschema import Draft7Validator

STATUSES = ["to_be_activated", "active", "trial", "expired", "renewed", "cancelled"]
_CODE = {"type": "string", "minLength": 1}
_AMOUNT = {"type": "number", "minimum": 0}
_OFFER = {
    "type": "object",
    "required": ["code", "product", "version", "months", "users", "points", "amount"],
    "properties": {
        "code": _CODE,
        "product": _CODE,
        "version": {"type": "integer"},
        "months": {"type": "integer", "minimum": 1},
        "users": {"type": "integer", "minimum": 1},
        "points": _AMOUNT,
        "amount": _AMOUNT,
    },
}
_LICENSE = {
    "type": "object",
    "required": ["license_id", "customer_code", "license_code", "status", "start_date"],
    "properties": {
        "license_id": _CODE,
        "customer_code": {"type": "integer"},
        "license_code": _CODE,
        "license_info": {"type": ["string", "null"]},
        "status": {"enum": STATUSES},
        "periods": {"type": "integer", "minimum": 1},
        "lang": _CODE,
        "currency": _CODE,
        "accept_notifications": {"type": "boolean"},
    },
}
SCHEMA = {
    "type": "object",
    "required": [
        "currencies",
        "versions",
        "product_names",
        "quantity_labels",
        "demo_license",
        "catalog",
        "resellers",
    ],
    "properties": {
        "currencies": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "name", "symbol", "rate"],
                "properties": {
                    "code": _CODE,
                    "name": {"type": "string"},
                    "symbol": {"type": "string"},
                    "rate": {"type": "number", "exclusiveMinimum": 0},
                },
            },
        },
        "versions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "name"],
                "properties": {"code": {"type": "integer"}, "name": {"type": "string"}},
            },
        },
        "product_names": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "quantity_labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "demo_license": _OFFER,
        "catalog": {"type": "array", "items": _OFFER},
        "resellers": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "api_key", "credit", "customers"],
                "properties": {
                    "name": {"type": "string"},
                    "api_key": _CODE,
                    "credit": _AMOUNT,
                    "customers": {"type": "array", "items": {"type": "integer"}},
                    "licenses": {"type": ["array", "null"], "items": _LICENSE},
                },
            },
        },
    },
}
_VALIDATOR = Draft7Validator(SCHEMA)


class DatasetError(ValueError):
    """A dataset that cannot be loaded; says where and why."""


def place(path: Any) -> str:
    """`resellers[0].licenses[2]` for a jsonschema path."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "the dataset"


def check(data: Any) -> None:
    """Raise DatasetError naming the first flaw of `data`, or return when it can be loaded."""
    error = next(iter(sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        if error.validator == "required" and not error.absolute_path:
            missing = [name for name in SCHEMA["required"] if name not in data]
            raise DatasetError(f"the dataset has no {', '.join(missing)}")
        raise DatasetError(f"{place(error.absolute_path)}: {error.message}")
    _check_references(data)


def _check_references(data: dict[str, Any]) -> None:
    currencies = {c["code"] for c in data["currencies"]}
    versions = {v["code"] for v in data["versions"]}
    for name in ("EUR",):
        if name not in currencies:
            raise DatasetError(f"currencies: {name} is required (amounts are kept in it)")
    if "EN" not in data["quantity_labels"]:
        raise DatasetError("quantity_labels: EN is required (other languages fall back to it)")
    offers = [("demo_license", data["demo_license"])]
    offers += [(f"catalog[{i}]", offer) for i, offer in enumerate(data["catalog"])]
    codes: set[str] = set()
    for where, offer in offers:
        named = f"{where} ({offer['code']})"
        if offer["code"] in codes:
            raise DatasetError(f"{named}: the code is used twice")
        codes.add(offer["code"])
        if (
            offer["product"] not in data["product_names"]
            or "EN" not in data["product_names"][offer["product"]]
        ):
            raise DatasetError(f"{named}: product {offer['product']} has no EN name in product_names")
        if offer["version"] not in versions:
            raise DatasetError(f"{named}: version {offer['version']} is not in versions")
    keys: set[str] = set()
    owners: dict[int, str] = {}
    license_ids: set[str] = set()
    for r, reseller in enumerate(data["resellers"]):
        where = f"resellers[{r}] ({reseller['name']})"
        if reseller["api_key"] in keys:
            raise DatasetError(f"{where}: its api_key is another reseller's too")
        keys.add(reseller["api_key"])
        for customer in reseller["customers"]:
            if customer in owners:
                raise DatasetError(f"{where}: customer {customer} is {owners[customer]}'s already")
            owners[customer] = reseller["name"]
        for i, lic in enumerate(reseller.get("licenses") or []):
            named = f"resellers[{r}].licenses[{i}] ({lic['license_id']})"
            if lic["license_id"] in license_ids:
                raise DatasetError(f"{named}: the license id is used twice")
            license_ids.add(lic["license_id"])
            if lic["customer_code"] not in reseller["customers"]:
                raise DatasetError(
                    f"{named}: customer {lic['customer_code']} is not a customer of {reseller['name']}"
                )
            if lic["license_code"] not in codes:
                raise DatasetError(f"{named}: license code {lic['license_code']} is not in the catalog")
            if lic.get("currency", "EUR") not in currencies:
                raise DatasetError(f"{named}: currency {lic['currency']} is not in currencies")
            try:
                dt.date.fromisoformat(str(lic["start_date"]))
            except ValueError:
                raise DatasetError(
                    f"{named}: start_date {lic['start_date']!r} is not a date (YYYY-MM-DD)"
                ) from None
