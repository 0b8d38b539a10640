import { describe, expect, it } from "vitest";
import { checkChannelInputs, autoChannelId } from "../../provider/channel/inputs";
import { UNKNOWN } from "../../provider/kit/unknown";

const valid = { channelId: "@TOA#_news", owner: "ops", name: "Company News" };

const cjk = (n: number) => "新".repeat(n); // 3 bytes each
const emoji = (n: number) => "📣".repeat(n); // 4 bytes each

/** [what, inputs, failing property, substrings the reason must contain] */
const BAD_INPUTS: Array<[string, Record<string, unknown>, string, string[]]> = [
    ["name missing", { channelId: "@TOA#_a", owner: "ops" }, "name", ["required"]],
    ["owner missing", { channelId: "@TOA#_a", name: "n" }, "owner", ["required"]],
    ["name empty", { ...valid, name: "" }, "name", ["empty", "150 bytes"]],
    ["name 151 ASCII bytes", { ...valid, name: "a".repeat(151) }, "name", ["150 bytes", "got 151 bytes"]],
    ["name 51 CJK characters (153 bytes)", { ...valid, name: cjk(51) }, "name", ["150 bytes", "153 bytes (51 characters)"]],
    ["name 38 emoji (152 bytes)", { ...valid, name: emoji(38) }, "name", ["150 bytes", "152 bytes (38 characters)"]],
    ["name a number", { ...valid, name: 42 }, "name", ["string", "150 bytes", "number 42"]],
    ["introduction 134 CJK (402 bytes)", { ...valid, introduction: cjk(134) }, "introduction", ["400 bytes", "402 bytes"]],
    ["introduction 101 emoji (404 bytes)", { ...valid, introduction: emoji(101) }, "introduction", ["400 bytes", "404 bytes"]],
    ["introduction an array", { ...valid, introduction: ["x"] }, "introduction", ["string", "an array"]],
    ["faceUrl 501 bytes", { ...valid, faceUrl: "https://x/" + "a".repeat(491) }, "faceUrl", ["500 bytes", "501 bytes"]],
    ["faceUrl boolean", { ...valid, faceUrl: true }, "faceUrl", ["string", "boolean true"]],
    ["organization 167 CJK (501 bytes)", { ...valid, organization: cjk(167) }, "organization", ["500 bytes", "501 bytes"]],
    ["customString 3001 bytes", { ...valid, customString: "x".repeat(3001) }, "customString", ["3000 bytes", "3001 bytes"]],
    ["customString 1001 CJK (3003 bytes)", { ...valid, customString: cjk(1001) }, "customString", ["3000 bytes", "3003 bytes"]],
    ["maxSubscribers zero", { ...valid, maxSubscribers: 0 }, "maxSubscribers", ["at least 1", "0"]],
    ["maxSubscribers fractional", { ...valid, maxSubscribers: 1.5 }, "maxSubscribers", ["whole number", "1.5"]],
    ["maxSubscribers a string", { ...valid, maxSubscribers: "lots" }, "maxSubscribers", ["whole number", 'string "lots"']],
    ["channelId without the prefix", { ...valid, channelId: "news" }, "channelId", ['start with "@TOA#_"', "48 bytes"]],
    ["channelId with the reserved prefix", { ...valid, channelId: "@TOA#_@TOA#abc" }, "channelId", ["@TOA#_@TOA#", "reserved"]],
    ["channelId exactly the reserved string", { ...valid, channelId: "@TOA#_@TOA#" }, "channelId", ["reserved"]],
    ["channelId with CJK", { ...valid, channelId: "@TOA#_新闻" }, "channelId", ["printable ASCII", "12"]],
    ["channelId with a tab", { ...valid, channelId: "@TOA#_a\tb" }, "channelId", ["printable ASCII"]],
    ["channelId 49 bytes", { ...valid, channelId: "@TOA#_" + "a".repeat(43) }, "channelId", ["48 bytes", "got 49"]],
    ["channelId only the prefix", { ...valid, channelId: "@TOA#_" }, "channelId", ["at least one character"]],
    ["channelId a number", { ...valid, channelId: 7 }, "channelId", ["string", "number 7"]],
    ["owner 33 bytes", { ...valid, owner: "o".repeat(33) }, "owner", ["32 bytes", "33 bytes"]],
    ["owner 11 CJK (33 bytes)", { ...valid, owner: cjk(11) }, "owner", ["32 bytes", "33 bytes (11 characters)"]],
    ["owner empty", { ...valid, owner: "" }, "owner", ["empty", "32 bytes"]],
    ["adopt a string", { ...valid, adopt: "yes" }, "adopt", ["true or false", 'string "yes"']],
    ["allowReplace a number", { ...valid, allowReplace: 1 }, "allowReplace", ["true or false", "number 1"]],
];

describe("check rejects bad input with field, limit and size", () => {
    it.each(BAD_INPUTS)("%s", (_what, news, property, expected) => {
        const { failures } = checkChannelInputs({}, news);
        const failure = failures.find((f) => f.property === property);
        expect(failure, JSON.stringify(failures)).toBeDefined();
        for (const text of expected) expect(failure!.reason).toContain(text);
    });

    it("covers at least 25 bad inputs", () => {
        expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(25);
    });

    it("reports every failure at once, not just the first", () => {
        const { failures } = checkChannelInputs({}, { channelId: "x", owner: "", name: cjk(60), maxSubscribers: -1 });
        expect(failures.map((f) => f.property).sort()).toEqual(["channelId", "maxSubscribers", "name", "owner"]);
    });
});

