from enum import StrEnum


class ErrorReason(StrEnum):
    CURRENCY_NOT_FOUND = "currency_not_found"
    CUSTOMER_NOT_FOUND = "customer_not_found"
    DEMO_LIMIT_REACHED = "demo_limit_reached"
    INSUFFICIENT_CREDIT = "insufficient_credit"
    LICENSE_CODE_NOT_FOUND = "license_code_not_found"
    LICENSE_NOT_CANCELLABLE = "license_not_cancellable"
    LICENSE_NOT_FOUND = "license_not_found"
    LICENSE_NOT_RENEWABLE = "license_not_renewable"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    SERVICE_UNAVAILABLE = "service_unavailable"

    def __str__(self) -> str:
        return str(self.value)
