// Wrong on purpose (tests/test_frontend_example.py): `.content` read before checking the status.
import createClient from "openapi-fetch";
import { answerOf, type paths } from "@flashstart/customerarea-types";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:8080/customerarea" });
const answer = answerOf("assignDemoLicense", await client.POST("/licenses/demo", { body: { customer_code: 1 } }));
export const id: string = answer.body.content.license_id;
