from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LicenseVersion")


@_attrs_define
class LicenseVersion:
    """A version of the license catalog, such as the standard filter or a newer edition.

    Attributes:
        version_code (int): The code that `version_code` filters on and that offers show as `license_version`. Example:
            0.
        version_name (str):  Example: Standard.
    """

    version_code: int
    version_name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version_code = self.version_code

        version_name = self.version_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version_code": version_code,
                "version_name": version_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version_code = d.pop("version_code")

        version_name = d.pop("version_name")

        license_version = cls(
            version_code=version_code,
            version_name=version_name,
        )

        license_version.additional_properties = d
        return license_version

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
