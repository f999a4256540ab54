/** The statuses each operation documents, for `answerOf` at run time. */
export const DOCUMENTED_STATUSES = {
    listAvailableLicenses: [200, 401, 404, 413, 422, 503],
    assignDemoLicense: [200, 401, 404, 409, 413, 422, 503],
    assignBulkLicense: [200, 401, 404, 409, 413, 422, 503],
    renewLicense: [200, 401, 404, 409, 413, 422, 503],
    cancelLicense: [200, 401, 404, 409, 413, 422, 503],
    listCurrencies: [200, 401, 413, 422, 503],
    listLicenseVersions: [200, 401, 413, 422, 503],
};
/** openapi-fetch's `{ data, error, response }` as an `Answer` of this operation. */
export function answerOf(operation, result) {
    const status = result.response.status;
    const body = result.data !== undefined ? result.data : result.error;
    if (!DOCUMENTED_STATUSES[operation].includes(status)) {
        return { status: "undocumented", httpStatus: status, body };
    }
    return { status, body };
}
