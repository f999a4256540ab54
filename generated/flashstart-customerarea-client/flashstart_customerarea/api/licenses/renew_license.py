from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.license_ import License
from ...models.license_action_request import LicenseActionRequest
from ...models.license_response import LicenseResponse
from ...models.unauthorized_error import UnauthorizedError
from ...models.validation_error import ValidationError
from ...types import Response, http_status


def _get_kwargs(
    *,
    body: LicenseActionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/licenses/renew",
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
    body: LicenseActionRequest,
) -> Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer]:
    """Renew a license

     Extends the license by one period of its duration (from its expiry date, or from today when it has
    expired) and deducts the license's amount, in the currency it was bought in, from the credit.
    Allowed for `active`, `renewed` and `expired` licenses; the status becomes `renewed`.

    Args:
        body (LicenseActionRequest): Names one license of one customer, for a renewal or a
            cancellation. Example: {'license_id': 'LIC-000101', 'customer_code': 1}.

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
    body: LicenseActionRequest,
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    """Renew a license

     Extends the license by one period of its duration (from its expiry date, or from today when it has
    expired) and deducts the license's amount, in the currency it was bought in, from the credit.
    Allowed for `active`, `renewed` and `expired` licenses; the status becomes `renewed`.

    Args:
        body (LicenseActionRequest): Names one license of one customer, for a renewal or a
            cancellation. Example: {'license_id': 'LIC-000101', 'customer_code': 1}.

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
    body: LicenseActionRequest,
) -> Response[ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer]:
    """Renew a license

     Extends the license by one period of its duration (from its expiry date, or from today when it has
    expired) and deducts the license's amount, in the currency it was bought in, from the credit.
    Allowed for `active`, `renewed` and `expired` licenses; the status becomes `renewed`.

    Args:
        body (LicenseActionRequest): Names one license of one customer, for a renewal or a
            cancellation. Example: {'license_id': 'LIC-000101', 'customer_code': 1}.

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
    body: LicenseActionRequest,
) -> ApiError | LicenseResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    """Renew a license

     Extends the license by one period of its duration (from its expiry date, or from today when it has
    expired) and deducts the license's amount, in the currency it was bought in, from the credit.
    Allowed for `active`, `renewed` and `expired` licenses; the status becomes `renewed`.

    Args:
        body (LicenseActionRequest): Names one license of one customer, for a renewal or a
            cancellation. Example: {'license_id': 'LIC-000101', 'customer_code': 1}.

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
    body: LicenseActionRequest,
) -> License:
    """Renew a license: the `content` of the success, or an exception.

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
    body: LicenseActionRequest,
) -> License:
    """The same as sync_or_raise, with httpx.AsyncClient."""

    return _content_or_raise(
        await asyncio_detailed(
            client=client,
            body=body,
        )
    )
