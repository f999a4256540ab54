"""One plain function per operation, named after its operationId in snake_case, answering its content.

Connexion has validated the request against the spec, and filled in the spec's
defaults, before any of these runs; the API key has selected the reseller:
`token_info` carries it with the store. Each returns the success's `content`, or raises the
store's `Refusal`; the envelope, the status and the types the spec asks for are `answers.py`'s.
`@refuses` names the refusals each operation's rules may raise: the mock checks at start that
the spec gives each a status for that operation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from mock_server.model import Reseller
from mock_server.store import Store

Body = dict[str, Any]
Handler = TypeVar("Handler", bound=Callable[..., Any])
# handler name -> the reasons of the refusals its rules may raise (store.py, model.py)
REFUSALS: dict[str, tuple[str, ...]] = {}


def refuses(*reasons: str) -> Callable[[Handler], Handler]:
    def declare(handler: Handler) -> Handler:
        REFUSALS[handler.__name__] = reasons
        return handler

    return declare


def _account(token_info: dict[str, Any]) -> tuple[Store, Reseller]:
    return token_info["store"], token_info["reseller"]


@refuses("customer_not_found", "license_code_not_found", "currency_not_found")
async def list_available_licenses(
    token_info: dict[str, Any],
    customer_code: int,
    lang: str,
    currency_code: str,
    version_code: int | None = None,
    license_duration: str | None = None,
    license_code: str | None = None,
) -> Any:
    store, reseller = _account(token_info)
    return store.available_offers(
        reseller,
        customer_code,
        lang=lang,
        version_code=version_code,
        license_duration=license_duration,
        license_code=license_code,
        currency_code=currency_code,
    )


@refuses("customer_not_found", "demo_limit_reached")
async def assign_demo_license(token_info: dict[str, Any], body: Body) -> Any:
    store, reseller = _account(token_info)
    return store.assign_demo(
        reseller,
        body["customer_code"],
        lang=body["lang"],
        accept_notifications=body["accept_notifications"],
    )


@refuses("customer_not_found", "currency_not_found", "license_code_not_found", "insufficient_credit")
async def assign_bulk_license(token_info: dict[str, Any], body: Body) -> Any:
    store, reseller = _account(token_info)
    return store.assign_bulk(
        reseller,
        body["customer_code"],
        body["license_code"],
        body["license_info"],
        accept_notifications=body["accept_notifications"],
        currency_code=body["currency_code"],
    )


@refuses("customer_not_found", "license_not_found", "license_not_renewable", "insufficient_credit")
async def renew_license(token_info: dict[str, Any], body: Body) -> Any:
    store, reseller = _account(token_info)
    return store.renew(reseller, body["customer_code"], body["license_id"])


@refuses("customer_not_found", "license_not_found", "license_not_cancellable")
async def cancel_license(token_info: dict[str, Any], body: Body) -> Any:
    store, reseller = _account(token_info)
    return store.cancel(reseller, body["customer_code"], body["license_id"])


@refuses()
async def list_currencies(token_info: dict[str, Any]) -> Any:
    store, _ = _account(token_info)
    return store.currencies()


@refuses()
async def list_license_versions(token_info: dict[str, Any]) -> Any:
    store, _ = _account(token_info)
    return store.versions()
