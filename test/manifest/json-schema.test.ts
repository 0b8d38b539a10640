/** The JSON Schema editors use: generated from check's zod schemas, committed, and never stale. */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { manifestJsonSchema, renderManifestJsonSchema } from "../../provider/manifest/json-schema";
import { AT_THE_LIMITS, EXAMPLE_MANIFEST, repoRoot } from "./helpers";

const COMMITTED = path.join(repoRoot, "schema/channel-manifest.schema.json");

// strict: a schema that strict Ajv accepts carries no keyword typos or type-less constraints.
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(manifestJsonSchema());
const errorsOf = (manifest: unknown) => (validate(manifest) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

describe("manifest JSON Schema", () => {
    it("is committed as schema/channel-manifest.schema.json exactly as generated (run `node dist/provider/manifest/write-schema.js` after a build)", () => {
        expect(readFileSync(COMMITTED, "utf8")).toBe(renderManifestJsonSchema());
    });

    it("is the one the example manifest's first line points editors at", () => {
        const firstLine = readFileSync(EXAMPLE_MANIFEST, "utf8").split("\n")[0]!;
        const match = /^# yaml-language-server: \$schema=(.+)$/.exec(firstLine);
        expect(match).not.toBeNull();
        expect(path.resolve(path.dirname(EXAMPLE_MANIFEST), match![1]!)).toBe(COMMITTED);
    });

    it("accepts the example manifest and one with every field at its limit", () => {
        expect(errorsOf(parseYaml(readFileSync(EXAMPLE_MANIFEST, "utf8")))).toEqual([]);
        expect(errorsOf({ $schema: "x", channels: [AT_THE_LIMITS] })).toEqual([]);
    });

    it("accepts an entry without owner when defaults provides one", () => {
        expect(errorsOf({ defaults: { owner: "ops" }, channels: [{ channelId: "@TOA#_a", name: "A" }] })).toEqual([]);
    });

    it.each([
        [
            "a misspelt key",
            { defaults: { owner: "ops" }, channels: [{ channelId: "@TOA#_a", nmae: "A" }] },
            "/channels/0 must NOT have additional properties",
        ],
        [
            "an unknown top-level key",
            { chanels: [], channels: [{ channelId: "@TOA#_a", owner: "o", name: "A" }] },
            " must NOT have additional properties",
        ],
        [
            "an entry without channelId",
            { channels: [{ owner: "o", name: "A" }] },
            "/channels/0 must have required property 'channelId'",
        ],
        [
            "an entry without owner and no default",
            { channels: [{ channelId: "@TOA#_a", name: "A" }] },
            "/channels/0 must have required property 'owner'",
        ],
        [
            "an entry without name and no default",
            { defaults: { owner: "o" }, channels: [{ channelId: "@TOA#_a" }] },
            "/channels/0 must have required property 'name'",
        ],
        [
            "a word for maxSubscribers",
            { channels: [{ channelId: "@TOA#_a", owner: "o", name: "A", maxSubscribers: "lots" }] },
            "/channels/0/maxSubscribers must be integer",
        ],
        [
            "maxSubscribers 0 in defaults",
            { defaults: { maxSubscribers: 0 }, channels: [{ channelId: "@TOA#_a", owner: "o", name: "A" }] },
            "/defaults/maxSubscribers must be >= 1",
        ],
        [
            "a channel ID without the prefix",
            { channels: [{ channelId: "news", owner: "o", name: "A" }] },
            '/channels/0/channelId must match pattern "^@TOA#_(?!@TOA#)[\\x20-\\x7e]+$"',
        ],
        [
            "a reserved channel ID",
            { channels: [{ channelId: "@TOA#_@TOA#a", owner: "o", name: "A" }] },
            '/channels/0/channelId must match pattern "^@TOA#_(?!@TOA#)[\\x20-\\x7e]+$"',
        ],
        [
            "a channelId in defaults",
            { defaults: { channelId: "@TOA#_a" }, channels: [{ channelId: "@TOA#_a", owner: "o", name: "A" }] },
            "/defaults must NOT have additional properties",
        ],
        ["an empty channel list", { channels: [] }, "/channels must NOT have fewer than 1 items"],
    ])("rejects %s", (_, manifest, expected) => {
        expect(errorsOf(manifest)).toContain(expected);
    });
});
