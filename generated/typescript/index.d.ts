import type { operations } from "./customerarea.js";
export type * from "./customerarea.js";
/** The `reason` each error status of each operation can carry: those its examples in the spec show. */
export interface Reasons {
    listAvailableLicenses: {
        404: "currency_not_found" | "customer_not_found" | "license_code_not_found";
        413: "payload_too_large";
        503: "service_unavailable";
    };
    assignDemoLicense: {
        404: "customer_not_found";
        409: "demo_limit_reached";
        413: "payload_too_large";
        503: "service_unavailable";
    };
    assignBulkLicense: {
        404: "currency_not_found" | "customer_not_found" | "license_code_not_found";
        409: "insufficient_credit";
        413: "payload_too_large";
        503: "service_unavailable";
    };
    renewLicense: {
        404: "customer_not_found" | "license_not_found";
        409: "insufficient_credit" | "license_not_renewable";
        413: "payload_too_large";
        503: "service_unavailable";
    };
    cancelLicense: {
        404: "customer_not_found" | "license_not_found";
        409: "license_not_cancellable";
        413: "payload_too_large";
        503: "service_unavailable";
    };
    listCurrencies: {
        413: "payload_too_large";
        503: "service_unavailable";
    };
    listLicenseVersions: {
        413: "payload_too_large";
        503: "service_unavailable";
    };
}
export type OperationId = keyof operations;
type ResponsesOf<Op extends OperationId> = operations[Op]["responses"];
type JsonOf<R> = R extends {
    content: {
        "application/json": infer B;
    };
} ? B : never;
type Narrowed<B, R> = B extends {
    reason?: unknown;
} ? Omit<B, "reason"> & {
    reason?: R;
} : B;
/** The statuses the spec documents for an operation. */
export type Status<Op extends OperationId> = keyof ResponsesOf<Op> & number;
/** Its error statuses. */
export type ErrorStatus<Op extends OperationId> = Exclude<Status<Op>, 200>;
/** The body of an answer with this status, `reason` narrowed to the reasons this status can carry. */
export type Body<Op extends OperationId, S extends Status<Op>> = S extends keyof Reasons[Op] ? Narrowed<JsonOf<ResponsesOf<Op>[S]>, Reasons[Op][S]> : JsonOf<ResponsesOf<Op>[S]>;
/** What a 200 answer carries inside the `{code, content}` envelope. */
export type Content<Op extends OperationId> = JsonOf<ResponsesOf<Op>[200]> extends {
    content: infer C;
} ? C : never;
/** An answer the spec does not document (another status): its body is whatever came. */
export interface Undocumented {
    status: "undocumented";
    httpStatus: number;
    body: unknown;
}
/** One answer of an operation: `switch (answer.status)` and the body narrows with it. */
export type Answer<Op extends OperationId> = {
    [S in Status<Op>]: {
        status: S;
        body: Body<Op, S>;
    };
}[Status<Op>] | Undocumented;
/** The statuses each operation documents, for `answerOf` at run time. */
export declare const DOCUMENTED_STATUSES: {
    readonly [Op in OperationId]: readonly number[];
};
/** openapi-fetch's `{ data, error, response }` as an `Answer` of this operation. */
export declare function answerOf<Op extends OperationId>(operation: Op, result: {
    data?: unknown;
    error?: unknown;
    response: {
        status: number;
    };
}): Answer<Op>;
