/**
 * Account import (im_open_login_svc), so owners and subscribers can be imported the way they are
 * on the real service before channels refer to them.
 */
import { BYTE_LIMITS, utf8Bytes } from "../provider/api/wire";
import type { CommandHandler } from "./context";
import { ApiError } from "./envelope";
import { requireArray, requireString } from "./fields";

/** Why a UserID cannot be imported, or undefined. */
function userIdProblem(id: string): string | undefined {
    if (id === "") return "must not be empty";
    const bytes = utf8Bytes(id);
    if (bytes > BYTE_LIMITS.userId) return `is ${bytes} bytes; the limit is ${BYTE_LIMITS.userId}`;
    return undefined;
}

export const accountImport: CommandHandler = (body, ctx) => {
    // Current docs name the field UserID; older ones (and older SDKs) use Identifier.
    const field = body.UserID === undefined && body.Identifier !== undefined ? "Identifier" : "UserID";
    const userId = requireString(body, field, { account: true });
    const problem = userIdProblem(userId);
    // UNCERTAIN: account_import has its own error codes that the API doc does not cover; 6017 is
    // the documented "invalid parameter" code.
    if (problem) throw new ApiError(6017, `${field} "${userId}" ${problem}.`);
    ctx.store.importUsers([userId]);
    return {};
};

export const multiaccountImport: CommandHandler = (body, ctx) => {
    const accounts = requireArray(body, "Accounts");
    // UNCERTAIN: the public docs cap a batch at 100 accounts.
    if (accounts.length === 0 || accounts.length > 100) {
        throw new ApiError(6017, `Accounts must list 1 to 100 UserIDs (got ${accounts.length}).`);
    }
    const failed: string[] = [];
    const ok: string[] = [];
    accounts.forEach((value, i) => {
        if (typeof value !== "string") throw new ApiError(60015, `Accounts[${i}] must be a string.`);
        (userIdProblem(value) ? failed : ok).push(value);
    });
    ctx.store.importUsers(ok);
    return { FailAccounts: failed };
};
