"""The generated client against servers that depart from the spec: every answer is a typed,
documented result (a model, an UnexpectedAnswer, or one ApiException per situation), never a
KeyError from inside a model; reads are retried as Retries says, writes are not."""

from __future__ import annotations

import asyncio
import json
import time
from types import ModuleType
from typing import Any

import httpx
import pytest
from flashstart_customerarea import (
    DEFAULT_TIMEOUT,
    NO_RETRIES,
    PRODUCTION_URL,
    AuthenticatedClient,
    Retries,
    errors,
)
from flashstart_customerarea.api.directory import list_currencies, list_license_versions
from flashstart_customerarea.api.licenses import (
    assign_bulk_license,
    assign_demo_license,
    cancel_license,
    list_available_licenses,
    renew_license,
)
from flashstart_customerarea.models import (
    ApiError,
    BulkLicenseRequest,
    DemoLicenseRequest,
    LicenseActionRequest,
    ValidationError,
)

from tests.conftest import DEV_KEY
from tests.documented import INDEX
from tests.live import running_mock
from tests.surprising_server import Answer, Script, surprising_server

LICENSE = "LIC-000001"
BY_ID = {op.operation_id: op for op in INDEX.operations}
# Every operation of the spec, with arguments a caller would pass (checked against the spec below).
CALLS: dict[str, tuple[ModuleType, dict[str, Any]]] = {
    "listAvailableLicenses": (list_available_licenses, {"customer_code": 1}),
    "assignDemoLicense": (assign_demo_license, {"body": DemoLicenseRequest(customer_code=1)}),
    "assignBulkLicense": (
        assign_bulk_license,
        {"body": BulkLicenseRequest(customer_code=1, license_code="CL-Q-A005-M1", license_info="HQ")},
    ),
    "renewLicense": (renew_license, {"body": LicenseActionRequest(customer_code=2, license_id="LIC-000001")}),
    "cancelLicense": (
        cancel_license,
        {"body": LicenseActionRequest(customer_code=2, license_id="LIC-000001")},
    ),
    "listCurrencies": (list_currencies, {}),
    "listLicenseVersions": (list_license_versions, {}),
}
UNDOCUMENTED = [302, 418, 429, 499, 500, 502, 520]  # (a 204 cannot carry the bodies below)
JSON, HTML = {"Content-Type": "application/json"}, {"Content-Type": "text/html"}
SURPRISES = [
    (b"", JSON),
    (b"<html><body>Bad gateway</body></html>", HTML),
    (b"[]", JSON),
    (b"null", JSON),
    (b"{}", JSON),
    (b'{"code": 404, "message": "Not Found"}', JSON),  # no reason: what a gateway or Laravel answers
    (b'{"detail": "Not Found"}', JSON),
    (b'{"code": "x", "message": 5, "reason": "not_a_reason_we_know"}', JSON),
    (b'{"code": 401, "content": []}', JSON),  # a refusal in the success envelope (the vendor's /auth/token)
    (b'{"code": 200, "content": {"unexpected": true}}', JSON),
    (b'{"message": "Invalid token or unauthorized admin"}', JSON),
    (
        b'{"code": 500, "message": "The given data was invalid.", "errors": {"customer_code": "required"}}',
        JSON,
    ),
]


def client_for(url: str, **kwargs: Any) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=url, token=DEV_KEY, **{"retries": NO_RETRIES, **kwargs})


def test_every_operation_of_the_spec_has_a_call_and_both_modes() -> None:
    assert set(CALLS) == {op.operation_id for op in INDEX.operations}
    for module, _ in CALLS.values():
        for name in ("sync", "sync_detailed", "asyncio", "sync_or_raise", "asyncio_or_raise"):
            assert callable(getattr(module, name, None)), (module.__name__, name)


def test_every_documented_error_status_has_its_exception() -> None:
    documented = {int(status) for op in INDEX.operations for status in op.definition["responses"]}
    assert documented - {200} <= set(errors.STATUS_EXCEPTIONS), documented - set(errors.STATUS_EXCEPTIONS)


