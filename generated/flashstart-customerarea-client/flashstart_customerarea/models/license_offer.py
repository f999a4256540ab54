from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LicenseOffer")


@_attrs_define
class LicenseOffer:
    """One license a customer can buy: its code, name, duration, version, size and price. The vendor sends duration,
    version and quantity as strings and points and amount as numbers; this schema keeps those types.

        Attributes:
            license_code (str): A catalog license code, as listed by `GET /licenses/available` (for example `CL-Q-A005-M1`:
                a 5-user license for 1 month). Example: CL-Q-A005-M1.
            license_name (str): The license's name, in the requested language (EN when it has none in that language).
                Example: Business Filter License.
            license_duration_months (str): Duration in months, as a string of digits. Example: 1.
            license_version (str): The license version's code (see `GET /directory/licenses/versions`), as a string.
                Example: 0.
            license_quantity (str): What the license covers, as a label for people. Example: 5 users.
            license_points (float): The license's weight in the reseller's points scheme. Example: 0.5.
            license_amount (float): The price, in `license_amount_currency`; this is what a bulk assign deducts from credit.
                Example: 5.
            license_amount_currency (str): The currency of `license_amount`. The vendor's own example contains `EUR€`, so
                this is not constrained to an ISO code. Example: EUR.
    """

    license_code: str
    license_name: str
    license_duration_months: str
    license_version: str
    license_quantity: str
    license_points: float
    license_amount: float
    license_amount_currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        license_code = self.license_code

        license_name = self.license_name

        license_duration_months = self.license_duration_months

        license_version = self.license_version

        license_quantity = self.license_quantity

        license_points = self.license_points

        license_amount = self.license_amount

        license_amount_currency = self.license_amount_currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "license_code": license_code,
                "license_name": license_name,
                "license_duration_months": license_duration_months,
                "license_version": license_version,
                "license_quantity": license_quantity,
                "license_points": license_points,
                "license_amount": license_amount,
                "license_amount_currency": license_amount_currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        license_code = d.pop("license_code")

        license_name = d.pop("license_name")

        license_duration_months = d.pop("license_duration_months")

        license_version = d.pop("license_version")

        license_quantity = d.pop("license_quantity")

        license_points = d.pop("license_points")

        license_amount = d.pop("license_amount")

        license_amount_currency = d.pop("license_amount_currency")

        license_offer = cls(
            license_code=license_code,
            license_name=license_name,
            license_duration_months=license_duration_months,
            license_version=license_version,
            license_quantity=license_quantity,
            license_points=license_points,
            license_amount=license_amount,
            license_amount_currency=license_amount_currency,
        )

        license_offer.additional_properties = d
        return license_offer

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
