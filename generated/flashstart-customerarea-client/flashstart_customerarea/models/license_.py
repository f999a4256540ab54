from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.license_status import LicenseStatus
from ..models.license_type import LicenseType

T = TypeVar("T", bound="License")


@_attrs_define
class License:
    """A license assigned to a customer, as it stands after the request, with what the request charged and the reseller's
    credit that remains.

        Attributes:
            license_id (str): The license's id, unique across the service; renew and cancel take it. Example: LIC-000101.
            customer_code (int): The customer's code, as returned when the customer was created (`POST /customers/new`
                answers `{"customer_code": 1}`). The vendor's docs type it Number on the offer and assign operations and String
                on renew and cancel; we use an integer everywhere because the API creates it as a number, and its Laravel
                backend also accepts the same value written as a string. At most 2^53-1 so that JavaScript reads it exactly.
                Example: 1.
            license_code (str): A catalog license code, as listed by `GET /licenses/available` (for example `CL-Q-A005-M1`:
                a 5-user license for 1 month). Example: CL-Q-A005-M1.
            license_name (str): The license's name, in the language asked for when it was assigned. Example: Business Filter
                License.
            license_info (None | str): The reseller's label for a paid license (for example `Headquarter`); null for a demo.
                Example: Headquarter.
            license_type (LicenseType): `demo`: a free trial license (at most 2 per customer); `paid`: paid from credit.
                Example: paid.
            status (LicenseStatus): Where a license is in its life. `to_be_activated`: assigned, not started yet; `active`:
                a paid license in its period; `trial`: a demo license in its period; `expired`: its period is over; `renewed`: a
                paid license extended by a renewal; `cancelled`: cancelled by the reseller, final. Renew is allowed from
                `active`, `renewed` and `expired`; cancel from every state but `cancelled`. Example: active.
            start_date (datetime.date): First day of the current period. Example: 2026-01-15.
            expiry_date (datetime.date): Last day of the current period, `start_date` plus the duration (each renewal adds
                one more). Example: 2026-02-15.
            license_duration_months (str): Length of one period, in months, as a string of digits: the vendor documents this
                field as a string in the license offers (`LicenseOffer`), and a license is read from the same offer, so we infer
                the same type here (it was an integer before 2.0.0). Example: 1.
            amount_charged (float): What this request deducted from the credit, in `amount_currency` (0 for a demo or a
                cancel). Example: 5.
            amount_currency (str): An ISO 4217 currency code from `GET /directory/currencies`, in capitals. Amounts are
                converted to it. A well-formed code that is not in the directory is answered `404` (`currency_not_found`).
                Example: EUR.
            credit_remaining (float): The reseller's prepaid credit after this request, in `amount_currency`. Example: 95.
            accept_notifications (bool): Whether the customer is emailed when the license is assigned. Example: True.
    """

    license_id: str
    customer_code: int
    license_code: str
    license_name: str
    license_info: None | str
    license_type: LicenseType
    status: LicenseStatus
    start_date: datetime.date
    expiry_date: datetime.date
    license_duration_months: str
    amount_charged: float
    amount_currency: str
    credit_remaining: float
    accept_notifications: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        license_id = self.license_id

        customer_code = self.customer_code

        license_code = self.license_code

        license_name = self.license_name

        license_info: None | str
        license_info = self.license_info

        license_type = self.license_type.value

        status = self.status.value

        start_date = self.start_date.isoformat()

        expiry_date = self.expiry_date.isoformat()

        license_duration_months = self.license_duration_months

        amount_charged = self.amount_charged

        amount_currency = self.amount_currency

        credit_remaining = self.credit_remaining

        accept_notifications = self.accept_notifications

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "license_id": license_id,
                "customer_code": customer_code,
                "license_code": license_code,
                "license_name": license_name,
                "license_info": license_info,
                "license_type": license_type,
                "status": status,
                "start_date": start_date,
                "expiry_date": expiry_date,
                "license_duration_months": license_duration_months,
                "amount_charged": amount_charged,
                "amount_currency": amount_currency,
                "credit_remaining": credit_remaining,
                "accept_notifications": accept_notifications,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        license_id = d.pop("license_id")

        customer_code = d.pop("customer_code")

        license_code = d.pop("license_code")

        license_name = d.pop("license_name")

        def _parse_license_info(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        license_info = _parse_license_info(d.pop("license_info"))

        license_type = LicenseType(d.pop("license_type"))

        status = LicenseStatus(d.pop("status"))

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        expiry_date = datetime.date.fromisoformat(d.pop("expiry_date"))

        license_duration_months = d.pop("license_duration_months")

        amount_charged = d.pop("amount_charged")

        amount_currency = d.pop("amount_currency")

        credit_remaining = d.pop("credit_remaining")

        accept_notifications = d.pop("accept_notifications")

        license_ = cls(
            license_id=license_id,
            customer_code=customer_code,
            license_code=license_code,
            license_name=license_name,
            license_info=license_info,
            license_type=license_type,
            status=status,
            start_date=start_date,
            expiry_date=expiry_date,
            license_duration_months=license_duration_months,
            amount_charged=amount_charged,
            amount_currency=amount_currency,
            credit_remaining=credit_remaining,
            accept_notifications=accept_notifications,
        )

        license_.additional_properties = d
        return license_

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
