// Wrong on purpose (tests/test_frontend_example.py): renew has no example of that name.
import { handle } from "@flashstart/customerarea-types/msw";

export const noCredit = handle("renewLicense", { example: "creditTooLow" });
