/**
 * Issue 18, read results: an item of get_official_account_info that does not name its channel is a
 * protocol error, never matched by its position (a broken server would make drift attribute one
 * channel's name to another), and impossible numbers (`SubscriberNum: "-5"`) are refused.
 * Against a fake server on 127.0.0.1 that answers as a broken one would.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createChatClient } from "../../provider/api/client";
import { closeAllPools } from "../../provider/api/transport";
import { ok, startFakeServer, type FakeServer } from "../support/fake-server";

const KEY = "read-hygiene-secret-key-0123456789abcdef";
const ADVICE = "The API answered in an unexpected format";

let server: FakeServer;
beforeAll(async () => {
    server = await startFakeServer();
});
afterEach(() => closeAllPools());
afterAll(() => server?.stop());

const client = () =>
    createChatClient({ sdkAppId: 1400000000, secretKey: KEY, endpoint: server.url, callsPerSecond: 0, retryBudgetMs: 1 });
const failure = (promise: Promise<unknown>) =>
    promise.then(
        () => {
            throw new Error("expected a failure");
        },
        (e: unknown) => (e as Error).message,
    );

describe("get_official_account_info items are matched by the channel they name, never by position", () => {
    it("fails the read when an item does not name its channel, instead of giving @TOA#_a the name of whatever came first", async () => {
        server.answer(() =>
            ok({
                OfficialAccountInfoList: [
                    { Name: "Payroll", Owner_Account: "hr" },
                    { Official_Account: "@TOA#_b", Name: "B", Owner_Account: "ops" },
                ],
            }),
        );
        // Before: @TOA#_a was reported as named "Payroll", owned by hr.
        const message = await failure(client().getChannels(["@TOA#_a", "@TOA#_b"]));
        expect(message).toMatch(
            /^get_official_account_info failed: unexpected response shape \(OfficialAccountInfoList\.0\.Official_Account: missing: every item must name its channel, and items are never matched by their position\)\. /,
        );
        expect(message).toContain(ADVICE);
    });

    it("an errored item without its channel is refused too, not taken as the first ID's 'not found'", async () => {
        server.answer(() => ok({ OfficialAccountInfoList: [{ ErrorCode: 130004, ErrorInfo: "gone" }] }));
        const message = await failure(client().getChannels(["@TOA#_a"]));
        expect(message).toMatch(/OfficialAccountInfoList\.0\.Official_Account: missing: every item must name its channel/);
    });

    it("a channel the answer does not name is reported as missing from the answer, even when another item is there", async () => {
        server.answer(() => ok({ OfficialAccountInfoList: [{ Official_Account: "@TOA#_other", Name: "Other" }] }));
        const [lookup] = await client().getChannels(["@TOA#_a"]);
        expect(lookup).toMatchObject({ channelId: "@TOA#_a" });
        expect(lookup && "error" in lookup ? lookup.error.message : "").toBe(
            'get_official_account_info returned no entry for "@TOA#_a"; this is unexpected, please report it.',
        );
    });

    it("a subscribed-list item without its channel fails the listing rather than becoming a channel with an empty ID", async () => {
        server.answer(() => ok({ CompleteFlag: 1, OfficialAccountInfoList: [{ Name: "X", SelfInfo: {} }] }));
        expect(await failure(client().getSubscribedChannels("u1"))).toMatch(
            /^get_subscribed_official_account_list failed: unexpected response shape \(OfficialAccountInfoList\.0\.Official_Account: missing/,
        );
    });
});

describe("impossible numbers are refused", () => {
    it.each([
        ["SubscriberNum", "-5", '"-5"'],
        ["SubscriberNum", -5, "-5"],
        ["SubscriberNum", 2.5, "2.5"],
        ["SubscriberNum", 1e300, "1e+300"],
        ["CreateTime", -1, "-1"],
    ])("%s: %s fails the read, naming the field and the value", async (field, value, shown) => {
        server.answer(() => ok({ OfficialAccountInfoList: [{ Official_Account: "@TOA#_a", Name: "A", [field]: value }] }));
        expect(await failure(client().getChannels(["@TOA#_a"]))).toMatch(
            new RegExp(
                `^get_official_account_info failed: unexpected response shape \\(OfficialAccountInfoList\\.0\\.${field}: must be a whole number of 0 or more \\(got ${shown.replace(/[.+]/g, "\\$&")}\\)\\)\\. `,
            ),
        );
    });

    it("a negative TotalCount or Next in the subscribed list fails the listing", async () => {
        server.answer(() => ok({ TotalCount: -3, CompleteFlag: 1, OfficialAccountInfoList: [] }));
        expect(await failure(client().getSubscribedChannels("u1"))).toMatch(
            /TotalCount: must be a whole number of 0 or more \(got -3\)/,
        );
        server.answer(() => ok({ CompleteFlag: 0, Next: "-200", OfficialAccountInfoList: [] }));
        expect(await failure(client().getSubscribedChannels("u1"))).toMatch(
            /Next: must be a whole number of 0 or more \(got "-200"\)/,
        );
    });

    it("counts sent as strings of digits still read as numbers", async () => {
        server.answer(() =>
            ok({ OfficialAccountInfoList: [{ Official_Account: "@TOA#_a", SubscriberNum: "12", CreateTime: "1700000000" }] }),
        );
        const [lookup] = await client().getChannels(["@TOA#_a"]);
        expect(lookup && "channel" in lookup ? lookup.channel : undefined).toEqual({
            channelId: "@TOA#_a",
            subscriberCount: 12,
            createTime: 1700000000,
        });
    });
});