describe("check accepts values exactly at the limits", () => {
    it("passes every field at its byte limit, in CJK and emoji", () => {
        const { failures } = checkChannelInputs(
            {},
            {
                channelId: "@TOA#_" + "a".repeat(42),
                owner: "o".repeat(32),
                name: cjk(50),
                introduction: emoji(100),
                faceUrl: "h".repeat(500),
                organization: cjk(166) + "ab",
                customString: cjk(1000),
                maxSubscribers: 1,
            },
        );
        expect(failures).toEqual([]);
    });

    it("allows a space in the channel ID (printable ASCII)", () => {
        expect(checkChannelInputs({}, { ...valid, channelId: "@TOA#_company news" }).failures).toEqual([]);
    });
});

describe("check fills defaults and names channels", () => {
    it("fills every optional field so state is fully specified", () => {
        const { inputs } = checkChannelInputs({}, valid);
        expect(inputs).toEqual({
            ...valid,
            introduction: "",
            faceUrl: "",
            maxSubscribers: 100000,
            organization: "",
            customString: "",
            adopt: false,
            allowReplace: false,
        });
    });

    it("auto-names a channel from the logical name with a random suffix and keeps the hint, so diff knows the ID is auto-named", () => {
        const { inputs, failures } = checkChannelInputs({}, { owner: "ops", name: "n", nameHint: "news" });
        expect(failures).toEqual([]);
        expect(inputs.channelId).toMatch(/^@TOA#_news-[a-z0-9]{7}$/);
        expect(inputs.nameHint).toBe("news");
    });

    it("drops the hint when an explicit channelId is given", () => {
        expect(
            checkChannelInputs({}, { channelId: "@TOA#_x", owner: "ops", name: "n", nameHint: "news" }).inputs,
        ).not.toHaveProperty("nameHint");
    });

    it("gives an auto-named channel a fresh name when checked without olds, as the engine does before a replacement", () => {
        const first = checkChannelInputs({}, { owner: "ops", name: "n", nameHint: "news" }).inputs;
        const again = checkChannelInputs({}, { owner: "ops2", name: "n", nameHint: "news" }).inputs;
        expect(again.channelId).toMatch(/^@TOA#_news-[a-z0-9]{7}$/);
        expect(again.channelId).not.toBe(first.channelId);
    });

    it("rejects unknown input fields, suggesting the field meant", () => {
        const { failures } = checkChannelInputs(
            {},
            { channelId: "@TOA#_x", ownr: "ops", name: "n", max_subscribers: 5, colour: "red" },
        );
        expect(failures).toEqual(
            expect.arrayContaining([
                { property: "ownr", reason: "is not an input of OfficialChannel; did you mean `owner`?" },
                { property: "max_subscribers", reason: "is not an input of OfficialChannel; did you mean `maxSubscribers`?" },
                expect.objectContaining({
                    property: "colour",
                    reason: expect.stringMatching(/^is not an input of OfficialChannel; expected one of `channelId`, `owner`/),
                }),
                { property: "owner", reason: "is required" },
            ]),
        );
    });

    it("accepts the internal inputs the resource class adds", () => {
        const { failures } = checkChannelInputs(
            {},
            { owner: "ops", name: "n", nameHint: "news", __urn: "urn:pulumi:dev::p::t::news", __provider: "exports.handler = …" },
        );
        expect(failures).toEqual([]);
    });

    it.each([NaN, Infinity, -Infinity])("says %s is not a finite number", (value) => {
        const { failures } = checkChannelInputs({}, { channelId: "@TOA#_x", owner: "ops", name: "n", maxSubscribers: value });
        expect(failures).toEqual([
            { property: "maxSubscribers", reason: expect.stringContaining(`${value}, which is not a finite number`) },
        ]);
    });

    it("keeps the auto-name from the previous inputs on later checks", () => {
        const first = checkChannelInputs({}, { owner: "ops", name: "n", nameHint: "news" }).inputs;
        const second = checkChannelInputs(first, { owner: "ops", name: "renamed", nameHint: "news" }).inputs;
        expect(second.channelId).toBe(first.channelId);
    });

    it("keeps auto-names printable ASCII, within 48 bytes and off the reserved prefix", () => {
        for (const logical of ["a".repeat(200), "新闻频道", "@TOA#weird", "tab\there"]) {
            const id = autoChannelId(logical);
            expect(id.length).toBeLessThanOrEqual(48);
            expect(id).toMatch(/^@TOA#_[\x20-\x7e]+$/);
            expect(id.startsWith("@TOA#_@TOA#")).toBe(false);
            expect(checkChannelInputs({}, { owner: "o", name: "n", channelId: id }).failures).toEqual([]);
        }
    });

    it("passes preview unknowns through untouched and unvalidated", () => {
        const { inputs, failures } = checkChannelInputs({}, { ...valid, name: UNKNOWN, maxSubscribers: UNKNOWN, owner: UNKNOWN });
        expect(failures).toEqual([]);
        expect(inputs.name).toBe(UNKNOWN);
        expect(inputs.maxSubscribers).toBe(UNKNOWN);
        expect(inputs.owner).toBe(UNKNOWN);
    });
});
