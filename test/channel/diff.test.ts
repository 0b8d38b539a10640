import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffChannel, SETTABLE_FIELDS } from "../../provider/channel/diff";
import { checkChannelInputs } from "../../provider/channel/inputs";
import { UNKNOWN } from "../../provider/kit/unknown";

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
const stateOf = (inputs: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
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
                const result = diffChannel(
                    stateOf(inputs, { subscriberCount: subscribers, createTime: created, __provider: "other text" }),
                    news,
                );
                expect(result).toEqual({
                    changes: false,
                    changed: [],
                    replaces: [],
                    deleteBeforeReplace: false,
                    unresolved: [],
                    autoNamed: false,
                });
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
                expect(diffChannel(stateOf(inputs), news)).toMatchObject({
                    changes: true,
                    replaces: ["owner"],
                    deleteBeforeReplace: true,
                });
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
                expect(
                    diffChannel(stateOf(inputs, { subscriberCount: 99, lastMessageTime: 5, __provider: "new" }), news).changes,
                ).toBe(false);
            }),
        );
    });

    it("treats fields missing from older state as their defaults, so upgrades cause no diff", () => {
        const news = checkChannelInputs({}, { channelId: "@TOA#_a", owner: "o", name: "n" }).inputs;
        expect(diffChannel({ channelId: "@TOA#_a", owner: "o", name: "n" }, news).changes).toBe(false);
    });
});

describe("diff with incomplete sides (hand-edited state, an older shape, refresh)", () => {
    const inputs = { channelId: "@TOA#_news", owner: "ops", name: "News" };
    const news = checkChannelInputs({}, inputs).inputs;

    it("takes the channel ID from the resource id when the state lacks it: no replacement", () => {
        const { channelId: _, ...olds } = stateOf(inputs);
        expect(diffChannel(olds, news, "@TOA#_news")).toMatchObject({ changes: false, replaces: [], unresolved: [] });
    });

    it("never plans a replacement from a missing old owner: it is left for the live channel to settle", () => {
        const { owner: _, ...olds } = stateOf(inputs);
        expect(diffChannel(olds, news, "@TOA#_news")).toMatchObject({ changes: false, replaces: [], unresolved: ["owner"] });
        expect(diffChannel({ ...olds, owner: "ops2" }, news, "@TOA#_news")).toMatchObject({ replaces: ["owner"] });
    });

    it("never plans a replacement from a missing new value (refresh passes the old inputs as news)", () => {
        const { owner: _o, channelId: _c, ...oldInputs } = news;
        expect(diffChannel(stateOf(inputs), oldInputs, "@TOA#_news")).toMatchObject({ replaces: [], unresolved: [] });
    });

    it("shows drift on ordinary fields inside a refresh (olds = refreshed outputs, news = old inputs) as a change, not a replace", () => {
        const refreshed = stateOf({ ...inputs, name: "Edited in console" }, { subscriberCount: 2 });
        expect(diffChannel(refreshed, news, "@TOA#_news")).toMatchObject({
            changes: true,
            changed: ["name"],
            replaces: [],
            deleteBeforeReplace: false,
        });
    });
});

describe("replacement order", () => {
    const table: Array<[string, Record<string, unknown>, Record<string, unknown>, boolean]> = [
        ["explicit ID, owner changes: delete first (two channels cannot share the ID)", {}, { owner: "ops2" }, true],
        ["explicit ID changes to a known new one: create first", {}, { channelId: "@TOA#_news2" }, false],
        ["explicit ID becomes unknown in preview: delete first (it may be the same)", {}, { channelId: UNKNOWN }, true],
        [
            "auto-named, owner changes: create first (the replacement gets a fresh name)",
            { nameHint: "news" },
            { owner: "ops2" },
            false,
        ],
        ["auto-named, owner unknown in preview: create first", { nameHint: "news" }, { owner: UNKNOWN }, false],
    ];
    it.each(table)("%s", (_title, declared, change, deleteFirst) => {
        const checked = checkChannelInputs(
            { channelId: "@TOA#_news" },
            { owner: "ops", name: "News", ...(declared.nameHint ? declared : { channelId: "@TOA#_news" }) },
        ).inputs;
        const olds = stateOf({ channelId: "@TOA#_news", owner: "ops", name: "News" });
        const result = diffChannel(olds, { ...checked, ...change }, "@TOA#_news");
        expect(result.replaces.length).toBeGreaterThan(0);
        expect(result.deleteBeforeReplace).toBe(deleteFirst);
        expect(result.autoNamed).toBe(declared.nameHint !== undefined);
    });
});
