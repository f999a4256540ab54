from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.license_version import LicenseVersion


T = TypeVar("T", bound="LicenseVersionsResponse")


@_attrs_define
class LicenseVersionsResponse:
    """Every license version that `version_code` accepts.

    Attributes:
        code (int): The HTTP status, repeated. Example: 200.
        content (list[LicenseVersion]):
    """

    code: int
    content: list[LicenseVersion]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        content = []
        for content_item_data in self.content:
            content_item = content_item_data.to_dict()
            content.append(content_item)

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
        from ..models.license_version import LicenseVersion  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        content = []
        _content = d.pop("content")
        for content_item_data in _content:
            content_item = LicenseVersion.from_dict(content_item_data)

            content.append(content_item)

        license_versions_response = cls(
            code=code,
            content=content,
        )

        license_versions_response.additional_properties = d
        return license_versions_response

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
