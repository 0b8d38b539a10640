/** Manifests loadManifest accepts, and what it makes of them. */
import { describe, expect, it } from "vitest";
import { checkChannelInputs } from "../../provider/channel/inputs";
import { loadManifest } from "../../provider/manifest/load";
import { AT_THE_LIMITS, EXAMPLE_MANIFEST, lines, writeManifest } from "./helpers";

describe("loadManifest accepts", () => {
    it("every field exactly at its byte limit, and check agrees", () => {
        const file = writeManifest(
            lines(
                "channels:",
                ...Object.entries(AT_THE_LIMITS).map(([k, v], i) => `${i === 0 ? "  - " : "    "}${k}: ${JSON.stringify(v)}`),
            ),
        );
        const manifest = loadManifest(file);
        expect(manifest.channels).toEqual([AT_THE_LIMITS]);
        expect(checkChannelInputs({}, { ...manifest.channels[0] }).failures).toEqual([]);
    });

    it("the example manifest, with defaults merged field by field and entries overriding them", () => {
        const manifest = loadManifest(EXAMPLE_MANIFEST);
        expect(manifest.source).toBe(EXAMPLE_MANIFEST);
        expect(manifest.defaults).toEqual({ owner: "ops", organization: "Acme Corp" });
        expect(manifest.channels.map((c) => [c.channelId, c.owner, c.organization])).toEqual([
            ["@TOA#_news", "comms", "Acme Corp"],
            ["@TOA#_engineering", "ops", "Acme Corp"],
            ["@TOA#_alerts", "ops", "Acme Corp"],
        ]);
        expect(manifest.channels[1]).toEqual({
            channelId: "@TOA#_engineering",
            owner: "ops",
            name: "工程团队公告",
            introduction: "发布说明、事故复盘和值班安排",
            maxSubscribers: 5000,
            organization: "Acme Corp",
        });
    });

    it("leaves fields neither the entry nor defaults set to check's defaults", () => {
        const manifest = loadManifest({ channels: [{ channelId: "@TOA#_news", owner: "ops", name: "News" }] });
        expect(manifest.channels[0]).toEqual({ channelId: "@TOA#_news", owner: "ops", name: "News" });
    });

    it("a JSON manifest, tab-indented as many JSON tools write it", () => {
        const json = JSON.stringify(
            {
                $schema: "../schema/channel-manifest.schema.json",
                defaults: { owner: "ops" },
                channels: [{ channelId: "@TOA#_news", name: "新闻" }],
            },
            null,
            "\t",
        );
        const manifest = loadManifest(writeManifest(json, "json"));
        expect(manifest.channels).toEqual([{ channelId: "@TOA#_news", owner: "ops", name: "新闻" }]);
    });

    it("manifest data as an object, labelled <object> or by fileName", () => {
        const data = {
            defaults: { owner: "ops", maxSubscribers: 10 },
            channels: [
                { channelId: "@TOA#_a", name: "A" },
                { channelId: "@TOA#_b", name: "B", maxSubscribers: 20 },
            ],
        };
        const manifest = loadManifest(data);
        expect(manifest.source).toBe("<object>");
        expect(manifest.channels.map((c) => c.maxSubscribers)).toEqual([10, 20]);
        expect(loadManifest(data, { fileName: "from-vault.json" }).source).toBe("from-vault.json");
    });

    it("an empty `defaults:` block", () => {
        const manifest = loadManifest(
            writeManifest(lines("defaults:", "channels:", '  - { channelId: "@TOA#_a", owner: ops, name: A }')),
        );
        expect(manifest.defaults).toEqual({});
        expect(manifest.channels).toHaveLength(1);
    });

    it("YAML anchors and aliases, resolved", () => {
        const file = writeManifest(
            lines(
                "defaults:",
                "  owner: ops",
                "channels:",
                '  - channelId: "@TOA#_a"',
                "    name: A",
                "    introduction: &intro Shared words",
                '  - channelId: "@TOA#_b"',
                "    name: B",
                "    introduction: *intro",
            ),
        );
        expect(loadManifest(file).channels.map((c) => c.introduction)).toEqual(["Shared words", "Shared words"]);
    });
});
