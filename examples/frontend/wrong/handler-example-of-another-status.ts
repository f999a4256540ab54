// Wrong on purpose (tests/test_frontend_example.py): licenseRenewed is renew's 200, not one of its 409s.
import { handle } from "@flashstart/customerarea-types/msw";

export const refused = handle("renewLicense", { status: 409, example: "licenseRenewed" });
