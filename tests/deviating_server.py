"""A stand-in for the real API, written apart from our mock: it honours what the vendor documents and departs
from five of our inferences the way a Laravel backend plausibly would.

    python -m tests.deviating_server --port P        (the key: $MOCK_API_KEY, else the dev key)

Honoured (documented): L1's path, parameters and 200 body (the vendor's example); the 401 body;
the validation body `{"code": 500, "message": "The given data was invalid.", "errors": ...}`.
Departures, each one of our inferred assumptions:
1. `GET /directory/licenses/versions` does not exist: 404 with an HTML page, before any key check;
2. invalid input is answered with the vendor's validation body under HTTP 500, not 422;
3. `GET /directory/currencies` answers currencies without `currency_symbol`;
4. `POST /licenses/demo` needs no key;
5. an unknown customer is `403 {"message": "This action is unauthorized."}`, a status the spec lacks.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from contract.spec import SpecIndex
from mock_server.dataset import dev_key

INDEX = SpecIndex.load()
BASE = INDEX.base_path
CUSTOMERS = {1, 2, 3}
L1_BODY = next(
    value
    for name, value in INDEX.examples(INDEX.operation("GET", "/licenses/available")).get("200", {}).items()  # type: ignore[arg-type]
    if name == "vendorDocumented"
)
CURRENCIES = [
    {"currency_code": "EUR", "currency_name": "Euro", "exchange_rate": 1},
    {"currency_code": "USD", "currency_name": "US Dollar", "exchange_rate": 1.08},
]
NOT_FOUND_PAGE = "<!doctype html><title>Not Found</title><h1>404 Not Found</h1>"


def invalid(errors: dict[str, list[str]]) -> JSONResponse:
    return JSONResponse(
        {"code": 500, "message": "The given data was invalid.", "errors": errors}, status_code=500
    )


def unauthorized() -> JSONResponse:
    return JSONResponse({"message": "Invalid token or unauthorized admin"}, status_code=401)


async def parameters(request: Request) -> dict[str, Any]:
    """Laravel's `$request->input()`: the query, then a JSON body, alike."""
    data: dict[str, Any] = dict(request.query_params)
    raw = await request.body()
    if raw:
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if isinstance(body, dict):
            data = {**body, **data}
        else:
            data["__body__"] = raw
    return data


def customer_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    value = data.get("customer_code")
    if value is None:
        return {"customer_code": ["The customer code field is required."]}
    try:
        number = int(str(value))
    except ValueError:
        return {"customer_code": ["The customer code must be an integer."]}
    return {} if number >= 1 else {"customer_code": ["The customer code must be at least 1."]}


def keyed(request: Request) -> bool:
    return request.headers.get("x-api-key") == (os.environ.get("MOCK_API_KEY") or dev_key())


async def available(request: Request) -> Response:
    if not keyed(request):
        return unauthorized()
    data = await parameters(request)
    allowed = {"customer_code", "lang", "version_code", "license_duration", "license_code", "currency_code"}
    errors = customer_errors(data)
    for name in sorted(set(data) - allowed):
        errors[name] = [f"The {name} field is prohibited."]
    if errors:
        return invalid(errors)
    if int(str(data["customer_code"])) not in CUSTOMERS:
        return JSONResponse({"message": "This action is unauthorized."}, status_code=403)
    return JSONResponse(L1_BODY)


async def currencies(request: Request) -> Response:
    if not keyed(request):
        return unauthorized()
    data = await parameters(request)
    if data:
        return invalid({name: [f"The {name} field is prohibited."] for name in data})
    return JSONResponse({"code": 200, "content": CURRENCIES})


async def demo(request: Request) -> Response:
    # No key check at all.
    data = await parameters(request)
    errors = customer_errors(data)
    if errors:
        return invalid(errors)
    customer = int(str(data["customer_code"]))
    if customer not in CUSTOMERS:
        return JSONResponse({"message": "This action is unauthorized."}, status_code=403)
    example = next(iter(INDEX.examples(INDEX.operation("POST", "/licenses/demo")).get("200", {}).values()))  # type: ignore[arg-type]
    return JSONResponse({**example, "content": {**example["content"], "customer_code": customer}})


async def keyed_write(request: Request) -> Response:
    if not keyed(request):
        return unauthorized()
    return invalid({"customer_code": ["The customer code field is required."]})


async def not_found(request: Request, exc: Exception) -> Response:
    return HTMLResponse(NOT_FOUND_PAGE, status_code=404)


def app() -> Starlette:
    routes = [
        Route(f"{BASE}/licenses/available", available, methods=["GET"]),
        Route(f"{BASE}/directory/currencies", currencies, methods=["GET"]),
        Route(f"{BASE}/licenses/demo", demo, methods=["POST"]),
        *(
            Route(f"{BASE}/licenses/{name}", keyed_write, methods=["POST"])
            for name in ("bulk", "renew", "cancel")
        ),
    ]
    return Starlette(routes=routes, exception_handlers={404: not_found})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(app(), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