@pytest.mark.e2e
@pytest.mark.parametrize("operation_id", sorted(CALLS))
def test_no_answer_of_a_surprising_server_makes_the_client_crash(operation_id: str) -> None:
    module, kwargs = CALLS[operation_id]
    operation = BY_ID[operation_id]
    documented = sorted(int(s) for s in operation.definition["responses"])
    script = Script()
    seen: set[str] = set()
    with surprising_server(script) as url, client_for(url) as client:
        for status in documented + UNDOCUMENTED:
            for body, headers in SURPRISES:
                script.answers = [Answer(status, body, headers)]
                where = f"{operation_id} {status} {body[:40]!r}"
                value = module.sync(client=client, **kwargs)
                assert value is not None, where
                if status not in documented:
                    assert isinstance(value, errors.UnexpectedAnswer), where
                    assert value.status_code == status and value.content == body, where
                    assert f"status {status} is not documented" in value.problem
                if status == 200 and body.startswith(b'{"code": 401'):  # a refusal in the envelope
                    assert isinstance(value, errors.UnexpectedAnswer) and value.envelope_code == 401, where
                seen.add(type(value).__name__)
                try:
                    content = module.sync_or_raise(client=client, **kwargs)
                except errors.ApiException as raised:
                    assert raised.status_code == status and raised.content == body, where
                    if status in errors.STATUS_EXCEPTIONS and not isinstance(raised, errors.UnexpectedAnswer):
                        assert isinstance(raised, errors.STATUS_EXCEPTIONS[status]), where
                    if status == 200 and body.startswith(b'{"code": 401'):
                        assert isinstance(raised, errors.Unauthorized), where
                    if isinstance(raised, errors.ValidationFailed):
                        assert all(isinstance(m, list) for m in raised.errors.values()), where
                else:
                    assert status == 200, where  # only a success returns
                    assert content is not None, where
                    assert not body.startswith(b'{"code": 401'), where
    # Documented shapes were parsed, and surprises were named: both happened.
    assert {"UnexpectedAnswer", "ApiError", "ValidationError"} <= seen, seen


@pytest.mark.e2e
def test_an_undocumented_status_can_raise_instead() -> None:
    script = Script([Answer(418, b"I'm a teapot", HTML)])
    with (
        surprising_server(script) as url,
        client_for(url, raise_on_unexpected_status=True) as client,
        pytest.raises(errors.UnexpectedStatus) as raised,
    ):
        list_currencies.sync(client=client)
    assert raised.value.status_code == 418 and raised.value.content == b"I'm a teapot"


@pytest.mark.e2e
def test_the_issue_case_a_base_url_without_the_base_path_is_a_not_found_not_a_key_error() -> None:
    with running_mock() as (base_url, _):
        root = base_url.rsplit("/", 1)[0]
        with client_for(root) as client:
            value = list_available_licenses.sync(client=client, customer_code=1)
            assert isinstance(value, ApiError | errors.UnexpectedAnswer) and value is not None
            with pytest.raises(errors.NotFound) as raised:
                list_available_licenses.sync_or_raise(client=client, customer_code=1)
            assert raised.value.reason is None and raised.value.status_code == 404


@pytest.mark.e2e
def test_a_validation_failure_gives_the_field_errors_as_a_plain_dict() -> None:
    with running_mock() as (base_url, _), client_for(base_url) as client:
        value = list_available_licenses.sync(client=client, customer_code=0)
        assert isinstance(value, ValidationError)
        with pytest.raises(errors.ValidationFailed) as raised:
            list_available_licenses.sync_or_raise(client=client, customer_code=0)
        assert type(raised.value.errors) is dict and list(raised.value.errors) == ["customer_code"]
        assert all(type(m) is list and all(type(x) is str for x in m) for m in raised.value.errors.values())


def first_example(operation_id: str, status: str = "200") -> bytes:
    return json.dumps(next(iter(INDEX.examples(BY_ID[operation_id])[status].values()))).encode()


def currencies_body() -> bytes:
    return first_example("listCurrencies")


def bulk_body() -> bytes:
    return first_example("assignBulkLicense")


UNAVAILABLE = Answer(503, b'{"code": 503, "message": "down"}', {**JSON, "Retry-After": "1"})


@pytest.mark.e2e
def test_a_read_answered_503_with_retry_after_is_retried_after_it_and_then_succeeds() -> None:
    script = Script([UNAVAILABLE, Answer(200, currencies_body())])
    with surprising_server(script) as url, AuthenticatedClient(base_url=url, token=DEV_KEY) as client:
        started = time.monotonic()
        currencies = list_currencies.sync_or_raise(client=client)
        waited = time.monotonic() - started
    assert currencies and len(script.requests) == 2
    assert waited >= 0.9  # it waited what Retry-After asked, not the 0.5 s backoff


