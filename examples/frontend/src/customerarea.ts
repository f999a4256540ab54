// What a frontend writes against the mock: openapi-fetch with the generated types, and each
// answer narrowed by its status (answerOf), so a 409's reason is the one a 409 can carry.
import createClient from "openapi-fetch";
import {
  answerOf,
  type License,
  type LicenseOffer,
  type OperationId,
  type paths,
} from "@flashstart/customerarea-types";

export type Client = ReturnType<typeof customerarea>;

/** A client for the mock (or the real API); `session` isolates a test worker's state on the mock. */
export function customerarea(baseUrl: string, apiKey: string, session?: string) {
  const headers: Record<string, string> = { "X-API-KEY": apiKey };
  if (session !== undefined) headers["X-Mock-Session"] = session;
  return createClient<paths>({ baseUrl, headers });
}

/**
 * Starts `session` over on the mock (its own state, reset to the start dataset), so that a flow that
 * writes runs the same way every time. Only the mock answers POST /__mock/reset: against anything else
 * this stops before any request that writes or spends credit is sent.
 */
export async function startSession(baseUrl: string, session: string): Promise<void> {
  const reset = new URL("/__mock/reset", baseUrl);
  const answer = await fetch(reset, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Mock-Session": session },
    body: "{}",
  }).catch((error: unknown) => {
    throw new Error(`cannot reach the mock at ${reset.origin} (${String(error)}); start it with make mock`);
  });
  if (answer.status !== 200) {
    throw new Error(`this example writes and spends credit, so it runs against the mock only: POST ${reset} answered ${answer.status}`);
  }
}

/** Any operation's answer, for messages. */
type AnyAnswer = { status: number | "undocumented"; httpStatus?: number; body: unknown };

export class UnexpectedAnswer extends Error {
  constructor(operation: OperationId, answer: AnyAnswer) {
    const status = answer.status === "undocumented" ? `${answer.httpStatus} (undocumented)` : `${answer.status}`;
    super(`${operation} answered ${status}: ${JSON.stringify(answer.body)}`);
  }
}

export async function offers(client: Client, customer: number): Promise<LicenseOffer[]> {
  const result = await client.GET("/licenses/available", { params: { query: { customer_code: customer } } });
  const answer = answerOf("listAvailableLicenses", result);
  if (answer.status !== 200) throw new UnexpectedAnswer("listAvailableLicenses", answer);
  return answer.body.content;
}

export type DemoOutcome =
  | { kind: "assigned"; license: License }
  | { kind: "limit reached"; message: string; reason: "demo_limit_reached" | undefined };

export async function assignDemo(client: Client, customer: number): Promise<DemoOutcome> {
  const result = await client.POST("/licenses/demo", { body: { customer_code: customer } });
  const answer = answerOf("assignDemoLicense", result);
  switch (answer.status) {
    case 200:
      return { kind: "assigned", license: answer.body.content };
    case 409:
      // A 409 of this operation can only be the demo limit: the type says so.
      return { kind: "limit reached", message: answer.body.message, reason: answer.body.reason };
    default:
      throw new UnexpectedAnswer("assignDemoLicense", answer);
  }
}

export async function renew(client: Client, customer: number, licenseId: string): Promise<License> {
  const result = await client.POST("/licenses/renew", { body: { customer_code: customer, license_id: licenseId } });
  const answer = answerOf("renewLicense", result);
  if (answer.status !== 200) throw new UnexpectedAnswer("renewLicense", answer);
  return answer.body.content;
}

export async function cancel(client: Client, customer: number, licenseId: string): Promise<License> {
  const result = await client.POST("/licenses/cancel", { body: { customer_code: customer, license_id: licenseId } });
  const answer = answerOf("cancelLicense", result);
  if (answer.status !== 200) throw new UnexpectedAnswer("cancelLicense", answer);
  return answer.body.content;
}
