from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DemoLicenseRequest")


@_attrs_define
class DemoLicenseRequest:
    """Assign a free demo license to a customer.

    Example:
        {'customer_code': 1, 'lang': 'EN', 'accept_notifications': True}

    Attributes:
        customer_code (int): The customer's code, as returned when the customer was created (`POST /customers/new`
            answers `{"customer_code": 1}`). The vendor's docs type it Number on the offer and assign operations and String
            on renew and cancel; we use an integer everywhere because the API creates it as a number, and its Laravel
            backend also accepts the same value written as a string. At most 2^53-1 so that JavaScript reads it exactly.
            Example: 1.
        lang (str | Unset): A two-letter ISO 639-1 language code (case does not matter) for the license names. Names
            exist in EN, IT, FR, ES and DE; any other language falls back to EN. Example: EN.
        accept_notifications (bool | Unset): Whether the customer is emailed when the license is assigned. Example:
            True.
    """

    customer_code: int
    lang: str | Unset = UNSET
    accept_notifications: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_code = self.customer_code

        lang = self.lang

        accept_notifications = self.accept_notifications

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_code": customer_code,
            }
        )
        if lang is not UNSET:
            field_dict["lang"] = lang
        if accept_notifications is not UNSET:
            field_dict["accept_notifications"] = accept_notifications

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        customer_code = d.pop("customer_code")

        lang = d.pop("lang", UNSET)

        accept_notifications = d.pop("accept_notifications", UNSET)

        demo_license_request = cls(
            customer_code=customer_code,
            lang=lang,
            accept_notifications=accept_notifications,
        )

        demo_license_request.additional_properties = d
        return demo_license_request

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