@pytest.mark.e2e
def test_a_read_is_retried_after_a_dropped_connection_too_and_async_as_well() -> None:
    script = Script([Answer(drop=True), Answer(200, currencies_body())])

    async def run(url: str) -> Any:
        async with AuthenticatedClient(base_url=url, token=DEV_KEY) as client:
            return await list_currencies.asyncio_or_raise(client=client)

    with surprising_server(script) as url:
        assert asyncio.run(run(url)) and len(script.requests) == 2


@pytest.mark.e2e
def test_a_bulk_assign_answered_503_is_not_retried_unless_asked() -> None:
    _, kwargs = CALLS["assignBulkLicense"]
    script = Script([UNAVAILABLE, Answer(200, bulk_body())])
    with surprising_server(script) as url, AuthenticatedClient(base_url=url, token=DEV_KEY) as client:
        with pytest.raises(errors.ServiceUnavailable) as raised:
            assign_bulk_license.sync_or_raise(client=client, **kwargs)
        assert raised.value.retry_after == 1.0 and len(script.requests) == 1
        # The same on a dropped connection: a write whose answer was lost is not sent again.
        script.answers = [Answer(drop=True), Answer(200, bulk_body())]
        with pytest.raises(httpx.TransportError):
            assign_bulk_license.sync_or_raise(client=client, **kwargs)
        assert len(script.requests) == 2
    script = Script([UNAVAILABLE, Answer(200, bulk_body())])
    writes = Retries(writes=True)
    with (
        surprising_server(script) as url,
        AuthenticatedClient(base_url=url, token=DEV_KEY, retries=writes) as c,
    ):
        assert assign_bulk_license.sync_or_raise(client=c, **kwargs).license_id
    assert len(script.requests) == 2


@pytest.mark.e2e
def test_when_every_attempt_is_503_the_last_answer_is_what_the_caller_gets() -> None:
    script = Script([Answer(503, b'{"code": 503, "message": "down"}', {**JSON, "Retry-After": "0"})])
    three = Retries(attempts=3)
    with (
        surprising_server(script) as url,
        AuthenticatedClient(base_url=url, token=DEV_KEY, retries=three) as c,
    ):
        value = list_currencies.sync(client=c)
    assert isinstance(value, ApiError) and value.code == 503 and len(script.requests) == 3


@pytest.mark.e2e
def test_the_defaults_are_this_apis() -> None:
    client = AuthenticatedClient(token="secret-token-123")
    assert INDEX.spec["servers"][0]["url"] == PRODUCTION_URL
    assert client.get_httpx_client().base_url == httpx.URL(PRODUCTION_URL + "/")
    assert client.get_httpx_client().timeout == DEFAULT_TIMEOUT
    assert "secret-token-123" not in repr(client)
    script = Script([Answer(200, currencies_body())])
    with surprising_server(script) as url, AuthenticatedClient(base_url=url, token="secret-token-123") as c:
        list_currencies.sync(client=c)
    headers = {k.lower(): v for k, v in script.requests[0][2].items()}
    assert headers["x-api-key"] == "secret-token-123" and "authorization" not in headers


@pytest.mark.e2e
@pytest.mark.parametrize("operation_id", sorted(CALLS))
def test_every_example_of_the_spec_parses_as_its_model_and_a_wrong_type_is_named(operation_id: str) -> None:
    module, kwargs = CALLS[operation_id]
    script = Script()
    with surprising_server(script) as url, client_for(url) as client:
        for status, examples in INDEX.examples(BY_ID[operation_id]).items():
            for name, example in examples.items():
                script.answers = [Answer(int(status), json.dumps(example).encode())]
                value = module.sync(client=client, **kwargs)
                assert not isinstance(value, errors.UnexpectedAnswer), (operation_id, name, value.problem)
                # The same body with its `code` a string: from_dict would take it; the client names it.
                script.answers = [Answer(int(status), json.dumps({**example, "code": "200"}).encode())]
                value = module.sync(client=client, **kwargs)
                if "code" in example:
                    assert isinstance(value, errors.UnexpectedAnswer), (operation_id, name)
                    assert "code is '200', not int" in value.problem
