from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.license_ import License


T = TypeVar("T", bound="LicenseResponse")


@_attrs_define
class LicenseResponse:
    """The license that the request assigned, renewed or cancelled.

    Attributes:
        code (int): The HTTP status, repeated. Example: 200.
        content (License): A license assigned to a customer, as it stands after the request, with what the request
            charged and the reseller's credit that remains.
    """

    code: int
    content: License
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        content = self.content.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.license_ import License  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        content = License.from_dict(d.pop("content"))

        license_response = cls(
            code=code,
            content=content,
        )

        license_response.additional_properties = d
        return license_response

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
