from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.bulk_license_request import BulkLicenseRequest
from ...models.license_ import License
from ...models.license_response import LicenseResponse
from ...models.unauthorized_error import UnauthorizedError
from ...models.validation_error import ValidationError
from ...types import Response, http_status


def _get_kwargs(
    *,
    body: BulkLicenseRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/licenses/bulk",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    # A refusal inside a success's envelope is never a success.
    refused = errors.refused_in_envelope(response, content_is_object=True)
    if refused is not None:
        return refused
    parsed = _parse_documented(client=client, response=response)
    if not isinstance(parsed, errors.UnexpectedAnswer):
        # from_dict takes scalars as they come: a value of another type is a surprise too.
        problem = errors.mismatch(parsed)
        if problem is not None:
            return errors.UnexpectedAnswer(
                response.status_code,
                response.content,
                response.headers,
                f"the body is not the documented one: {problem}",
            )
    return parsed


def _parse_documented(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    if response.status_code == 200:
        # A body that is not the documented model is an UnexpectedAnswer, never an error from inside it.
        try:
            response_200 = LicenseResponse.from_dict(response.json())

            return response_200

        except errors.MISMATCH as error:
            return errors.UnexpectedAnswer.from_response(response, error)
    if response.status_code == 401:
        # A body that is not the documented model is an UnexpectedAnswer, never an error from inside it.
        try:
            response_401 = UnauthorizedError.from_dict(response.json())

            return response_401

        except errors.MISMATCH as error:
            return errors.UnexpectedAnswer.from_response(response, error)
    if response.status_code == 404:
        # A body that is not the documented model is an UnexpectedAnswer, never an error from inside it.
        try:
            response_404 = ApiError.from_dict(response.json())

            return response_404

        except errors.MISMATCH as error:
            return errors.UnexpectedAnswer.from_response(response, error)
    if response.status_code == 409:
        # A body that is not the documented model is an UnexpectedAnswer, never an error from inside it.
        try:
            response_409 = ApiError.from_dict(response.json())

            return response_409

        except errors.MISMATCH as error:
            return errors.UnexpectedAnswer.from_response(response, error)
    if response.status_code == 413:
        # A body that is not the documented model is an UnexpectedAnswer, never an error from inside it.
        try:
            response_413 = ApiError.from_dict(response.json())

            return response_413

        except errors.MISMATCH as error:
            return errors.UnexpectedAnswer.from_response(response, error)
    if response.status_code == 422:
        # A body that is not the documented model is an UnexpectedAnswer, never an error from inside it.
        try:
            response_422 = ValidationError.from_dict(response.json())

            return response_422

        except errors.MISMATCH as error:
            return errors.UnexpectedAnswer.from_response(response, error)
    if response.status_code == 503:
        # A body that is not the documented model is an UnexpectedAnswer, never an error from inside it.
        try:
            response_503 = ApiError.from_dict(response.json())

            return response_503

        except errors.MISMATCH as error:
            return errors.UnexpectedAnswer.from_response(response, error)
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content, response.headers)
    return errors.UnexpectedAnswer.from_response(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BulkLicenseRequest,
) -> Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer]:
    """Assign a paid license to a customer

     Assigns a catalog license (status `active`, starting today) and deducts its amount, converted to
    `currency_code`, from the reseller's prepaid credit. When the credit is short nothing is assigned
    and nothing is deducted.

    Args:
        body (BulkLicenseRequest): Assign a paid license from the catalog to a customer, paid from
            the reseller's credit. Example: {'customer_code': 1, 'license_code': 'CL-Q-A005-M1',
            'license_info': 'Headquarter', 'accept_notifications': True, 'currency_code': 'EUR'}.

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
    body: BulkLicenseRequest,
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    """Assign a paid license to a customer

     Assigns a catalog license (status `active`, starting today) and deducts its amount, converted to
    `currency_code`, from the reseller's prepaid credit. When the credit is short nothing is assigned
    and nothing is deducted.

    Args:
        body (BulkLicenseRequest): Assign a paid license from the catalog to a customer, paid from
            the reseller's credit. Example: {'customer_code': 1, 'license_code': 'CL-Q-A005-M1',
            'license_info': 'Headquarter', 'accept_notifications': True, 'currency_code': 'EUR'}.

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
    body: BulkLicenseRequest,
) -> Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer]:
    """Assign a paid license to a customer

     Assigns a catalog license (status `active`, starting today) and deducts its amount, converted to
    `currency_code`, from the reseller's prepaid credit. When the credit is short nothing is assigned
    and nothing is deducted.

    Args:
        body (BulkLicenseRequest): Assign a paid license from the catalog to a customer, paid from
            the reseller's credit. Example: {'customer_code': 1, 'license_code': 'CL-Q-A005-M1',
            'license_info': 'Headquarter', 'accept_notifications': True, 'currency_code': 'EUR'}.

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
    body: BulkLicenseRequest,
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    """Assign a paid license to a customer

     Assigns a catalog license (status `active`, starting today) and deducts its amount, converted to
    `currency_code`, from the reseller's prepaid credit. When the credit is short nothing is assigned
    and nothing is deducted.

    Args:
        body (BulkLicenseRequest): Assign a paid license from the catalog to a customer, paid from
            the reseller's credit. Example: {'customer_code': 1, 'license_code': 'CL-Q-A005-M1',
            'license_info': 'Headquarter', 'accept_notifications': True, 'currency_code': 'EUR'}.

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


def _content_or_raise(
    response: Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer],
) -> License:
    parsed = response.parsed
    if response.status_code == 200 and isinstance(parsed, LicenseResponse):
        return parsed.content
    raise errors.error_for(response.status_code, response.content, response.headers, parsed)


def sync_or_raise(
    *,
    client: AuthenticatedClient | Client,
    body: BulkLicenseRequest,
) -> License:
    """Assign a paid license to a customer: the `content` of the success, or an exception.

    Raises:
        errors.Unauthorized, errors.NotFound, errors.Conflict, errors.PayloadTooLarge,
        errors.ValidationFailed, errors.ServiceUnavailable (each an errors.ApiException) for the
        documented error answers, sent as such or inside a success's envelope; errors.RateLimited
        for a 429; errors.UnexpectedAnswer for any other answer;
        httpx.TimeoutException and httpx.TransportError for the network.
    """

    return _content_or_raise(
        sync_detailed(
            client=client,
            body=body,
        )
    )


async def asyncio_or_raise(
    *,
    client: AuthenticatedClient | Client,
    body: BulkLicenseRequest,
) -> License:
    """The same as sync_or_raise, with httpx.AsyncClient."""

    return _content_or_raise(
        await asyncio_detailed(
            client=client,
            body=body,
        )
    )
