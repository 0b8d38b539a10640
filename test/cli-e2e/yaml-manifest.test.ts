/**
 * OfficialChannelSet as a multi-language component under the real Pulumi CLI: examples/yaml-manifest
 * (one `tencent-chat:index:OfficialChannelSet` resource, an explicit provider instance) through
 * the whole sequence, and a bad manifest refused at preview with its file:line, leaving no state.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PLUGIN_DIR } from "../../scripts/engine/plugin-host";
import { pkg, repoRoot } from "../support/dist";
import { providerSequence } from "./sequence";
import { builtCli, CliProject } from "./support";

const cli = builtCli("OfficialChannelSet component (Pulumi YAML)");
const EXAMPLE = path.join(repoRoot, "examples/yaml-manifest");

/** The example's Pulumi.yaml, pointing at the package's plugin directory from wherever the project is. */
function exampleProgram(): string {
    const source = readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8");
    const program = source.replace("path: ../../plugin", `path: ${PLUGIN_DIR}`);
    expect(program).not.toBe(source);
    return program;
}

describe.skipIf(!cli)("OfficialChannelSet through the plugin under the real Pulumi CLI", () => {
    let project: CliProject | undefined;
    afterEach(async () => {
        await project?.dispose();
        project = undefined;
    });

    /** The example in a temp project: its explicit provider on `app`, the default provider on `other`. */
    async function exampleProject() {
        project = new CliProject(cli!, exampleProgram());
        project.copyIn(path.join(EXAMPLE, "channels.yaml"));
        const app = await project.emulator({ sdkAppId: 1400000000, users: ["ops"] });
        // The default provider points elsewhere: a child that missed the component's provider would land there.
        const other = await project.emulator({ sdkAppId: 1400000009, users: ["ops"] });
        await project.initStack("dev", other);
        await project.ok("config", "set", "endpoint", app.url);
        await project.ok("config", "set", "--secret", "secretKey", app.settings.secretKey);
        return { project, app, other };
    }

    it("examples/yaml-manifest: the manifest's channels under the component, on the explicit provider, through the whole sequence", async () => {
        const { project, app, other } = await exampleProject();
        const chat = pkg.createChatClient({ ...app.settings, endpoint: app.url });
        const transcript = await providerSequence(project, {
            emulators: [app, other],
            edit: {
                field: "name",
                value: "Renamed in the console",
                declared: "Company News",
                apply: () => chat.modifyChannel("@TOA#_news", { name: "Renamed in the console" }),
                live: async () => (await chat.loadChannel("@TOA#_news")).name,
            },
            afterUp: async () => {
                // Created in parallel: any order.
                const held = app.channels().map((c) => [c.channelId, c.owner, c.name, c.organization]);
                expect(held.sort()).toEqual([
                    ["@TOA#_engineering", "ops", "工程团队公告", "Acme Corp"],
                    ["@TOA#_news", "ops", "Company News", "Acme Corp"],
                ]);
                expect(other.channels()).toEqual([]);
                const outputs = JSON.parse(await project.ok("stack", "output", "--json"));
                expect(outputs.channelIds).toEqual({
                    "channels-news": "@TOA#_news",
                    "channels-engineering": "@TOA#_engineering",
                });
                const state = JSON.parse(await project.ok("stack", "export"));
                const byName = new Map(
                    (state.deployment.resources as Array<{ urn: string; parent?: string; provider?: string }>).map((r) => [
                        r.urn.split("::").pop(),
                        r,
                    ]),
                );
                const component = byName.get("channels")!.urn;
                expect(component).toContain("::tencent-chat:index:OfficialChannelSet::channels");
                for (const child of ["channels-news", "channels-engineering"]) {
                    expect(byName.get(child)!.urn).toContain(
                        "tencent-chat:index:OfficialChannelSet$tencent-chat:index:OfficialChannel::",
                    );
                    expect(byName.get(child)!.parent).toBe(component);
                    expect(byName.get(child)!.provider).toMatch(/::pulumi:providers:tencent-chat::app::/);
                }
            },
        });
        expect(transcript.up).toMatch(/\+ 5 created/);
        console.info(`[real CLI] examples/yaml-manifest pulumi up:\n${transcript.up}`);
    }, 600_000);

    it("refuses a bad manifest at preview with file:line:column, and the stack holds nothing", async () => {
        const { project, app } = await exampleProject();
        writeFileSync(
            path.join(project.dir, "channels.yaml"),
            'channels:\n  - channelId: "@TOA#_ok"\n    owner: ops\n    name: Fine\n  - channelId: "news"\n    owner: ops\n',
        );
        for (const command of [["preview"], ["up", "--yes"]]) {
            const result = await project.run(command);
            expect(result.status, result.output).not.toBe(0);
            expect(result.output).toContain("Channel manifest channels.yaml has 2 problems");
            expect(result.output).toContain("channels.yaml:5:5: channels[1].name: is required");
            expect(result.output).toContain('channels.yaml:5:16: channels[1].channelId: "news" must start with "@TOA#_"');
        }
        const state = JSON.parse(await project.ok("stack", "export"));
        const types = (state.deployment.resources ?? []).map((r: { type: string }) => r.type);
        expect(types.filter((t: string) => t.startsWith("tencent-chat:index:"))).toEqual([]);
        expect(app.channels()).toEqual([]);
        await project.ok("destroy", "--yes");
    }, 600_000);
});
