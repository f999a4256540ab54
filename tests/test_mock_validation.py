"""Bad input gets the vendor's validation body (field -> messages), never a 500 or problem+json."""

from __future__ import annotations

import pytest

from tests.conftest import DEV_KEY, Api
from tests.documented import BASE_PATH


def errors_of(response: object) -> dict[str, list[str]]:
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert (body["code"], body["message"]) == (422, "The given data was invalid.")
    return body["errors"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "customer_code", "The customer code field is required."),
        ({"customer_code": "abc"}, "customer_code", "The customer code must be an integer."),
        ({"customer_code": 0}, "customer_code", "The customer code must be at least 1."),
        ({"customer_code": "9" * 40}, "customer_code", "The customer code must be at most 9007199254740991."),
        (
            {"customer_code": 1, "currency_code": "eur"},
            "currency_code",
            "The currency code format is invalid.",
        ),
        (
            {"customer_code": 1, "license_duration": "twelve"},
            "license_duration",
            "The license duration format is invalid.",
        ),
        ({"customer_code": 1, "version_code": -1}, "version_code", "The version code must be at least 0."),
        ({"customer_code": 1, "page": 2}, "page", "The page parameter is not allowed here."),
    ],
)
def test_query_errors_name_the_parameter(
    api: Api, params: dict[str, object], field: str, message: str
) -> None:
    assert errors_of(api.get("/licenses/available", **params)) == {field: [message]}


def test_every_bad_parameter_is_reported_at_once(api: Api) -> None:
    errors = errors_of(api.get("/licenses/available", customer_code="x", lang="english", version_code="v"))
    assert set(errors) == {"customer_code", "lang", "version_code"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {},
            {
                "customer_code": ["The customer code field is required."],
                "license_code": ["The license code field is required."],
                "license_info": ["The license info field is required."],
            },
        ),
        (
            {"customer_code": None, "license_code": "CL-Q-A005-M1", "license_info": "HQ"},
            {"customer_code": ["The customer code must be an integer."]},
        ),
        (
            {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": ""},
            {"license_info": ["The license info must be at least 1 characters."]},
        ),
        (
            {"customer_code": 1, "license_code": "CL-Q-A005-M1", "license_info": "x" * 256},
            {"license_info": ["The license info must be at most 255 characters."]},
        ),
        (
            {
                "customer_code": 1,
                "license_code": "CL-Q-A005-M1",
                "license_info": "HQ",
                "accept_notifications": "yes",
            },
            {"accept_notifications": ["The accept notifications must be a boolean."]},
        ),
        ([1, 2], {"body": ["The body must be an object."]}),
        ("customer_code", {"body": ["The body must be an object."]}),
    ],
)
def test_body_errors_name_the_field(api: Api, body: object, expected: dict[str, list[str]]) -> None:
    assert errors_of(api.post("/licenses/bulk", body)) == expected


@pytest.mark.parametrize(
    ("content", "content_type", "field"),
    [
        (b"", "application/json", "customer_code"),
        (b"{not json", "application/json", "body"),
        (b'{"customer_code": "\xff"}', "application/json", "body"),
        (b"customer_code=1", "application/x-www-form-urlencoded", "body"),
        (b"customer_code=1", "text/plain", "body"),
        (b"[" * 5000 + b"]" * 5000, "application/json", "body"),
        (b"--x\r\n", "multipart/form-data", "body"),
    ],
)
def test_unreadable_bodies_are_validation_errors(
    api: Api, content: bytes, content_type: str, field: str
) -> None:
    response = api.post("/licenses/demo", content=content, headers={"Content-Type": content_type})
    assert list(errors_of(response)) == [field]


def test_no_license_is_assigned_by_an_invalid_request(api: Api) -> None:
    before = dict(api.store.default_reseller.licenses)
    api.post("/licenses/demo", {"customer_code": "1; DROP TABLE licenses"})
    assert api.store.default_reseller.licenses == before


@pytest.mark.parametrize(
    ("method", "path", "status"), [("GET", "/nope", 404), ("DELETE", "/licenses/demo", 405)]
)
def test_unknown_paths_and_methods_answer_json(api: Api, method: str, path: str, status: int) -> None:
    response = api.client.request(method, BASE_PATH + path, headers={"X-API-KEY": DEV_KEY})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["code"] == status


def test_a_get_with_a_multipart_content_type_and_no_boundary_is_a_validation_error(api: Api) -> None:
    response = api.client.get(
        BASE_PATH + "/directory/currencies",
        headers={"X-API-KEY": DEV_KEY, "Content-Type": "multipart/form-data"},
    )
    assert errors_of(response) == {"body": ["Missing boundary in multipart."]}


@pytest.mark.parametrize("content_type", ["APPLICATION/JSON", "Application/Json; charset=UTF-8"])
def test_media_types_are_case_insensitive(api: Api, content_type: str) -> None:
    # RFC 9110 8.3.1; connexion alone answered these with a 500 (found comparing it with the fast path).
    valid = api.post(
        "/licenses/demo", content=b'{"customer_code": 1}', headers={"Content-Type": content_type}
    )
    assert valid.status_code == 200
    invalid = api.post(
        "/licenses/demo", content=b'{"customer_code": "x"}', headers={"Content-Type": content_type}
    )
    assert errors_of(invalid) == {"customer_code": ["The customer code must be an integer."]}


def test_a_body_without_a_content_type_is_a_validation_error(api: Api) -> None:
    # Connexion alone checked it as JSON, then gave the handler bytes: a 500 (found comparing it
    # with the fast path). An empty body still lists the required fields.
    response = api.post("/licenses/demo", content=b'{"customer_code": 1}')
    assert errors_of(response) == {
        "body": ["The body must be JSON, sent with Content-Type: application/json."]
    }
    assert api.store.default_reseller.licenses.keys() == {f"LIC-00000{n}" for n in range(1, 7)}


def test_header_and_cookie_parameters_are_validated_like_query_ones() -> None:
    # The spec declares query parameters only today; a header or cookie parameter added later
    # must be checked too, not silently let through.
    from starlette.testclient import TestClient

    from mock_server.app import create_app
    from mock_server.settings import Settings
    from mock_server.store import Store
    from tests.documented import bundle

    spec = bundle()
    spec["paths"]["/directory/currencies"]["get"]["parameters"] = [
        {
            "name": "X-Page-Size",
            "in": "header",
            "required": True,
            "schema": {"type": "integer", "maximum": 50},
        },
        {"name": "region", "in": "cookie", "schema": {"type": "string", "enum": ["eu", "us"]}},
    ]
    client = TestClient(create_app(Store(), settings=Settings(), spec=spec))
    path, key = BASE_PATH + "/directory/currencies", {"X-API-KEY": DEV_KEY}
    assert errors_of(client.get(path, headers=key)) == {"X-Page-Size": ["The X-Page-Size field is required."]}
    assert errors_of(client.get(path, headers={**key, "X-Page-Size": "many"})) == {
        "X-Page-Size": ["The X-Page-Size must be an integer."]
    }
    assert errors_of(client.get(path, headers={**key, "X-Page-Size": "99"})) == {
        "X-Page-Size": ["The X-Page-Size must be at most 50."]
    }
    client.cookies.set("region", "mars")
    assert errors_of(client.get(path, headers={**key, "X-Page-Size": "5"})) == {
        "region": ["The selected region is invalid."]
    }
    client.cookies.set("region", "eu")
    assert client.get(path, headers={**key, "X-Page-Size": "5"}).status_code == 200
