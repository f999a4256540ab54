from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LicenseActionRequest")


@_attrs_define
class LicenseActionRequest:
    """Names one license of one customer, for a renewal or a cancellation.

    Example:
        {'license_id': 'LIC-000101', 'customer_code': 1}

    Attributes:
        license_id (str): The id of an assigned license, as returned in `content.license_id` by the assign operations.
            Example: LIC-000101.
        customer_code (int): The customer's code, as returned when the customer was created (`POST /customers/new`
            answers `{"customer_code": 1}`). The vendor's docs type it Number on the offer and assign operations and String
            on renew and cancel; we use an integer everywhere because the API creates it as a number, and its Laravel
            backend also accepts the same value written as a string. At most 2^53-1 so that JavaScript reads it exactly.
            Example: 1.
    """

    license_id: str
    customer_code: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        license_id = self.license_id

        customer_code = self.customer_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "license_id": license_id,
                "customer_code": customer_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        license_id = d.pop("license_id")

        customer_code = d.pop("customer_code")

        license_action_request = cls(
            license_id=license_id,
            customer_code=customer_code,
        )

        license_action_request.additional_properties = d
        return license_action_request

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
