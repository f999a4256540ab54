"""A server of our own that behaves like a Laravel backend serving the spec's operations, one habit at a
time (standins/laravel_habits.py: each a switch), for the client's tests and for any run that needs a
backend that is not our mock.

    python -m standins.laravel_server --port P [--host H] [--base-path /api] [--throttle 10/3]
        [--envelope-refusals] [--validation-500] [--exists-rule] [--php-arrays] [--decimal-strings]
        [--html-content-type] [--laravel-dates] [--extra-fields]
    (the key it accepts: --key, else $LARAVEL_API_KEY)

With no habit on it answers as the spec documents: each operation's first success example (the
customer, license and ids of the request put in), the vendor's 401, the validation body (422), and
the spec's 404 refusals for a customer, currency, license code or license id it does not know.
A missing route is Laravel's 404 and a wrong method its 405, as an HTML page unless the request
accepts JSON. It keeps no state but the license ids it assigned.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import itertools
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract.spec import Operation
from standins.laravel_habits import INDEX, Habits, Throttle, ThrottleMiddleware, php_body

KEY_VARIABLE = "LARAVEL_API_KEY"


def _example_values(operation_id: str, name: str) -> frozenset[str]:
    operation = next(op for op in INDEX.operations if op.operation_id == operation_id)
    found: set[str] = set()
    for example in INDEX.examples(operation)["200"].values():
        content = example["content"]
        found |= {str(item[name]) for item in (content if isinstance(content, list) else [content])}
    return frozenset(found)


# What Laravel's `exists` rule looks up: the field, the values known, and the spec's refusal reason.
KNOWN = {
    "currency_code": (_example_values("listCurrencies", "currency_code"), "currency_not_found"),
    "license_code": (_example_values("listAvailableLicenses", "license_code"), "license_code_not_found"),
    "license_id": (
        _example_values("renewLicense", "license_id") | _example_values("cancelLicense", "license_id"),
        "license_not_found",
    ),
}
VALIDATION_MESSAGE = "The given data was invalid."


def _words(field: str) -> str:
    return field.replace("_", " ")


async def parameters(request: Request) -> dict[str, Any]:
    """Laravel's `$request->input()`: a JSON body and the query alike (the query wins)."""
    data: dict[str, Any] = {}
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        body = None
    if isinstance(body, dict):
        data.update(body)
    return {**data, **request.query_params}


