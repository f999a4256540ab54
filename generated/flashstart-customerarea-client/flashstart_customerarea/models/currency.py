from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Currency")


@_attrs_define
class Currency:
    """A currency in which amounts can be shown and charged.

    Attributes:
        currency_code (str): An ISO 4217 currency code from `GET /directory/currencies`, in capitals. Amounts are
            converted to it. A well-formed code that is not in the directory is answered `404` (`currency_not_found`).
            Example: EUR.
        currency_name (str):  Example: Euro.
        currency_symbol (str):  Example: €.
        exchange_rate (float): Units of this currency for one euro; catalog amounts in EUR are multiplied by it.
            Example: 1.
    """

    currency_code: str
    currency_name: str
    currency_symbol: str
    exchange_rate: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency_code = self.currency_code

        currency_name = self.currency_name

        currency_symbol = self.currency_symbol

        exchange_rate = self.exchange_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency_code": currency_code,
                "currency_name": currency_name,
                "currency_symbol": currency_symbol,
                "exchange_rate": exchange_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency_code = d.pop("currency_code")

        currency_name = d.pop("currency_name")

        currency_symbol = d.pop("currency_symbol")

        exchange_rate = d.pop("exchange_rate")

        currency = cls(
            currency_code=currency_code,
            currency_name=currency_name,
            currency_symbol=currency_symbol,
            exchange_rate=exchange_rate,
        )

        currency.additional_properties = d
        return currency

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
