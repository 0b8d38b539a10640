/** Each example program, compiled, run under mocks: what it would ask the engine to create. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHANNEL_TYPE, repoRoot } from "../support/dist";
import { createRequire } from "node:module";

const requireDist = createRequire(path.join(repoRoot, "package.json"));
const { declaredResources } = requireDist("./dist/scripts/engine/program.js") as typeof import("../../scripts/engine/program");

const run = (example: string, config: Record<string, string> = {}) =>
    declaredResources(path.join(repoRoot, "dist/examples", example, "index.js"), {
        project: `example-${example}`,
        cwd: path.join(repoRoot, "examples", example),
        config,
    });

describe("example programs", () => {
    it("typescript-program declares three channels, one auto-named", async () => {
        const resources = await run("typescript-program");
        expect(resources.map((r) => [r.type, r.name]).sort()).toEqual([
            [CHANNEL_TYPE, "alerts"],
            [CHANNEL_TYPE, "news"],
            [CHANNEL_TYPE, "support"],
        ]);
        const alerts = resources.find((r) => r.name === "alerts")!;
        expect(alerts.inputs).toMatchObject({ owner: "ops", name: "运维告警", maxSubscribers: 5000, nameHint: "alerts" });
        for (const r of resources) expect(Buffer.byteLength(String(r.inputs.__provider))).toBeLessThan(2048);
    });

    it("drift declares its one channel", async () => {
        const resources = await run("drift");
        expect(resources.map((r) => r.inputs.channelId)).toEqual(["@TOA#_drift-demo"]);
    });

    it("manifest declares every entry of channels.yaml with defaults applied", async () => {
        const resources = await run("manifest", { "example-manifest:manifest": "channels.yaml" });
        expect(resources.map((r) => r.inputs.channelId).sort()).toEqual(["@TOA#_alerts", "@TOA#_engineering", "@TOA#_news"]);
        expect(resources.find((r) => r.inputs.channelId === "@TOA#_engineering")!.inputs).toMatchObject({
            owner: "ops",
            organization: "Acme Corp",
            name: "工程团队公告",
            maxSubscribers: 5000,
        });
        expect(resources.find((r) => r.inputs.channelId === "@TOA#_news")!.inputs).toMatchObject({ owner: "comms" });
    });
});
