/** ChannelSubscription's pure rules: check (validation, defaults, unknowns), diff, and refusal messages. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/kit/unknown";
import { diffSubscription } from "../../provider/subscription/diff";
import { refusalError } from "../../provider/subscription/errors";
import { subscribableChannelIdProblem } from "../../provider/fields/subscription";
import { checkSubscriptionInputs, pairOf, subscriptionId } from "../../provider/subscription/inputs";

const reasons = (news: Record<string, unknown>) =>
    Object.fromEntries(checkSubscriptionInputs(news).failures.map((f) => [f.property, f.reason]));

describe("check", () => {
    it('fills customString with "" and adopt with false, and keeps valid inputs as they are', () => {
        expect(checkSubscriptionInputs({ channelId: "@TOA#_news", userId: "u1" })).toEqual({
            inputs: { channelId: "@TOA#_news", userId: "u1", customString: "", adopt: false },
            failures: [],
        });
    });

    it("reports every bad field at once, naming the limit and the actual size", () => {
        const failures = reasons({ channelId: "news", userId: "用户".repeat(6), customString: "字".repeat(1001) });
        expect(failures.channelId).toMatch(/"news" must start with "@TOA#_"/);
        expect(failures.userId).toBe("must be at most 32 bytes, the Chat UserID limit; got 36 bytes (12 characters)");
        expect(failures.customString).toBe("must be at most 3000 bytes in UTF-8; got 3003 bytes (1001 characters)");
    });

    it("requires channelId and userId, and names the type it got", () => {
        expect(reasons({})).toEqual({ channelId: "is required", userId: "is required" });
        expect(reasons({ channelId: 7, userId: "" })).toEqual({
            channelId: 'must be a channel ID string like "@TOA#_news" (got number 7)',
            userId: "must not be empty (limit 32 bytes)",
        });
        expect(reasons({ channelId: "@TOA#_a", userId: ["u1"] }).userId).toBe(
            "must be a Chat UserID, a string of at most 32 bytes (got an array)",
        );
    });

    it("quotes bad values by the one echo rule: cut short with their size, escaped, non-finite numbers named", () => {
        const huge = `@TOA#_${"x".repeat(10_000)}\x1b[31m`;
        const message = reasons({ channelId: huge, userId: "u1" }).channelId!;
        expect(message.startsWith(`"@TOA#_${"x".repeat(74)}…" (10,011 bytes in all) `)).toBe(true);
        expect(message.length).toBeLessThan(300);
        expect(reasons({ channelId: Number.NaN, userId: "u1" }).channelId).toBe(
            'must be a channel ID string like "@TOA#_news" (got NaN, which is not a finite number)',
        );
    });

    it("rejects channel IDs over 48 bytes, with the size", () => {
        expect(reasons({ channelId: `@TOA#_${"x".repeat(43)}`, userId: "u1" }).channelId).toMatch(
            /at most 48 bytes \(got 49\).*this one is 49/,
        );
    });

    it("accepts IDs Tencent assigned (@TOA#_@TOA#…), which can be subscribed to though not chosen", () => {
        expect(subscribableChannelIdProblem("@TOA#_@TOA#dZDP")).toBeUndefined();
        expect(subscribableChannelIdProblem("@TOA#_@TOA#")).toMatch(/reserved/);
        expect(subscribableChannelIdProblem(`@TOA#_@TOA#${"x".repeat(38)}`)).toMatch(/at most 48 bytes \(got 49\)/);
        expect(subscribableChannelIdProblem("@TOA#_@TOA#é")).toMatch(/printable ASCII/);
    });

    it("passes unknown (preview) values through without validating them", () => {
        expect(checkSubscriptionInputs({ channelId: UNKNOWN, userId: "u1", customString: UNKNOWN })).toEqual({
            inputs: { channelId: UNKNOWN, userId: "u1", customString: UNKNOWN, adopt: false },
            failures: [],
        });
    });

    it("names the resource <channelId>/<userId>", () => {
        expect(subscriptionId({ channelId: "@TOA#_news", userId: "u1" })).toBe("@TOA#_news/u1");
    });
});

const state = (extra: Record<string, unknown> = {}) => ({
    channelId: "@TOA#_news",
    userId: "u1",
    customString: "vip",
    subscribeTime: 1_700_000_000,
    __provider: "exports.handler = …",
    ...extra,
});
const news = (extra: Record<string, unknown> = {}) =>
    checkSubscriptionInputs({ channelId: "@TOA#_news", userId: "u1", customString: "vip", ...extra }).inputs;

describe("diff", () => {
    it("never differs from its own inputs, whatever __provider and subscribeTime hold (property)", () => {
        const pair = fc.record({
            channelId: fc.stringMatching(/^[a-z0-9_]{1,20}$/).map((s) => `@TOA#_${s}`),
            userId: fc.stringMatching(/^[a-z0-9]{1,20}$/),
            customString: fc.string({ maxLength: 30 }),
        });
        fc.assert(
            fc.property(pair, fc.nat(), fc.string(), (inputs, time, provider) => {
                const checked = checkSubscriptionInputs(inputs).inputs;
                expect(diffSubscription({ ...checked, subscribeTime: time, __provider: provider }, checked).changes).toBe(false);
            }),
        );
    });

    it("updates in place when only customString changes", () => {
        expect(diffSubscription(state(), news({ customString: "" }))).toEqual({
            changes: true,
            changed: ["customString"],
            replaces: [],
            deleteBeforeReplace: false,
        });
    });

    it('treats a state from before customString existed as ""', () => {
        const { customString: _ignored, ...old } = state();
        expect(diffSubscription(old, news({ customString: "" })).changes).toBe(false);
    });

    it("sees a change when a partial failure left customString unknown (null)", () => {
        expect(diffSubscription(state({ customString: null }), news({ customString: "" })).changed).toEqual(["customString"]);
    });

    it("replaces on a channel or user change, creating the new pair before deleting the old", () => {
        expect(diffSubscription(state(), news({ channelId: "@TOA#_ops" }))).toMatchObject({
            replaces: ["channelId"],
            deleteBeforeReplace: false,
        });
        expect(diffSubscription(state(), news({ userId: "u2" }))).toMatchObject({
            replaces: ["userId"],
            deleteBeforeReplace: false,
        });
    });

    it("deletes first when an unknown value could turn out to be the same pair", () => {
        expect(diffSubscription(state(), news({ channelId: UNKNOWN }))).toMatchObject({
            replaces: ["channelId"],
            deleteBeforeReplace: true,
        });
        // A known different channel makes it a different pair, whatever the unknown user is.
        expect(diffSubscription(state(), news({ channelId: "@TOA#_ops", userId: UNKNOWN }))).toMatchObject({
            deleteBeforeReplace: false,
        });
    });

    it("treats an unknown customString as a change", () => {
        expect(diffSubscription(state(), news({ customString: UNKNOWN })).changed).toEqual(["customString"]);
    });

    it("completes a state without channelId or userId from the id, and never replaces for a missing half", () => {
        const { channelId: _c, ...noChannel } = state();
        const { userId: _u, ...noUser } = state();
        expect(diffSubscription(noChannel, news(), "@TOA#_news/u1")).toMatchObject({ changes: false, replaces: [] });
        expect(diffSubscription(noUser, news(), "@TOA#_news/u1")).toMatchObject({ changes: false, replaces: [] });
        // Without an id to complete it from, the missing half is not a change either.
        expect(diffSubscription(noChannel, news())).toMatchObject({ replaces: [] });
        // Inside a refresh the news are the old inputs, which may lack a half too.
        const { userId: _n, ...oldInputs } = news();
        expect(diffSubscription(state(), oldInputs, "@TOA#_news/u1")).toMatchObject({ replaces: [] });
    });
});

describe("pairOf: the pair a state names, completed from the id only where provable", () => {
    const table: Array<[string, Record<string, unknown>, string | undefined, Record<string, string>]> = [
        ["both in the state", { channelId: "@TOA#_a", userId: "u" }, "ignored", { channelId: "@TOA#_a", userId: "u" }],
        [
            "user from the id around the known channel (which contains /)",
            { channelId: "@TOA#_a/b" },
            "@TOA#_a/b/u/v",
            { channelId: "@TOA#_a/b", userId: "u/v" },
        ],
        ["channel from the id around the known user", { userId: "u" }, "@TOA#_a/b/u", { channelId: "@TOA#_a/b", userId: "u" }],
        ["both from an id with one /", {}, "@TOA#_a/u", { channelId: "@TOA#_a", userId: "u" }],
        ["nothing from an ambiguous id", {}, "@TOA#_a/b/u", {}],
        ["nothing from an id whose one split is no channel ID (the import rule)", {}, "news/u", {}],
        ["nothing from an id that does not fit the known half", { channelId: "@TOA#_x" }, "@TOA#_a/u", { channelId: "@TOA#_x" }],
    ];
    it.each(table)("%s", (_title, props, id, expected) => {
        expect(pairOf(props, id)).toEqual(expected);
    });
});

describe("check's unknown fields", () => {
    it("rejects a misspelt field with a suggestion, and accepts the internal inputs", () => {
        expect(reasons({ channelId: "@TOA#_a", userID: "u1", custom_string: "x", __urn: "urn:x", __provider: "p" })).toEqual({
            userID: "is not an input of ChannelSubscription; did you mean `userId`?",
            custom_string: "is not an input of ChannelSubscription; did you mean `customString`?",
            userId: "is required",
        });
    });
});

describe("why add_subscriber refused", () => {
    const facts = { channelId: "@TOA#_full", userId: "u3" };

    it("says the channel is full when the user is known to be imported", () => {
        const message = refusalError({ ...facts, subscriberCount: 2, userIsImported: true }).message;
        expect(message).toMatch(
            /^Cannot subscribe "u3" to official channel @TOA#_full: the channel is full \(2\/2 subscribers\)/,
        );
        expect(message).toContain("raise maxSubscribers");
        expect(message).not.toContain("import it first");
    });

    it("lists full and not imported as causes when it cannot tell them apart", () => {
        const message = refusalError({ ...facts, subscriberCount: 2, userIsImported: false }).message;
        expect(message).toMatch(/The channel has 2 subscribers/);
        expect(message).toMatch(/1\. the channel may be full \(2\/2 subscribers if its maxSubscribers is 2/);
        expect(message).toMatch(/2\. "u3" may not be an imported Chat user: import it first.*importAccounts\(\["u3"\]\)/);
    });

    it("does not suggest a full channel when it has no subscribers", () => {
        const message = refusalError({ ...facts, subscriberCount: 0, userIsImported: false }).message;
        expect(message).not.toMatch(/(may be|is) full/);
        expect(message).toMatch(/1\. "u3" may not be an imported Chat user/);
    });

    it("counts the subscribers in words that read right for one and for an unknown number", () => {
        expect(refusalError({ ...facts, subscriberCount: 1, userIsImported: false }).message).toContain(
            "The channel has 1 subscriber. ",
        );
        const unknown = refusalError({ ...facts, subscriberCount: undefined, userIsImported: false }).message;
        expect(unknown).toContain("The channel has an unknown number of subscribers. ");
        expect(unknown).toMatch(/1\. the channel may be full \(its subscriber count could not be read\)/);
    });
});
