"""Every success content the mock can give from one dataset, each part named by the entry it comes from.

Built with the same functions the handlers answer with (responses.py over the model), for:
- the offers in every language the dataset names and every currency it has;
- the currencies and the versions;
- a demo for each reseller in every language, a paid license of every offer in every currency;
- each license of the dataset renewed and cancelled.
What a request adds (a label, a customer code) is checked against the spec by connexion already.
conformance.py checks these, converted to the spec's types, against the spec's schemas.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mock_server import responses
from mock_server.model import Catalog, License, Reseller, new_license_id

Path = tuple[str | int, ...]
EXAMPLE_LABEL = "Headquarter"  # a paid license's label comes from the request; any valid one will do


@dataclass(frozen=True)
class Given:
    """A content one operation can answer, and the dataset entry each part of it comes from."""

    operation_id: str
    content: Any
    entries: dict[Path, str]  # a path into the content -> the entry it comes from

    def entry(self, path: Path) -> str:
        """The entry a place in the content comes from: the longest path above it that names one."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.entries:
                return self.entries[path[:cut]]
        return "the dataset"


def languages(catalog: Catalog) -> list[str]:
    """Every language the dataset names a product or a quantity in (others read as EN)."""
    named = [lang for names in catalog.product_names.values() for lang in names]
    return list(dict.fromkeys([*named, *catalog.quantity_labels]))


def given(catalog: Catalog, resellers: list[Reseller], today: dt.date) -> Iterator[Given]:
    yield from _offers(catalog)
    yield Given(
        "listCurrencies",
        responses.currencies(catalog),
        {(i,): f"currencies[{i}] ({code})" for i, code in enumerate(catalog.currencies)},
    )
    yield Given(
        "listLicenseVersions",
        responses.versions(catalog),
        {(i,): f"versions[{i}] ({v['code']})" for i, v in enumerate(catalog.versions)},
    )
    for r, reseller in enumerate(resellers):
        yield from _assigned(catalog, r, reseller, today)
        for i, license_ in enumerate(reseller.licenses.values()):
            entry = f"resellers[{r}].licenses[{i}] ({license_.license_id})"
            for operation_id, status, charged in (
                ("renewLicense", "renewed", license_.offer.amount),
                ("cancelLicense", "cancelled", Decimal(0)),
            ):
                after = dataclasses.replace(license_, status=status)
                view = responses.license_view(catalog, reseller, after, charged, today)
                yield Given(operation_id, view, {(): entry})


def _offers(catalog: Catalog) -> Iterator[Given]:
    for lang in languages(catalog):
        for currency in catalog.currencies:
            rate = catalog.rate(currency)
            rows = [responses.offer_row(catalog, o, lang, currency, rate) for o in catalog.offers.values()]
            entries: dict[Path, str] = {
                (i,): f"catalog[{i}] ({code}) in {lang} and {currency}"
                for i, code in enumerate(catalog.offers)
            }
            yield Given("listAvailableLicenses", rows, entries)


def _assigned(catalog: Catalog, r: int, reseller: Reseller, today: dt.date) -> Iterator[Given]:
    """A demo in every language and a paid license of every offer in every currency, for this reseller."""
    if not reseller.customers:
        return
    customer = min(reseller.customers)
    where = f"for resellers[{r}] ({reseller.name})"
    new = License(
        license_id=new_license_id(len(reseller.licenses) + 1),
        customer_code=customer,
        offer=catalog.demo,
        license_info=None,
        status="trial",
        start_date=today,
        periods=1,
    )
    for lang in languages(catalog):
        demo = dataclasses.replace(new, lang=lang)
        view = responses.license_view(catalog, reseller, demo, Decimal(0), today)
        yield Given("assignDemoLicense", view, {(): f"demo_license ({catalog.demo.code}) in {lang} {where}"})
    for i, offer in enumerate(catalog.offers.values()):
        for currency in catalog.currencies:
            paid = dataclasses.replace(
                new, offer=offer, license_info=EXAMPLE_LABEL, status="active", currency=currency
            )
            view = responses.license_view(catalog, reseller, paid, offer.amount, today)
            yield Given("assignBulkLicense", view, {(): f"catalog[{i}] ({offer.code}) in {currency} {where}"})
