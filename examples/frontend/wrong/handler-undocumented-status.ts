// Wrong on purpose (tests/test_frontend_example.py): the demo is never answered 418.
import { handle } from "@flashstart/customerarea-types/msw";

export const teapot = handle("assignDemoLicense", { status: 418 });
