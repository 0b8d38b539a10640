/** The plugin's own pure parts: auto-naming, import ids, provider settings, secret handling. */
import { describe, expect, it } from "vitest";
import { autoName, seededSuffix } from "../../provider/plugin/autoname";
import { checkConfig, diffConfig } from "../../provider/plugin/config";
import { subscriptionIdCandidates } from "../../provider/subscription/inputs";
import { rewrap, Scrubber, secret, secretValues, unwrap } from "../../provider/plugin/values";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const seed = new Uint8Array([1, 2, 3]);

describe("autoName", () => {
    it.each([
        [
            "no autonaming: logical name and a suffix from the seed",
            { name: "alerts", randomSeed: seed },
            { channelId: `@TOA#_alerts-${seededSuffix(seed)}` },
        ],
        [
            "a proposed name gets the channel prefix",
            { name: "alerts", randomSeed: seed, autonaming: { proposedName: "dev-alerts", mode: "propose" as const } },
            { channelId: "@TOA#_dev-alerts" },
        ],
        [
            "a proposed full ID is kept",
            { name: "a", randomSeed: seed, autonaming: { proposedName: "@TOA#_x", mode: "enforce" as const } },
            { channelId: "@TOA#_x" },
        ],
        [
            "an unusable proposal falls back to the seed under propose",
            { name: "a", randomSeed: seed, autonaming: { proposedName: "ü", mode: "propose" as const } },
            { channelId: `@TOA#_a-${seededSuffix(seed)}` },
        ],
    ])("%s", (_title, naming, expected) => {
        expect(autoName(naming)).toEqual(expected);
    });

    it.each([
        [
            "enforce with an unusable name",
            { name: "a", randomSeed: seed, autonaming: { proposedName: "x".repeat(60), mode: "enforce" as const } },
            /must be at most 48 bytes/,
        ],
        [
            "disabled",
            { name: "a", randomSeed: seed, autonaming: { proposedName: "", mode: "disable" as const } },
            /disables auto-naming/,
        ],
        ["no seed from an old engine", { name: "a", randomSeed: new Uint8Array() }, /no random seed/],
    ])("fails clearly: %s", (_title, naming, reason) => {
        const result = autoName(naming);
        expect("failure" in result && result.failure).toMatch(reason);
    });

    it("derives the suffix from every byte of the seed", () => {
        expect(seededSuffix(new Uint8Array([1, 2, 3]))).not.toBe(seededSuffix(new Uint8Array([1, 2, 4])));
        expect(seededSuffix(seed)).toMatch(/^[a-z0-9]{7}$/);
    });
});

describe("subscriptionIdCandidates", () => {
    it.each([
        ["@TOA#_news/u1", [{ channelId: "@TOA#_news", userId: "u1" }]],
        [
            "@TOA#_a/b/u1",
            [
                { channelId: "@TOA#_a", userId: "b/u1" },
                { channelId: "@TOA#_a/b", userId: "u1" },
            ],
        ],
        ["@TOA#_@TOA#123/u1", [{ channelId: "@TOA#_@TOA#123", userId: "u1" }]],
        ["u1", []],
        ["@TOA#_news/", []],
        ["news/u1", []],
        [`@TOA#_news/${"u".repeat(33)}`, []],
    ])("%s", (id, expected) => {
        expect(subscriptionIdCandidates(id)).toEqual(expected);
    });
});

