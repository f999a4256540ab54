from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.available_licenses_response import AvailableLicensesResponse
from ...models.license_offer import LicenseOffer
from ...models.unauthorized_error import UnauthorizedError
from ...models.validation_error import ValidationError
from ...types import UNSET, Response, Unset, http_status


def _get_kwargs(
    *,
    customer_code: int,
    lang: str | Unset = UNSET,
    version_code: int | Unset = UNSET,
    license_duration: str | Unset = UNSET,
    license_code: str | Unset = UNSET,
    currency_code: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["customer_code"] = customer_code

    params["lang"] = lang

    params["version_code"] = version_code

    params["license_duration"] = license_duration

    params["license_code"] = license_code

    params["currency_code"] = currency_code

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/licenses/available",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    # A refusal inside a success's envelope is never a success.
    refused = errors.refused_in_envelope(response, content_is_object=False)
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
) -> ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    if response.status_code == 200:
        # A body that is not the documented model is an UnexpectedAnswer, never an error from inside it.
        try:
            response_200 = AvailableLicensesResponse.from_dict(response.json())

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
) -> Response[ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    customer_code: int,
    lang: str | Unset = UNSET,
    version_code: int | Unset = UNSET,
    license_duration: str | Unset = UNSET,
    license_code: str | Unset = UNSET,
    currency_code: str | Unset = UNSET,
) -> Response[ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer]:
    """List the license offers for a customer

     Returns the catalog offers the customer can be assigned, optionally narrowed to one version, one
    duration or one license code, with names in the requested language and amounts in the requested
    currency.

    Args:
        customer_code (int): The customer's code, as returned when the customer was created (`POST
            /customers/new` answers `{"customer_code": 1}`). The vendor's docs type it Number on the
            offer and assign operations and String on renew and cancel; we use an integer everywhere
            because the API creates it as a number, and its Laravel backend also accepts the same
            value written as a string. At most 2^53-1 so that JavaScript reads it exactly. Example: 1.
        lang (str | Unset): A two-letter ISO 639-1 language code (case does not matter) for the
            license names. Names exist in EN, IT, FR, ES and DE; any other language falls back to EN.
            Example: EN.
        version_code (int | Unset):
        license_duration (str | Unset):
        license_code (str | Unset): A catalog license code, as listed by `GET /licenses/available`
            (for example `CL-Q-A005-M1`: a 5-user license for 1 month). Example: CL-Q-A005-M1.
        currency_code (str | Unset): An ISO 4217 currency code from `GET /directory/currencies`,
            in capitals. Amounts are converted to it. A well-formed code that is not in the directory
            is answered `404` (`currency_not_found`). Example: EUR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError]
    """

    kwargs = _get_kwargs(
        customer_code=customer_code,
        lang=lang,
        version_code=version_code,
        license_duration=license_duration,
        license_code=license_code,
        currency_code=currency_code,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    customer_code: int,
    lang: str | Unset = UNSET,
    version_code: int | Unset = UNSET,
    license_duration: str | Unset = UNSET,
    license_code: str | Unset = UNSET,
    currency_code: str | Unset = UNSET,
) -> ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    """List the license offers for a customer

     Returns the catalog offers the customer can be assigned, optionally narrowed to one version, one
    duration or one license code, with names in the requested language and amounts in the requested
    currency.

    Args:
        customer_code (int): The customer's code, as returned when the customer was created (`POST
            /customers/new` answers `{"customer_code": 1}`). The vendor's docs type it Number on the
            offer and assign operations and String on renew and cancel; we use an integer everywhere
            because the API creates it as a number, and its Laravel backend also accepts the same
            value written as a string. At most 2^53-1 so that JavaScript reads it exactly. Example: 1.
        lang (str | Unset): A two-letter ISO 639-1 language code (case does not matter) for the
            license names. Names exist in EN, IT, FR, ES and DE; any other language falls back to EN.
            Example: EN.
        version_code (int | Unset):
        license_duration (str | Unset):
        license_code (str | Unset): A catalog license code, as listed by `GET /licenses/available`
            (for example `CL-Q-A005-M1`: a 5-user license for 1 month). Example: CL-Q-A005-M1.
        currency_code (str | Unset): An ISO 4217 currency code from `GET /directory/currencies`,
            in capitals. Amounts are converted to it. A well-formed code that is not in the directory
            is answered `404` (`currency_not_found`). Example: EUR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError
    """

    return sync_detailed(
        client=client,
        customer_code=customer_code,
        lang=lang,
        version_code=version_code,
        license_duration=license_duration,
        license_code=license_code,
        currency_code=currency_code,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    customer_code: int,
    lang: str | Unset = UNSET,
    version_code: int | Unset = UNSET,
    license_duration: str | Unset = UNSET,
    license_code: str | Unset = UNSET,
    currency_code: str | Unset = UNSET,
) -> Response[ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer]:
    """List the license offers for a customer

     Returns the catalog offers the customer can be assigned, optionally narrowed to one version, one
    duration or one license code, with names in the requested language and amounts in the requested
    currency.

    Args:
        customer_code (int): The customer's code, as returned when the customer was created (`POST
            /customers/new` answers `{"customer_code": 1}`). The vendor's docs type it Number on the
            offer and assign operations and String on renew and cancel; we use an integer everywhere
            because the API creates it as a number, and its Laravel backend also accepts the same
            value written as a string. At most 2^53-1 so that JavaScript reads it exactly. Example: 1.
        lang (str | Unset): A two-letter ISO 639-1 language code (case does not matter) for the
            license names. Names exist in EN, IT, FR, ES and DE; any other language falls back to EN.
            Example: EN.
        version_code (int | Unset):
        license_duration (str | Unset):
        license_code (str | Unset): A catalog license code, as listed by `GET /licenses/available`
            (for example `CL-Q-A005-M1`: a 5-user license for 1 month). Example: CL-Q-A005-M1.
        currency_code (str | Unset): An ISO 4217 currency code from `GET /directory/currencies`,
            in capitals. Amounts are converted to it. A well-formed code that is not in the directory
            is answered `404` (`currency_not_found`). Example: EUR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError]
    """

    kwargs = _get_kwargs(
        customer_code=customer_code,
        lang=lang,
        version_code=version_code,
        license_duration=license_duration,
        license_code=license_code,
        currency_code=currency_code,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    customer_code: int,
    lang: str | Unset = UNSET,
    version_code: int | Unset = UNSET,
    license_duration: str | Unset = UNSET,
    license_code: str | Unset = UNSET,
    currency_code: str | Unset = UNSET,
) -> ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer:
    """List the license offers for a customer

     Returns the catalog offers the customer can be assigned, optionally narrowed to one version, one
    duration or one license code, with names in the requested language and amounts in the requested
    currency.

    Args:
        customer_code (int): The customer's code, as returned when the customer was created (`POST
            /customers/new` answers `{"customer_code": 1}`). The vendor's docs type it Number on the
            offer and assign operations and String on renew and cancel; we use an integer everywhere
            because the API creates it as a number, and its Laravel backend also accepts the same
            value written as a string. At most 2^53-1 so that JavaScript reads it exactly. Example: 1.
        lang (str | Unset): A two-letter ISO 639-1 language code (case does not matter) for the
            license names. Names exist in EN, IT, FR, ES and DE; any other language falls back to EN.
            Example: EN.
        version_code (int | Unset):
        license_duration (str | Unset):
        license_code (str | Unset): A catalog license code, as listed by `GET /licenses/available`
            (for example `CL-Q-A005-M1`: a 5-user license for 1 month). Example: CL-Q-A005-M1.
        currency_code (str | Unset): An ISO 4217 currency code from `GET /directory/currencies`,
            in capitals. Amounts are converted to it. A well-formed code that is not in the directory
            is answered `404` (`currency_not_found`). Example: EUR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            customer_code=customer_code,
            lang=lang,
            version_code=version_code,
            license_duration=license_duration,
            license_code=license_code,
            currency_code=currency_code,
        )
    ).parsed


def _content_or_raise(
    response: Response[
        ApiError | AvailableLicensesResponse | UnauthorizedError | ValidationError | errors.UnexpectedAnswer
    ],
) -> list[LicenseOffer]:
    parsed = response.parsed
    if response.status_code == 200 and isinstance(parsed, AvailableLicensesResponse):
        return parsed.content
    raise errors.error_for(response.status_code, response.content, response.headers, parsed)


def sync_or_raise(
    *,
    client: AuthenticatedClient | Client,
    customer_code: int,
    lang: str | Unset = UNSET,
    version_code: int | Unset = UNSET,
    license_duration: str | Unset = UNSET,
    license_code: str | Unset = UNSET,
    currency_code: str | Unset = UNSET,
) -> list[LicenseOffer]:
    """List the license offers for a customer: the `content` of the success, or an exception.

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
            customer_code=customer_code,
            lang=lang,
            version_code=version_code,
            license_duration=license_duration,
            license_code=license_code,
            currency_code=currency_code,
        )
    )


async def asyncio_or_raise(
    *,
    client: AuthenticatedClient | Client,
    customer_code: int,
    lang: str | Unset = UNSET,
    version_code: int | Unset = UNSET,
    license_duration: str | Unset = UNSET,
    license_code: str | Unset = UNSET,
    currency_code: str | Unset = UNSET,
) -> list[LicenseOffer]:
    """The same as sync_or_raise, with httpx.AsyncClient."""

    return _content_or_raise(
        await asyncio_detailed(
            client=client,
            customer_code=customer_code,
            lang=lang,
            version_code=version_code,
            license_duration=license_duration,
            license_code=license_code,
            currency_code=currency_code,
        )
    )
