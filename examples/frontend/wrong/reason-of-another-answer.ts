// Wrong on purpose (tests/test_frontend_example.py): a demo's 409 is never insufficient_credit.
import createClient from "openapi-fetch";
import { answerOf, type paths } from "@flashstart/customerarea-types";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:8080/customerarea" });
const answer = answerOf("assignDemoLicense", await client.POST("/licenses/demo", { body: { customer_code: 1 } }));
export const noCredit = answer.status === 409 && answer.body.reason === "insufficient_credit";