describe("provider settings", () => {
    const full = { sdkAppId: "1400000000", secretKey: "k".repeat(64), endpoint: "http://127.0.0.1:9" };

    it("accepts complete settings, a numeric SDKAppID, and unknown ones until they are known", () => {
        expect(checkConfig(full, {})).toEqual([]);
        expect(checkConfig({ ...full, sdkAppId: 1400000000 }, {})).toEqual([]);
        expect(checkConfig({ sdkAppId: UNKNOWN }, {})).toEqual([]);
    });

    it("takes what the provider lacks from TENCENT_CHAT_*", () => {
        expect(
            checkConfig(
                { sdkAppId: "1400000000" },
                { TENCENT_CHAT_SECRET_KEY: "k".repeat(64), TENCENT_CHAT_REGION: "singapore" },
            ),
        ).toEqual([]);
    });

    it("names each bad setting on its own, without echoing the key", () => {
        const failures = checkConfig({ sdkAppId: "abc", secretKey: "k".repeat(64), region: "mars" }, {});
        expect(failures.map((f) => f.property)).toEqual(["sdkAppId", "region"]);
        expect(JSON.stringify(failures)).not.toContain("k".repeat(64));
    });

    it("diffs only the settings, never tuning knobs or the engine's version", () => {
        expect(diffConfig(full, { ...full, version: "1.2.3", retryBaseMs: "1" })).toEqual({ changed: [] });
        expect(diffConfig(full, { ...full, secretKey: "x" })).toEqual({ changed: ["secretKey"] });
        expect(diffConfig(full, { ...full, endpoint: UNKNOWN })).toEqual({ changed: ["endpoint"] });
        expect(diffConfig({ ...full, sdkAppId: 1400000000 }, full)).toEqual({ changed: [] });
    });
});

describe("secret values", () => {
    it("unwraps secrets (also inside lists and objects) and output values, remembering which properties were secret", () => {
        const output = { "4dabf18193072939515e22adb298388d": "d0e6a833031e9bbcd3f4e8bde6ca49a4", secret: true, value: "v" };
        const unknownOutput = { "4dabf18193072939515e22adb298388d": "d0e6a833031e9bbcd3f4e8bde6ca49a4" };
        const { plain, secrets } = unwrap({ a: secret("s"), b: ["x", secret("y")], c: "plain", d: output, e: unknownOutput });
        expect(plain).toEqual({ a: "s", b: ["x", "y"], c: "plain", d: "v", e: UNKNOWN });
        expect([...secrets].sort()).toEqual(["a", "b", "d"]);
        expect(rewrap({ a: "s2", c: "p", z: undefined }, secrets)).toEqual({ a: secret("s2"), c: "p", z: undefined });
    });
});

describe("secret values in messages", () => {
    const scrubberOf = (props: Record<string, unknown>) => {
        const scrubber = new Scrubber();
        scrubber.add(secretValues(props));
        return scrubber;
    };

    it("finds every string, number and key inside secret wrappers, at any depth, and nothing outside them", () => {
        expect(secretValues({ a: secret({ k: ["v", 7] }), b: "plain", c: [{ d: secret("s") }] })).toEqual(["k", "v", "7", "s"]);
    });

    it("masks a secret as is, JSON-escaped, terminal-escaped and cut short by echo", () => {
        const scrubber = scrubberOf({ owner: secret('to"p\x1bsecret-value') });
        expect(scrubber.scrub('got "to\\"p\\x1bsecret-value" and to"p\x1bsecret-value')).toBe('got "[secret]" and [secret]');
        expect(scrubber.scrub('got object {"token":"to\\"p\\x1bsec… (133 bytes in all)')).toBe(
            'got object {"token":"[secret]… (133 bytes in all)',
        );
    });

    it("never masks inside a mark: a one-letter secret leaves [secret] whole", () => {
        const scrubber = scrubberOf({ a: secret("secret-long"), b: secret("e") });
        expect(scrubber.scrub("got secret-long and e")).toBe("got [secret] and [secret]");
    });

    it("masks numbers and booleans only as whole words", () => {
        const scrubber = scrubberOf({ maxSubscribers: secret(1) });
        expect(scrubber.scrub("must be a whole number of at least 1 (got 1)")).toBe(
            "must be a whole number of at least [secret] (got [secret])",
        );
        expect(scrubber.scrub("limit 100, id @TOA#_a1, version 1.2")).toBe("limit 100, id @TOA#_a1, version 1.2");
    });
});
