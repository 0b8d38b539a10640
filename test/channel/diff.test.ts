import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffChannel, assertReplacementAllowed, SETTABLE_FIELDS } from "../../provider/channel/diff";
import { checkChannelInputs, UNKNOWN } from "../../provider/channel/inputs";
import { diff as providerDiff } from "../../provider/channel/operations";

const text = (max: number) => fc.string({ maxLength: max });
const inputsArb = fc.record({
    channelId: fc.stringMatching(/^[a-z0-9_-]{1,20}$/).map((s) => `@TOA#_${s}`),
    owner: fc.stringMatching(/^[a-z0-9]{1,10}$/),
    name: text(20).filter((s) => s.length > 0),
    introduction: text(20),
    faceUrl: text(20),
    maxSubscribers: fc.integer({ min: 1, max: 1_000_000 }),
    organization: text(20),
    customString: text(20),
    adopt: fc.boolean(),
    allowReplace: fc.boolean(),
});
/** State as create leaves it: the checked inputs plus output-only fields and the provider text. */
const stateOf = (inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    ...checkChannelInputs({}, inputs).inputs,
    subscriberCount: 3,
    createTime: 1700000000,
    lastMessageTime: 0,
    __provider: "exports.handler = …",
    ...extra,
});

describe("diff (property-based)", () => {
    it("a state never differs from its own inputs", () => {
        fc.assert(
            fc.property(inputsArb, fc.nat(), fc.nat(), (inputs, subscribers, created) => {
                const news = checkChannelInputs({}, inputs).inputs;
                const result = diffChannel(stateOf(inputs, { subscriberCount: subscribers, createTime: created, __provider: "other text" }), news);
                expect(result).toEqual({ changes: false, changed: [], replaces: [], deleteBeforeReplace: false });
            }),
        );
    });

    it("changing any updatable field is an in-place change, never a replace", () => {
        const updatable = ["name", "introduction", "faceUrl", "organization", "customString", "maxSubscribers"] as const;
        fc.assert(
            fc.property(inputsArb, fc.constantFrom(...updatable), (inputs, field) => {
                const news: Record<string, unknown> = { ...checkChannelInputs({}, inputs).inputs };
                news[field] = field === "maxSubscribers" ? (inputs.maxSubscribers % 999_999) + 2 : `${String(inputs[field])}!`;
                const result = diffChannel(stateOf(inputs), news);
                expect(result.changes).toBe(true);
                expect(result.changed).toEqual([field]);
                expect(result.replaces).toEqual([]);
            }),
        );
    });

    it("an owner change replaces, deleting first because the ID stays the same", () => {
        fc.assert(
            fc.property(inputsArb, (inputs) => {
                const news = { ...checkChannelInputs({}, inputs).inputs, owner: `${inputs.owner}x` };
                expect(diffChannel(stateOf(inputs), news)).toMatchObject({ changes: true, replaces: ["owner"], deleteBeforeReplace: true });
            }),
        );
    });

    it("a channelId change replaces without deleting first (the new ID is free)", () => {
        fc.assert(
            fc.property(inputsArb, (inputs) => {
                const news = { ...checkChannelInputs({}, inputs).inputs, channelId: `${inputs.channelId}2` };
                expect(diffChannel(stateOf(inputs), news)).toMatchObject({ replaces: ["channelId"], deleteBeforeReplace: false });
            }),
        );
    });

    it("any unknown counts as a change; an unknown ID or owner replaces, deleting first", () => {
        fc.assert(
            fc.property(inputsArb, fc.constantFrom(...SETTABLE_FIELDS), (inputs, field) => {
                const news = { ...checkChannelInputs({}, inputs).inputs, [field]: UNKNOWN };
                const result = diffChannel(stateOf(inputs), news);
                expect(result.changed).toEqual([field]);
                const replaces = field === "channelId" || field === "owner";
                expect(result.replaces).toEqual(replaces ? [field] : []);
                expect(result.deleteBeforeReplace).toBe(replaces);
            }),
        );
    });

    it("ignores output-only fields, __provider and the adopt/allowReplace flags", () => {
        fc.assert(
            fc.property(inputsArb, fc.boolean(), fc.boolean(), (inputs, adopt, allowReplace) => {
                const news = { ...checkChannelInputs({}, inputs).inputs, adopt, allowReplace };
                expect(diffChannel(stateOf(inputs, { subscriberCount: 99, lastMessageTime: 5, __provider: "new" }), news).changes).toBe(false);
            }),
        );
    });

    it("treats fields missing from older state as their defaults, so upgrades cause no diff", () => {
        const news = checkChannelInputs({}, { channelId: "@TOA#_a", owner: "o", name: "n" }).inputs;
        expect(diffChannel({ channelId: "@TOA#_a", owner: "o", name: "n" }, news).changes).toBe(false);
    });
});

describe("replacement guard", () => {
    const inputs = { channelId: "@TOA#_news", owner: "ops", name: "News" };
    const news = { ...checkChannelInputs({}, inputs).inputs, owner: "ops2" };

    it("refuses to replace a channel that has subscribers, saying how many and how to allow it", () => {
        const olds = stateOf(inputs, { subscriberCount: 1234 });
        expect(() => providerDiff("@TOA#_news", olds, news)).toThrow(/1234 subscribers.*allowReplace: true/s);
    });

    it("allows the replacement when allowReplace is true", () => {
        const olds = stateOf(inputs, { subscriberCount: 1234 });
        expect(providerDiff("@TOA#_news", olds, { ...news, allowReplace: true })).toMatchObject({ replaces: ["owner"] });
    });

    it("proceeds when the channel has no subscribers", () => {
        const olds = stateOf(inputs, { subscriberCount: 0 });
        expect(providerDiff("@TOA#_news", olds, news)).toMatchObject({ changes: true, replaces: ["owner"], deleteBeforeReplace: true });
    });

    it("never blocks in-place updates", () => {
        const olds = stateOf(inputs, { subscriberCount: 10 });
        const result = diffChannel(olds, { ...checkChannelInputs({}, inputs).inputs, name: "x" });
        expect(() => assertReplacementAllowed(olds, { name: "x" }, result)).not.toThrow();
    });
});
