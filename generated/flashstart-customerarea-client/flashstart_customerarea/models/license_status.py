from enum import StrEnum


class LicenseStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    RENEWED = "renewed"
    TO_BE_ACTIVATED = "to_be_activated"
    TRIAL = "trial"

    def __str__(self) -> str:
        return str(self.value)
