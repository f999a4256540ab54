"""Contains all the data models used in inputs/outputs"""

from .api_error import ApiError
from .available_licenses_response import AvailableLicensesResponse
from .bulk_license_request import BulkLicenseRequest
from .currencies_response import CurrenciesResponse
from .currency import Currency
from .demo_license_request import DemoLicenseRequest
from .error_reason import ErrorReason
from .license_ import License
from .license_action_request import LicenseActionRequest
from .license_offer import LicenseOffer
from .license_response import LicenseResponse
from .license_status import LicenseStatus
from .license_type import LicenseType
from .license_version import LicenseVersion
from .license_versions_response import LicenseVersionsResponse
from .unauthorized_error import UnauthorizedError
from .validation_error import ValidationError
from .validation_error_errors import ValidationErrorErrors

__all__ = (
    "ApiError",
    "AvailableLicensesResponse",
    "BulkLicenseRequest",
    "CurrenciesResponse",
    "Currency",
    "DemoLicenseRequest",
    "ErrorReason",
    "License",
    "LicenseActionRequest",
    "LicenseOffer",
    "LicenseResponse",
    "LicenseStatus",
    "LicenseType",
    "LicenseVersion",
    "LicenseVersionsResponse",
    "UnauthorizedError",
    "ValidationError",
    "ValidationErrorErrors",
)
