from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BulkLicenseRequest")


@_attrs_define
class BulkLicenseRequest:
    """Assign a paid license from the catalog to a customer, paid from the reseller's credit.

    Example:
        {'customer_code': 1, 'license_code': 'CL-Q-A005-M1', 'license_info': 'Headquarter', 'accept_notifications':
            True, 'currency_code': 'EUR'}

    Attributes:
        customer_code (int): The customer's code, as returned when the customer was created (`POST /customers/new`
            answers `{"customer_code": 1}`). The vendor's docs type it Number on the offer and assign operations and String
            on renew and cancel; we use an integer everywhere because the API creates it as a number, and its Laravel
            backend also accepts the same value written as a string. At most 2^53-1 so that JavaScript reads it exactly.
            Example: 1.
        license_code (str): A catalog license code, as listed by `GET /licenses/available` (for example `CL-Q-A005-M1`:
            a 5-user license for 1 month). Example: CL-Q-A005-M1.
        license_info (str): The reseller's label for this license, such as `Headquarter` or `Secondary Office`; no
            control characters. Example: Headquarter.
        accept_notifications (bool | Unset): Whether the customer is emailed when the license is assigned. Example:
            True.
        currency_code (str | Unset): An ISO 4217 currency code from `GET /directory/currencies`, in capitals. Amounts
            are converted to it. A well-formed code that is not in the directory is answered `404` (`currency_not_found`).
            Example: EUR.
    """

    customer_code: int
    license_code: str
    license_info: str
    accept_notifications: bool | Unset = UNSET
    currency_code: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_code = self.customer_code

        license_code = self.license_code

        license_info = self.license_info

        accept_notifications = self.accept_notifications

        currency_code = self.currency_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_code": customer_code,
                "license_code": license_code,
                "license_info": license_info,
            }
        )
        if accept_notifications is not UNSET:
            field_dict["accept_notifications"] = accept_notifications
        if currency_code is not UNSET:
            field_dict["currency_code"] = currency_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        customer_code = d.pop("customer_code")

        license_code = d.pop("license_code")

        license_info = d.pop("license_info")

        accept_notifications = d.pop("accept_notifications", UNSET)

        currency_code = d.pop("currency_code", UNSET)

        bulk_license_request = cls(
            customer_code=customer_code,
            license_code=license_code,
            license_info=license_info,
            accept_notifications=accept_notifications,
            currency_code=currency_code,
        )

        bulk_license_request.additional_properties = d
        return bulk_license_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