class LaravelServer:
    def __init__(self, habits: Habits) -> None:
        self.habits = habits
        self.assigned: set[str] = set()
        self.ids = itertools.count(900001)

    def app(self) -> ASGIApp:
        routes = [
            Route(self.habits.base_path + op.path, self.endpoint(op), methods=[op.method])
            for op in INDEX.operations
        ]
        app = Starlette(routes=routes, exception_handlers={404: missing_route, 405: missing_route})
        throttle = self.habits.throttle
        return (
            app
            if throttle is None
            else ThrottleMiddleware(app, throttle, self.habits.clock, self.habits.api_key)
        )

    def endpoint(self, op: Operation) -> Any:
        async def answer(request: Request) -> Response:
            return await self.answer(op, request)

        return answer

    async def answer(self, op: Operation, request: Request) -> Response:
        if request.headers.get("x-api-key") != self.habits.api_key:
            return JSONResponse({"message": "Invalid token or unauthorized admin"}, status_code=401)
        data = await parameters(request)
        problems = self.invalid(op, data)
        if problems:
            return self.validation(problems)
        if "customer_code" in data and int(data["customer_code"]) not in self.habits.customers:
            return self.refusal(op, "customer_code", "customer_not_found")
        for field, (known, reason) in KNOWN.items():
            if field in data and str(data[field]) not in known | self.assigned:
                return self.refusal(op, field, reason)
        return self.json(php_body(self.success(op, data), self.habits))

    def invalid(self, op: Operation, data: dict[str, Any]) -> dict[str, list[str]]:
        required = [INDEX.resolve(p)["name"] for p in op.definition.get("parameters", [])]
        required = [name for name in required if name == "customer_code"]
        body = op.definition.get("requestBody")
        if body is not None:
            schema = INDEX.resolve(INDEX.resolve(body)["content"]["application/json"]["schema"])
            required += schema.get("required", [])
        problems = {name: [f"The {_words(name)} field is required."] for name in required if name not in data}
        code = data.get("customer_code")
        if code is not None and not str(code).isdigit():
            problems["customer_code"] = ["The customer code must be an integer."]
        return problems

    def success(self, op: Operation, data: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = copy.deepcopy(next(iter(INDEX.examples(op)["200"].values())))
        content = body["content"]
        if isinstance(content, dict):
            content["customer_code"] = int(data["customer_code"])
            if "license_id" in data:
                content["license_id"] = str(data["license_id"])
            elif "license_id" in content:
                content["license_id"] = f"LIC-{next(self.ids)}"
                self.assigned.add(content["license_id"])
        return body

    def refusal(self, op: Operation, field: str, reason: str) -> Response:
        if self.habits.exists_rule:
            return self.validation({field: [f"The selected {_words(field)} is invalid."]})
        if self.habits.envelope_refusals:
            return self.json({"code": 404, "content": []})
        if self.habits.php_arrays and field == "license_id":
            return self.json({"code": 200, "content": []})  # the model was not found: PHP's empty array
        examples = INDEX.examples(op).get("404", {}).values()
        body = next((e for e in examples if e.get("reason") == reason), None)
        return self.json(body or {"code": 404, "message": "Not found.", "reason": reason}, status=404)

    def validation(self, errors: dict[str, list[str]]) -> Response:
        status = 500 if self.habits.validation_500 else 422
        return self.json({"code": status, "message": VALIDATION_MESSAGE, "errors": errors}, status=status)

    def json(self, body: dict[str, Any], status: int = 200) -> Response:
        if self.habits.html_content_type:
            return Response(json.dumps(body), status_code=status, media_type="text/html; charset=UTF-8")
        return JSONResponse(body, status_code=status)


async def missing_route(request: Request, exc: Exception) -> Response:
    """Laravel's 404 (no such route) and 405 (another method): JSON only for a client that asks for it."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = getattr(exc, "headers", None)
    if status == 405:
        message = f"The {request.method} method is not supported for route {request.url.path.lstrip('/')}."
    else:
        message = f"The route {request.url.path.lstrip('/')} could not be found."
    if "json" in request.headers.get("accept", ""):
        return JSONResponse({"message": message}, status_code=status, headers=headers)
    title = "Not Found" if status == 404 else "Method Not Allowed"
    page = f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{status} | {title}</body></html>"
    return HTMLResponse(page, status_code=status, headers=headers)


@dataclass(frozen=True)
class Exchange:
    at: float  # time.monotonic() when the answer started
    method: str
    path: str
    status: int
    headers: dict[str, str]
    request_headers: dict[str, str] = dataclasses.field(default_factory=dict)


class Recorder:
    """An app, and every exchange that reached it (for a test to count and time)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.exchanges: list[Exchange] = []

    @property
    def statuses(self) -> list[int]:
        return [exchange.status for exchange in self.exchanges]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def noted(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in message.get("headers", [])}
                asked = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
                exchange = Exchange(
                    time.monotonic(), scope["method"], scope["path"], message["status"], headers, asked
                )
                self.exchanges.append(exchange)
            await send(message)

        await self.app(scope, receive, noted)


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """Serve `app` on a free loopback port in a thread of this process; yield `http://127.0.0.1:PORT`."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the Laravel-style server did not start")
            threading.Event().wait(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _throttle(text: str) -> Throttle:
    try:
        return Throttle.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def options(argv: Sequence[str] | None = None) -> tuple[Habits, str, int]:
    """The habits, host and port from the command line (and the key from the environment)."""
    parser = argparse.ArgumentParser(
        prog="python -m standins.laravel_server", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", default=os.environ.get(KEY_VARIABLE), help=f"default: ${KEY_VARIABLE}")
    parser.add_argument("--base-path", default=INDEX.base_path)
    parser.add_argument("--throttle", type=_throttle, help="REQUESTS/SECONDS, such as 10/3")
    switches = [f.name for f in fields(Habits) if f.type == "bool"]
    for name in switches:
        parser.add_argument(f"--{name.replace('_', '-')}", action="store_true")
    args = parser.parse_args(argv)
    if not args.key:
        parser.error(f"give the key the server accepts: --key, or ${KEY_VARIABLE} in the environment")
    if args.base_path and not args.base_path.startswith("/"):
        parser.error(f"--base-path must start with /, such as /api, not {args.base_path!r}")
    habits = Habits(
        api_key=args.key,
        base_path=args.base_path.rstrip("/"),
        throttle=args.throttle,
        **{name: getattr(args, name) for name in switches},
    )
    return habits, args.host, args.port


def main(argv: Sequence[str] | None = None) -> int:
    habits, host, port = options(argv)
    on = [f.name for f in fields(Habits) if f.type == "bool" and getattr(habits, f.name)]
    if habits.throttle is not None:
        on.insert(0, f"throttle {habits.throttle.limit}/{habits.throttle.seconds:g} s")
    print(
        f"Laravel-style server at http://{host}:{port}{habits.base_path}; habits: {', '.join(on) or 'none'}"
    )
    uvicorn.run(LaravelServer(habits).app(), host=host, port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
