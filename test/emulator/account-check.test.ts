/** account_check (§2.12) on the emulator, from outside (plain fetch) and through our client. */
import { describe, expect, it } from "vitest";
import { createChatClient } from "../../provider/api/client";
import { emulatorsPerTest } from "./helpers";

const emulator = emulatorsPerTest();
const ACCOUNTS = { service: "im_open_login_svc" };

describe("account_check", () => {
    it("answers Imported / NotImported per item, and a per-item code for a malformed UserID", async () => {
        const { api } = await emulator({ users: ["ops"] });
        const r = await api.call(
            "account_check",
            { CheckItem: [{ UserID: "ops" }, { UserID: "ghost" }, { UserID: "x".repeat(33) }] },
            ACCOUNTS,
        );
        expect(r).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
        expect(r.ResultItem).toEqual([
            { UserID: "ops", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
            { UserID: "ghost", ResultCode: 0, ResultInfo: "", AccountStatus: "NotImported" },
            { UserID: "x".repeat(33), ResultCode: 6017, ResultInfo: "UserID is 33 bytes; the limit is 32.", AccountStatus: "" },
        ]);
    });

    it("takes 1 to 100 items per call", async () => {
        const { api } = await emulator();
        const items = (n: number) => Array.from({ length: n }, (_, i) => ({ UserID: `u${i}` }));
        expect((await api.call("account_check", { CheckItem: items(100) }, ACCOUNTS)).ErrorCode).toBe(0);
        expect(await api.call("account_check", { CheckItem: items(101) }, ACCOUNTS)).toMatchObject({
            ErrorCode: 6017,
            ErrorInfo: expect.stringContaining("1 to 100 items (got 101)"),
        });
        expect((await api.call("account_check", { CheckItem: [] }, ACCOUNTS)).ErrorCode).toBe(6017);
    });

    it("allows 100 calls per second, not the 200 of the channel commands", async () => {
        const frozen = Date.now();
        const { emu, api } = await emulator({ nowMs: () => frozen });
        const results = await Promise.all(
            Array.from({ length: 110 }, () => api.call("account_check", { CheckItem: [{ UserID: "ops" }] }, ACCOUNTS)),
        );
        expect(results.filter((r) => r.ErrorCode === 0)).toHaveLength(100);
        expect(results.filter((r) => r.ErrorCode === 60007)[0]).toMatchObject({
            ErrorInfo: expect.stringContaining("account_check allows 100 calls per second"),
        });
        expect(emu.stats().rateLimited).toBe(10);
    });

    it("is checkAccounts on the client: chunks of 100, one answer per UserID in order", async () => {
        const { emu } = await emulator({ users: ["ops", "u150"] });
        const client = createChatClient({
            sdkAppId: emu.settings.sdkAppId,
            secretKey: emu.settings.secretKey,
            endpoint: emu.url,
        });
        const ids = ["ops", ...Array.from({ length: 149 }, (_, i) => `u${i + 2}`), "bad".repeat(11)];
        const answers = await client.checkAccounts(ids);
        expect(answers).toHaveLength(151);
        expect(answers[0]).toEqual({ userId: "ops", status: "imported" });
        expect(answers[1]).toEqual({ userId: "u2", status: "notImported" });
        expect(answers.find((a) => a.userId === "u150")).toEqual({ userId: "u150", status: "imported" });
        expect(answers[150]).toEqual({
            userId: "bad".repeat(11),
            status: "unknown",
            problem: expect.stringContaining("ResultCode 6017"),
        });
        expect(client.callCounts().account_check).toBe(2);
    });
});
