import { type HttpHandler } from "msw";
import { type ExampleName } from "./examples.js";
import type { Body, OperationId, Status } from "./index.js";
/** The spec's base path: a handler matches it under any origin unless `baseUrl` is given. */
export declare const BASE_PATH = "/customerarea";
/** Each operation's method and path (below the base path). */
export declare const ROUTES: {
    readonly [Op in OperationId]: {
        readonly method: "get" | "post";
        readonly path: string;
    };
};
/**
 * What a handler answers, for one operation: nothing (its 200's first example), a documented status
 * (that status's first example), an example by name (the status it is documented under), both, or a
 * body of your own for a documented status. A status or a name the spec does not document for this
 * operation is a type error.
 */
export type Choice<Op extends OperationId> = {
    [S in Status<Op>]: {
        status?: S;
        example?: ExampleName<Op, S>;
        body?: never;
    } | {
        status: S;
        body: Body<Op, S>;
        example?: never;
    };
}[Status<Op>];
export interface HandlerOptions {
    /** Where the app sends its requests ("http://localhost:8080/customerarea"); default: BASE_PATH anywhere. */
    baseUrl?: string;
    /** Answer the first matching request only, then let the next handler answer (msw's `once`). */
    once?: boolean;
}
/** The URL pattern msw matches for an operation. */
export declare function urlOf(operation: OperationId, baseUrl?: string): string;
/**
 * One operation's handler. Like the API, it answers its documented 401 to a request without an
 * X-API-KEY header; otherwise it answers the choice, whatever the request (the rules are the mock's).
 */
export declare function handle<Op extends OperationId>(operation: Op, choice?: Choice<Op>, options?: HandlerOptions): HttpHandler;
/** A handler for every operation, each answering its 200's first example. */
export declare function handlers(options?: HandlerOptions): HttpHandler[];
