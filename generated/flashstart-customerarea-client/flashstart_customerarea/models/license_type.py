from enum import StrEnum


class LicenseType(StrEnum):
    DEMO = "demo"
    PAID = "paid"

    def __str__(self) -> str:
        return str(self.value)
