/**
 * Account import (im_open_login_svc), so owners and subscribers can be imported the way they are
 * on the real service before channels refer to them.
 */
import { TencentCode } from "../provider/tencent/codes";
import { ACCOUNT_STATUS, MAX_ACCOUNTS_PER_CHECK } from "../provider/tencent/wire";
import type { CommandHandler } from "./context";
import { ApiError } from "./envelope";
import { requireArray, requireString, userIdProblem } from "./fields";

/** account_import: imports one UserID (Identifier), so it can own channels and subscribe. */
export const accountImport: CommandHandler = (body, ctx) => {
    // Current docs name the field UserID; older ones (and older SDKs) use Identifier.
    const field = body.UserID === undefined && body.Identifier !== undefined ? "Identifier" : "UserID";
    const userId = requireString(body, field, { account: true });
    const problem = userIdProblem(userId);
    // UNCERTAIN: account_import has its own error codes that the API doc does not cover; 6017 is
    // the documented "invalid parameter" code.
    if (problem) throw new ApiError(TencentCode.INVALID_PARAMETER, `${field} "${userId}" ${problem}.`);
    ctx.store.importUsers([userId]);
    return {};
};

/** multiaccount_import: imports 1–100 UserIDs (Accounts) at once; the client's `importAccounts` uses it. */
export const multiaccountImport: CommandHandler = (body, ctx) => {
    const accounts = requireArray(body, "Accounts");
    // UNCERTAIN: the public docs cap a batch at 100 accounts.
    if (accounts.length === 0 || accounts.length > 100) {
        throw new ApiError(TencentCode.INVALID_PARAMETER, `Accounts must list 1 to 100 UserIDs (got ${accounts.length}).`);
    }
    const failed: string[] = [];
    const ok: string[] = [];
    accounts.forEach((value, i) => {
        if (typeof value !== "string") throw new ApiError(TencentCode.ACCOUNT_NOT_STRING, `Accounts[${i}] must be a string.`);
        (userIdProblem(value) ? failed : ok).push(value);
    });
    ctx.store.importUsers(ok);
    return { FailAccounts: failed };
};

/** §2.12: whether each UserID is imported; a malformed item gets its own ResultCode, as the per-item convention goes. */
export const accountCheck: CommandHandler = (body, ctx) => {
    const items = requireArray(body, "CheckItem");
    if (items.length === 0 || items.length > MAX_ACCOUNTS_PER_CHECK) {
        throw new ApiError(
            TencentCode.INVALID_PARAMETER,
            `CheckItem must list 1 to ${MAX_ACCOUNTS_PER_CHECK} items (got ${items.length}).`,
        );
    }
    const imported = new Set(ctx.store.users());
    const ResultItem = items.map((item, i) => {
        const userId = typeof item === "object" && item !== null ? (item as Record<string, unknown>).UserID : undefined;
        if (typeof userId !== "string")
            throw new ApiError(TencentCode.ACCOUNT_NOT_STRING, `CheckItem[${i}].UserID must be a string.`);
        // UNCERTAIN: the per-item code for an invalid UserID is undocumented; 6017 is "invalid parameter".
        const problem = userIdProblem(userId);
        if (problem)
            return {
                UserID: userId,
                ResultCode: TencentCode.INVALID_PARAMETER,
                ResultInfo: `UserID ${problem}.`,
                AccountStatus: "",
            };
        return {
            UserID: userId,
            ResultCode: 0,
            ResultInfo: "",
            AccountStatus: imported.has(userId) ? ACCOUNT_STATUS.imported : ACCOUNT_STATUS.notImported,
        };
    });
    return { ResultItem };
};
