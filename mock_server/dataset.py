"""Datasets (the seed file, `/__mock/load`, a state file): read, checked, turned into the model and back.

The shape is a JSON Schema (`data/dataset.schema.json`; jsonschema reports the place of each flaw);
what the schema cannot say, that every reference points at something that exists, is checked
after it. Each flaw is one sentence naming the entry:
`resellers[0].licenses[2] (LIC-000003): currency XYZ is not in currencies`.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

from mock_server.model import DEFAULT_CURRENCY, DEFAULT_LANG, Catalog, License, Offer, Reseller, money

DATA = Path(__file__).parent / "data"
DEFAULT_DATASET = DATA / "default.yaml"
# libyaml's loader where PyYAML has it: the same safe subset, many times faster on big datasets.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SCHEMA_FILE = DATA / "dataset.schema.json"


@functools.cache
def _schema() -> dict[str, Any]:
    """The datasets' JSON Schema, read on first use."""
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


@functools.cache
def _validator() -> Draft7Validator:
    return Draft7Validator(_schema())


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
    validator = _validator()
    error = next(iter(sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        if error.validator == "required" and not error.absolute_path:
            missing = [name for name in _schema()["required"] if name not in data]
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


def read(path: Path) -> Any:
    """A dataset file's data (YAML, or JSON, which is YAML too); DatasetError says why it cannot be read."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=SAFE_LOADER)
    except OSError as error:
        raise DatasetError(f"cannot read it: {error.strerror or error}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        where = getattr(error, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise DatasetError(f"it is not valid YAML{at}: {problem}") from None


def names() -> list[str]:
    """The named datasets: each YAML file of mock_server/data/, by its name without `.yaml`."""
    return sorted(path.stem for path in DATA.glob("*.yaml"))


def named(name: str) -> Path:
    """The file of a named dataset; DatasetError lists the names when there is none."""
    if name not in names():
        raise DatasetError(f"there is no dataset named {name!r}; the datasets are {', '.join(names())}")
    return DATA / f"{name}.yaml"


def expand(data: Any, depth: int = 0) -> Any:
    """A dataset that `extends: NAME` is that named dataset with its own top-level keys replacing
    the named one's: `{extends: default, resellers: [...]}` is the default catalog with other resellers."""
    if not isinstance(data, dict) or "extends" not in data:
        return data
    if depth >= 8:
        raise DatasetError("extends: the datasets extend each other in a circle")
    base_name = data["extends"]
    if not isinstance(base_name, str):
        raise DatasetError(f"extends: the name of a dataset, not {base_name!r}")
    base = expand(read(named(base_name)), depth + 1)
    if not isinstance(base, dict):
        raise DatasetError(f"extends: dataset {base_name} is not a mapping")
    return {**base, **{key: value for key, value in data.items() if key != "extends"}}


def dev_key() -> str:
    """The default dataset's first key: the documented development key (`mock-dev-key`)."""
    return str(read(DEFAULT_DATASET)["resellers"][0]["api_key"])


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


def parse(data: Any, default_key: str | None = None) -> tuple[Catalog, list[Reseller], int]:
    """Build the catalog and the resellers from a dataset; raise DatasetError on any flaw."""
    data = expand(data)
    check(data)  # names the offending entry; nothing below meets a dangling reference
    data = copy.deepcopy(data)
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


def dump(catalog: Catalog, resellers: list[Reseller], default_key: str | None) -> dict[str, Any]:
    """The state as a dataset: what `parse` reads back, so an export can be loaded again."""
    return {
        "currencies": list(catalog.currencies.values()),
        "versions": list(catalog.versions),
        "product_names": catalog.product_names,
        "quantity_labels": catalog.quantity_labels,
        "demo_license": _offer_data(catalog.demo),
        "catalog": [_offer_data(offer) for offer in catalog.offers.values()],
        "resellers": [
            {
                "name": reseller.name,
                "api_key": "(from MOCK_API_KEY)" if index == 0 and default_key else reseller.api_key,
                "credit": money(reseller.credit),
                "customers": sorted(reseller.customers),
                "licenses": [_license_data(lic) for lic in reseller.licenses.values()],
            }
            for index, reseller in enumerate(resellers)
        ],
    }
