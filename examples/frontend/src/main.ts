// The example's flow, run by make test against a live mock:
// FLASHSTART_BASE_URL (default: make mock's), FLASHSTART_API_KEY (default: the mock's dev key),
// MOCK_SESSION (default: example-consumer). It runs in that session of the mock, reset first, so it
// gives the same answers however often it runs, and leaves the mock's shared state alone.
import { assignDemo, cancel, customerarea, offers, renew, startSession } from "./customerarea.js";

const baseUrl = process.env["FLASHSTART_BASE_URL"] ?? "http://127.0.0.1:8080/customerarea";
const apiKey = process.env["FLASHSTART_API_KEY"] ?? "mock-dev-key";
const session = process.env["MOCK_SESSION"] ?? "example-consumer";

try {
  await startSession(baseUrl, session);
  const client = customerarea(baseUrl, apiKey, session);
  const listed = await offers(client, 1);
  const first = await assignDemo(client, 1);
  const second = await assignDemo(client, 1);
  const third = await assignDemo(client, 1); // the customer's third demo: the limit
  const renewed = await renew(client, 2, "LIC-000001");
  const demoId = first.kind === "assigned" ? first.license.license_id : "none";
  const cancelled = await cancel(client, 1, demoId);

  console.log(
    JSON.stringify({
      session,
      offers: listed.map((offer) => offer.license_code),
      demos: [first, second, third].map((outcome) => outcome.kind),
      third: third.kind === "limit reached" ? third.reason : null,
      renewed: [renewed.license_id, renewed.status],
      cancelled: [cancelled.license_id, cancelled.status],
    }),
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
