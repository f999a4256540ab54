from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.demo_license_request import DemoLicenseRequest
from ...models.license_response import LicenseResponse
from ...models.unauthorized_error import UnauthorizedError
from ...models.validation_error import ValidationError
from ...types import Response


def _get_kwargs(
    *,
    body: DemoLicenseRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/licenses/demo",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | None:
    if response.status_code == 200:
        response_200 = LicenseResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = UnauthorizedError.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ApiError.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ApiError.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ApiError.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ApiError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DemoLicenseRequest,
) -> Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError]:
    """Assign a demo license to a customer

     Gives the customer a free one-month trial license (status `trial`); nothing is charged. A customer
    gets at most 2 demos, cancelled ones included.

    Args:
        body (DemoLicenseRequest): Assign a free demo license to a customer. Example:
            {'customer_code': 1, 'lang': 'EN', 'accept_notifications': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DemoLicenseRequest,
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | None:
    """Assign a demo license to a customer

     Gives the customer a free one-month trial license (status `trial`); nothing is charged. A customer
    gets at most 2 demos, cancelled ones included.

    Args:
        body (DemoLicenseRequest): Assign a free demo license to a customer. Example:
            {'customer_code': 1, 'lang': 'EN', 'accept_notifications': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LicenseResponse | UnauthorizedError | ValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DemoLicenseRequest,
) -> Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError]:
    """Assign a demo license to a customer

     Gives the customer a free one-month trial license (status `trial`); nothing is charged. A customer
    gets at most 2 demos, cancelled ones included.

    Args:
        body (DemoLicenseRequest): Assign a free demo license to a customer. Example:
            {'customer_code': 1, 'lang': 'EN', 'accept_notifications': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DemoLicenseRequest,
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | None:
    """Assign a demo license to a customer

     Gives the customer a free one-month trial license (status `trial`); nothing is charged. A customer
    gets at most 2 demos, cancelled ones included.

    Args:
        body (DemoLicenseRequest): Assign a free demo license to a customer. Example:
            {'customer_code': 1, 'lang': 'EN', 'accept_notifications': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | LicenseResponse | UnauthorizedError | ValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
