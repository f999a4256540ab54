/** The spec's named examples, for fixtures and stories; the handlers in `./msw` answer these. */
export const EXAMPLES = {
    listAvailableLicenses: {
        200: {
            "vendorDocumented": {
                "code": 200,
                "content": [
                    {
                        "license_code": "CL-Q-A005-M1",
                        "license_name": "Business Filter License",
                        "license_duration_months": "1",
                        "license_version": "0",
                        "license_quantity": "5 users",
                        "license_points": 0.5,
                        "license_amount": 5,
                        "license_amount_currency": "EUR"
                    },
                    {
                        "license_code": "CL-Q-A010-M1",
                        "license_name": "Business Filter License",
                        "license_duration_months": "1",
                        "license_version": "0",
                        "license_quantity": "10 users",
                        "license_points": 1,
                        "license_amount": 10,
                        "license_amount_currency": "EUR€"
                    }
                ]
            },
            "oneCodeInItalian": {
                "code": 200,
                "content": [
                    {
                        "license_code": "CL-Q-A005-M12",
                        "license_name": "Licenza Business Filter",
                        "license_duration_months": "12",
                        "license_version": "0",
                        "license_quantity": "5 utenti",
                        "license_points": 5,
                        "license_amount": 54,
                        "license_amount_currency": "USD"
                    }
                ]
            },
        },
        401: {
            "unauthorized": {
                "message": "Invalid token or unauthorized admin"
            },
        },
        404: {
            "customerNotFound": {
                "code": 404,
                "message": "No customer with this code.",
                "reason": "customer_not_found"
            },
            "licenseCodeNotFound": {
                "code": 404,
                "message": "No license with this code in the catalog.",
                "reason": "license_code_not_found"
            },
            "currencyNotFound": {
                "code": 404,
                "message": "No currency with this code.",
                "reason": "currency_not_found"
            },
        },
        413: {
            "payloadTooLarge": {
                "code": 413,
                "message": "The request body is larger than 65536 bytes.",
                "reason": "payload_too_large"
            },
        },
        422: {
            "validationFailed": {
                "code": 422,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
            "vendorValidationFailed": {
                "code": 500,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
        },
        503: {
            "serviceUnavailable": {
                "code": 503,
                "message": "The service is temporarily unavailable; retry later.",
                "reason": "service_unavailable"
            },
        },
    },
    assignDemoLicense: {
        200: {
            "demoLicenseAssigned": {
                "code": 200,
                "content": {
                    "license_id": "LIC-000102",
                    "customer_code": 1,
                    "license_code": "CL-DEMO-M1",
                    "license_name": "Business Filter Demo",
                    "license_info": null,
                    "license_type": "demo",
                    "status": "trial",
                    "start_date": "2026-01-15",
                    "expiry_date": "2026-02-15",
                    "license_duration_months": "1",
                    "amount_charged": 0,
                    "amount_currency": "EUR",
                    "credit_remaining": 95,
                    "accept_notifications": true
                }
            },
        },
        401: {
            "unauthorized": {
                "message": "Invalid token or unauthorized admin"
            },
        },
        404: {
            "customerNotFound": {
                "code": 404,
                "message": "No customer with this code.",
                "reason": "customer_not_found"
            },
        },
        409: {
            "demoLimitReached": {
                "code": 409,
                "message": "This customer already had 2 demo licenses.",
                "reason": "demo_limit_reached"
            },
        },
        413: {
            "payloadTooLarge": {
                "code": 413,
                "message": "The request body is larger than 65536 bytes.",
                "reason": "payload_too_large"
            },
        },
        422: {
            "validationFailed": {
                "code": 422,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
            "vendorValidationFailed": {
                "code": 500,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
        },
        503: {
            "serviceUnavailable": {
                "code": 503,
                "message": "The service is temporarily unavailable; retry later.",
                "reason": "service_unavailable"
            },
        },
    },
    assignBulkLicense: {
        200: {
            "bulkLicenseAssigned": {
                "code": 200,
                "content": {
                    "license_id": "LIC-000101",
                    "customer_code": 1,
                    "license_code": "CL-Q-A005-M1",
                    "license_name": "Business Filter License",
                    "license_info": "Headquarter",
                    "license_type": "paid",
                    "status": "active",
                    "start_date": "2026-01-15",
                    "expiry_date": "2026-02-15",
                    "license_duration_months": "1",
                    "amount_charged": 5,
                    "amount_currency": "EUR",
                    "credit_remaining": 95,
                    "accept_notifications": true
                }
            },
        },
        401: {
            "unauthorized": {
                "message": "Invalid token or unauthorized admin"
            },
        },
        404: {
            "customerNotFound": {
                "code": 404,
                "message": "No customer with this code.",
                "reason": "customer_not_found"
            },
            "licenseCodeNotFound": {
                "code": 404,
                "message": "No license with this code in the catalog.",
                "reason": "license_code_not_found"
            },
            "currencyNotFound": {
                "code": 404,
                "message": "No currency with this code.",
                "reason": "currency_not_found"
            },
        },
        409: {
            "insufficientCredit": {
                "code": 409,
                "message": "Not enough credit for this license.",
                "reason": "insufficient_credit"
            },
        },
        413: {
            "payloadTooLarge": {
                "code": 413,
                "message": "The request body is larger than 65536 bytes.",
                "reason": "payload_too_large"
            },
        },
        422: {
            "validationFailed": {
                "code": 422,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
            "vendorValidationFailed": {
                "code": 500,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
        },
        503: {
            "serviceUnavailable": {
                "code": 503,
                "message": "The service is temporarily unavailable; retry later.",
                "reason": "service_unavailable"
            },
        },
    },
    renewLicense: {
        200: {
            "licenseRenewed": {
                "code": 200,
                "content": {
                    "license_id": "LIC-000101",
                    "customer_code": 1,
                    "license_code": "CL-Q-A005-M1",
                    "license_name": "Business Filter License",
                    "license_info": "Headquarter",
                    "license_type": "paid",
                    "status": "renewed",
                    "start_date": "2026-01-15",
                    "expiry_date": "2026-03-15",
                    "license_duration_months": "1",
                    "amount_charged": 5,
                    "amount_currency": "EUR",
                    "credit_remaining": 90,
                    "accept_notifications": true
                }
            },
        },
        401: {
            "unauthorized": {
                "message": "Invalid token or unauthorized admin"
            },
        },
        404: {
            "customerNotFound": {
                "code": 404,
                "message": "No customer with this code.",
                "reason": "customer_not_found"
            },
            "licenseNotFound": {
                "code": 404,
                "message": "No license with this id for this customer.",
                "reason": "license_not_found"
            },
        },
        409: {
            "licenseNotRenewable": {
                "code": 409,
                "message": "A license in status cancelled cannot be renewed.",
                "reason": "license_not_renewable"
            },
            "insufficientCredit": {
                "code": 409,
                "message": "Not enough credit for this license.",
                "reason": "insufficient_credit"
            },
        },
        413: {
            "payloadTooLarge": {
                "code": 413,
                "message": "The request body is larger than 65536 bytes.",
                "reason": "payload_too_large"
            },
        },
        422: {
            "validationFailed": {
                "code": 422,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
            "vendorValidationFailed": {
                "code": 500,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
        },
        503: {
            "serviceUnavailable": {
                "code": 503,
                "message": "The service is temporarily unavailable; retry later.",
                "reason": "service_unavailable"
            },
        },
    },
    cancelLicense: {
        200: {
            "licenseCancelled": {
                "code": 200,
                "content": {
                    "license_id": "LIC-000101",
                    "customer_code": 1,
                    "license_code": "CL-Q-A005-M1",
                    "license_name": "Business Filter License",
                    "license_info": "Headquarter",
                    "license_type": "paid",
                    "status": "cancelled",
                    "start_date": "2026-01-15",
                    "expiry_date": "2026-03-15",
                    "license_duration_months": "1",
                    "amount_charged": 0,
                    "amount_currency": "EUR",
                    "credit_remaining": 90,
                    "accept_notifications": true
                }
            },
        },
        401: {
            "unauthorized": {
                "message": "Invalid token or unauthorized admin"
            },
        },
        404: {
            "customerNotFound": {
                "code": 404,
                "message": "No customer with this code.",
                "reason": "customer_not_found"
            },
            "licenseNotFound": {
                "code": 404,
                "message": "No license with this id for this customer.",
                "reason": "license_not_found"
            },
        },
        409: {
            "licenseNotCancellable": {
                "code": 409,
                "message": "A license in status cancelled cannot be cancelled.",
                "reason": "license_not_cancellable"
            },
        },
        413: {
            "payloadTooLarge": {
                "code": 413,
                "message": "The request body is larger than 65536 bytes.",
                "reason": "payload_too_large"
            },
        },
        422: {
            "validationFailed": {
                "code": 422,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
            "vendorValidationFailed": {
                "code": 500,
                "message": "The given data was invalid.",
                "errors": {
                    "customer_code": [
                        "The customer code field is required."
                    ]
                }
            },
        },
        503: {
            "serviceUnavailable": {
                "code": 503,
                "message": "The service is temporarily unavailable; retry later.",
                "reason": "service_unavailable"
            },
        },
    },
    listCurrencies: {
        200: {
            "defaultCurrencies": {
                "code": 200,
                "content": [
                    {
                        "currency_code": "EUR",
                        "currency_name": "Euro",
                        "currency_symbol": "€",
                        "exchange_rate": 1
                    },
                    {
                        "currency_code": "USD",
                        "currency_name": "US Dollar",
                        "currency_symbol": "$",
                        "exchange_rate": 1.08
                    }
                ]
            },
        },
        401: {
            "unauthorized": {
                "message": "Invalid token or unauthorized admin"
            },
        },
        413: {
            "payloadTooLarge": {
                "code": 413,
                "message": "The request body is larger than 65536 bytes.",
                "reason": "payload_too_large"
            },
        },
        422: {
            "parameterNotAllowed": {
                "code": 422,
                "message": "The given data was invalid.",
                "errors": {
                    "page": [
                        "The page parameter is not allowed here."
                    ]
                }
            },
        },
        503: {
            "serviceUnavailable": {
                "code": 503,
                "message": "The service is temporarily unavailable; retry later.",
                "reason": "service_unavailable"
            },
        },
    },
    listLicenseVersions: {
        200: {
            "defaultVersions": {
                "code": 200,
                "content": [
                    {
                        "version_code": 0,
                        "version_name": "Standard"
                    },
                    {
                        "version_code": 1,
                        "version_name": "Plus"
                    }
                ]
            },
        },
        401: {
            "unauthorized": {
                "message": "Invalid token or unauthorized admin"
            },
        },
        413: {
            "payloadTooLarge": {
                "code": 413,
                "message": "The request body is larger than 65536 bytes.",
                "reason": "payload_too_large"
            },
        },
        422: {
            "parameterNotAllowed": {
                "code": 422,
                "message": "The given data was invalid.",
                "errors": {
                    "page": [
                        "The page parameter is not allowed here."
                    ]
                }
            },
        },
        503: {
            "serviceUnavailable": {
                "code": 503,
                "message": "The service is temporarily unavailable; retry later.",
                "reason": "service_unavailable"
            },
        },
    },
};
