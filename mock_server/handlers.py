"""One plain function per operation, named after its operationId in snake_case.

Connexion has validated the request against the spec, and filled in the spec's
defaults, before any of these runs; the API key has selected the reseller:
`token_info` carries it with the store.
"""

from __future__ import annotations

from typing import Any

from mock_server.model import Reseller
from mock_server.store import Store

Body = dict[str, Any]
Answer = tuple[Body, int]


def _ok(content: Any) -> Answer:
    return {"code": 200, "content": content}, 200


def _account(token_info: dict[str, Any]) -> tuple[Store, Reseller]:
    return token_info["store"], token_info["reseller"]


async def list_available_licenses(
    token_info: dict[str, Any],
    customer_code: int,
    lang: str,
    currency_code: str,
    version_code: int | None = None,
    license_duration: str | None = None,
    license_code: str | None = None,
) -> Answer:
    store, reseller = _account(token_info)
    return _ok(
        store.available_offers(
            reseller,
            customer_code,
            lang=lang,
            version_code=version_code,
            license_duration=license_duration,
            license_code=license_code,
            currency_code=currency_code,
        )
    )


async def assign_demo_license(token_info: dict[str, Any], body: Body) -> Answer:
    store, reseller = _account(token_info)
    return _ok(
        store.assign_demo(
            reseller,
            body["customer_code"],
            lang=body["lang"],
            accept_notifications=body["accept_notifications"],
        )
    )


async def assign_bulk_license(token_info: dict[str, Any], body: Body) -> Answer:
    store, reseller = _account(token_info)
    return _ok(
        store.assign_bulk(
            reseller,
            body["customer_code"],
            body["license_code"],
            body["license_info"],
            accept_notifications=body["accept_notifications"],
            currency_code=body["currency_code"],
        )
    )


async def renew_license(token_info: dict[str, Any], body: Body) -> Answer:
    store, reseller = _account(token_info)
    return _ok(store.renew(reseller, body["customer_code"], body["license_id"]))


async def cancel_license(token_info: dict[str, Any], body: Body) -> Answer:
    store, reseller = _account(token_info)
    return _ok(store.cancel(reseller, body["customer_code"], body["license_id"]))


async def list_currencies(token_info: dict[str, Any]) -> Answer:
    store, _ = _account(token_info)
    return _ok(store.currencies())


async def list_license_versions(token_info: dict[str, Any]) -> Answer:
    store, _ = _account(token_info)
    return _ok(store.versions())
