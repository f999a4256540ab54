import type { Body, OperationId, Status } from "./index.js";
/** The names of each operation's examples, per status: the names `Prefer: example=` takes on the mock. */
export interface ExampleNames {
    listAvailableLicenses: {
        200: "vendorDocumented" | "oneCodeInItalian";
        401: "unauthorized";
        404: "customerNotFound" | "licenseCodeNotFound" | "currencyNotFound";
        413: "payloadTooLarge";
        422: "validationFailed" | "vendorValidationFailed";
        503: "serviceUnavailable";
    };
    assignDemoLicense: {
        200: "demoLicenseAssigned";
        401: "unauthorized";
        404: "customerNotFound";
        409: "demoLimitReached";
        413: "payloadTooLarge";
        422: "validationFailed" | "vendorValidationFailed";
        503: "serviceUnavailable";
    };
    assignBulkLicense: {
        200: "bulkLicenseAssigned";
        401: "unauthorized";
        404: "customerNotFound" | "licenseCodeNotFound" | "currencyNotFound";
        409: "insufficientCredit";
        413: "payloadTooLarge";
        422: "validationFailed" | "vendorValidationFailed";
        503: "serviceUnavailable";
    };
    renewLicense: {
        200: "licenseRenewed";
        401: "unauthorized";
        404: "customerNotFound" | "licenseNotFound";
        409: "licenseNotRenewable" | "insufficientCredit";
        413: "payloadTooLarge";
        422: "validationFailed" | "vendorValidationFailed";
        503: "serviceUnavailable";
    };
    cancelLicense: {
        200: "licenseCancelled";
        401: "unauthorized";
        404: "customerNotFound" | "licenseNotFound";
        409: "licenseNotCancellable";
        413: "payloadTooLarge";
        422: "validationFailed" | "vendorValidationFailed";
        503: "serviceUnavailable";
    };
    listCurrencies: {
        200: "defaultCurrencies";
        401: "unauthorized";
        413: "payloadTooLarge";
        422: "parameterNotAllowed";
        503: "serviceUnavailable";
    };
    listLicenseVersions: {
        200: "defaultVersions";
        401: "unauthorized";
        413: "payloadTooLarge";
        422: "parameterNotAllowed";
        503: "serviceUnavailable";
    };
}
/** An example's name for this operation (and this status, when given). */
export type ExampleName<Op extends OperationId, S extends Status<Op> = Status<Op>> = S extends keyof ExampleNames[Op] ? ExampleNames[Op][S] & string : never;
/** Every example: operation -> status -> name -> body, each typed as the answer of that status. */
export type Examples = {
    readonly [Op in OperationId]: {
        readonly [S in Status<Op>]: {
            readonly [N in ExampleName<Op, S>]: Body<Op, S>;
        };
    };
};
/** The spec's named examples, for fixtures and stories; the handlers in `./msw` answer these. */
export declare const EXAMPLES: Examples;
