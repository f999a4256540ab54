// A component test that runs no server: the package's msw handlers answer this app's requests with the
// spec's examples (`npm test`, run by make test). The demo limit, the credit, renew and cancel are
// not theirs: a test picks the answer it needs; the stateful mock (make mock) plays the rules.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { setupServer } from "msw/node";
import { EXAMPLES } from "@flashstart/customerarea-types/examples";
import { handle, handlers } from "@flashstart/customerarea-types/msw";
import { assignDemo, cancel, customerarea, offers, renew, UnexpectedAnswer } from "./customerarea.js";

const server = setupServer(...handlers());
before(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
after(() => server.close());

// Any origin: the handlers match the spec's base path. openapi-fetch keeps the fetch it was created
// with, so a client is made once msw listens.
const client = (key = "any-key") => customerarea("http://app.test/customerarea", key);

test("each operation answers its 200's first example", async () => {
  assert.deepEqual(await offers(client(), 1), EXAMPLES.listAvailableLicenses[200].vendorDocumented.content);
  assert.deepEqual(await assignDemo(client(), 1), {
    kind: "assigned",
    license: EXAMPLES.assignDemoLicense[200].demoLicenseAssigned.content,
  });
});

test("a documented status answers its first example: the demo limit screen", async () => {
  server.use(handle("assignDemoLicense", { status: 409 }));
  assert.deepEqual(await assignDemo(client(), 1), {
    kind: "limit reached",
    message: EXAMPLES.assignDemoLicense[409].demoLimitReached.message,
    reason: "demo_limit_reached",
  });
});

test("an example by name answers under its own status", async () => {
  server.use(handle("renewLicense", { example: "insufficientCredit" }));
  await assert.rejects(renew(client(), 2, "LIC-000001"), (error: unknown) => {
    assert.ok(error instanceof UnexpectedAnswer);
    assert.match(error.message, /^renewLicense answered 409: .*"reason":"insufficient_credit"/);
    return true;
  });
});

test("a body of one's own, of a documented status", async () => {
  const license = { ...EXAMPLES.cancelLicense[200].licenseCancelled.content, license_id: "LIC-000042" };
  server.use(handle("cancelLicense", { status: 200, body: { code: 200, content: license } }));
  assert.equal((await cancel(client(), 2, "LIC-000042")).license_id, "LIC-000042");
});

test("once: the next request only, then the default handler again", async () => {
  server.use(handle("listAvailableLicenses", { status: 503 }, { once: true }));
  await assert.rejects(offers(client(), 1), /listAvailableLicenses answered 503: .*service_unavailable/);
  assert.equal((await offers(client(), 1)).length, 2);
});

test("a request without the key gets the operation's documented 401, as from the API", async () => {
  await assert.rejects(offers(client(""), 1), /listAvailableLicenses answered 401: .*Invalid token/);
});

test("each operation answers only the examples that fit it: the currencies' 422 names no customer_code", async () => {
  server.use(handle("listCurrencies", { status: 422 }));
  const answer = await fetch("http://app.test/customerarea/directory/currencies", { headers: { "X-API-KEY": "k" } });
  assert.equal(answer.status, 422);
  assert.deepEqual(await answer.json(), EXAMPLES.listCurrencies[422].parameterNotAllowed);
});

test("an undocumented status or name from untyped code is refused at once, listing the documented ones", () => {
  const untyped = handle as (operation: string, choice: object) => unknown;
  assert.throws(
    () => untyped("assignDemoLicense", { status: 418 }),
    /^Error: status=418 is not documented for assignDemoLicense; documented: demoLicenseAssigned \(200\), /,
  );
  assert.throws(() => untyped("renewLicense", { status: 409, example: "licenseRenewed" }), /licenseNotRenewable \(409\)/);
  assert.throws(() => untyped("cancelLicense", { body: {} }), /^Error: body=\{\} is not documented for cancelLicense/);
});
