/**
 * The tencent-chat plugin under the real Pulumi CLI, from Pulumi YAML programs: examples/yaml (two
 * provider instances, two emulators) through the whole sequence, `pulumi import` of a console-made
 * channel with the YAML code it generates, field-level `preview --diff`, and an owner change of a
 * channel with subscribers refused at preview. The plugin starts from the package's plugin/
 * directory, as a user's `plugins.providers[].path` names it.
 */
import { readFileSync, writeFileSync, appendFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import { PLUGIN_DIR } from "../../scripts/engine/plugin-host";
import { pkg, repoRoot } from "../support/dist";
import { importConsoleChannel, providerSequence, recreateAsSomeoneElse } from "./sequence";
import { builtCli, changedProperties, CliProject } from "./support";

const cli = builtCli("plugin (Pulumi YAML)");

/** A YAML project that points at the plugin and declares `resources` (YAML text, indented two spaces). */
const yamlProject = (resources: string) =>
    `name: chat-yaml-e2e
runtime: yaml
plugins:
  providers:
    - name: tencent-chat
      path: ${PLUGIN_DIR}
${resources}`;

/** `resources:` with one OfficialChannel `name`, its properties given as YAML scalars. */
const oneChannel = (name: string, properties: Record<string, string>) =>
    `resources:\n  ${name}:\n    type: tencent-chat:index:OfficialChannel\n    properties:\n` +
    Object.entries(properties)
        .map(([key, value]) => `      ${key}: ${value}\n`)
        .join("");

const client = (emulator: EmulatorHandle) => pkg.createChatClient({ ...emulator.settings, endpoint: emulator.url });

describe.skipIf(!cli)("the plugin under the real Pulumi CLI (Pulumi YAML)", () => {
    let project: CliProject | undefined;
    afterEach(async () => {
        await project?.dispose();
        project = undefined;
    });

    /** A project with the default provider configured for one emulator (owners ops and comms, user u1). */
    async function defaultProviderProject(resources: string): Promise<{ project: CliProject; emulator: EmulatorHandle }> {
        project = new CliProject(cli!, yamlProject(resources));
        const emulator = await project.emulator({ users: ["ops", "comms", "u1", "u2"] });
        await project.initStack("dev", emulator);
        return { project, emulator };
    }

    it("examples/yaml: two apps' channels, a subscription and a lookup, through the whole sequence", async () => {
        const source = readFileSync(path.join(repoRoot, "examples/yaml/Pulumi.yaml"), "utf8");
        const program = source.replace("path: ../../plugin", `path: ${PLUGIN_DIR}`);
        expect(program).not.toBe(source);
        project = new CliProject(cli!, program);
        const staging = await project.emulator({ sdkAppId: 1400000000, users: ["ops", "u1"] });
        const production = await project.emulator({ sdkAppId: 1400000001, users: ["ops", "u1"] });
        await project.ok("stack", "init", "dev");
        await project.ok("config", "set", "stagingEndpoint", staging.url);
        await project.ok("config", "set", "productionEndpoint", production.url);
        await project.ok("config", "set", "--secret", "stagingSecretKey", staging.settings.secretKey);
        await project.ok("config", "set", "--secret", "productionSecretKey", production.settings.secretKey);
        const console = client(production);
        await providerSequence(project, {
            emulators: [staging, production],
            edit: {
                field: "name",
                value: "Renamed in the console",
                declared: "Company News",
                apply: () => console.modifyChannel("@TOA#_news", { name: "Renamed in the console" }),
                live: async () => (await console.loadChannel("@TOA#_news")).name,
            },
            afterUp: () => {
                expect(
                    staging
                        .channels()
                        .map((c) => c.name)
                        .sort(),
                ).toEqual(["Alerts (staging)", "Company News (staging)"]);
                expect(
                    production.channels().map((c) => [c.channelId, c.name, c.subscribers.map((s) => [s.userId, s.customString])]),
                ).toEqual([["@TOA#_news", "Company News", [["u1", "vip"]]]]);
            },
        });
    }, 600_000);

    it("imports a console-made channel: Read with only the ID, YAML code that matches it, then no changes", async () => {
        const { project, emulator } = await defaultProviderProject("");
        await importConsoleChannel(project, emulator, path.join(project.dir, "imported.yaml"));
        const code = readFileSync(path.join(project.dir, "imported.yaml"), "utf8");
        // Pulumi YAML's code generator writes the short form of the type token.
        expect(code).toMatch(/type: tencent-chat:(index:)?OfficialChannel\n/);
        expect(code).toContain("channelId: '@TOA#_console'");
        expect(code).toContain("name: Made in the console");
        appendFileSync(path.join(project.dir, "Pulumi.yaml"), code);
        await project.ok("preview", "--expect-no-changes");
        // Imported resources are protected: the channel stays until the user says otherwise.
        const destroy = await project.run(["destroy", "--yes"]);
        expect(destroy.status).not.toBe(0);
        expect(destroy.output).toContain("protected");
        expect(emulator.channels().map((c) => c.channelId)).toEqual(["@TOA#_console"]);
        await project.ok("state", "unprotect", "--all", "--yes");
        await project.ok("destroy", "--yes");
        expect(emulator.channels()).toEqual([]);
    }, 600_000);

    // scripts/engine/plugin-host.ts draws a fresh seed per Check because this is what the real engine
    // does; if a Pulumi release starts keeping seeds across deployments, this test says so.
    it("auto-names as the real engine seeds: the ID up creates is not the one preview showed, and then it stays", async () => {
        const { project, emulator } = await defaultProviderProject(oneChannel("alerts", { owner: "ops", name: "Alerts" }));
        const previewed = /channelId\s*: "(@TOA#_alerts-[a-z0-9]{7})"/.exec(await project.ok("preview", "--diff"))?.[1];
        expect(previewed).toBeDefined();
        await project.ok("up", "--yes");
        const created = emulator.channels().map((c) => c.channelId);
        expect(created).toEqual([expect.stringMatching(/^@TOA#_alerts-[a-z0-9]{7}$/)]);
        expect(created[0]).not.toBe(previewed);
        await project.ok("preview", "--expect-no-changes");
        writeFileSync(
            path.join(project.dir, "Pulumi.yaml"),
            yamlProject(oneChannel("alerts", { owner: "ops", name: "Alerts 2" })),
        );
        await project.ok("up", "--yes");
        expect(emulator.channels().map((c) => [c.channelId, c.name])).toEqual([[created[0], "Alerts 2"]]);
        await project.ok("destroy", "--yes");
        expect(emulator.channels()).toEqual([]);
    }, 600_000);

    it("shows field-level lines in preview --diff: an in-place update, and a replacement for a new channelId", async () => {
        const declare = (name: string, channelId = "@TOA#_diff") =>
            oneChannel("news", { channelId: `"${channelId}"`, owner: "ops", name, introduction: "first" });
        const { project, emulator } = await defaultProviderProject(declare("News"));
        await project.ok("up", "--yes");
        writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlProject(declare("News, renamed")));
        const update = await project.ok("preview", "--diff");
        expect(changedProperties(update)).toEqual(["name"]);
        expect(update).toMatch(/~ name\s*: "News" => "News, renamed"/);
        expect(update).toMatch(/~ 1 to update/);
        writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlProject(declare("News", "@TOA#_diff2")));
        const replace = await project.ok("preview", "--diff");
        expect(replace).toMatch(/\+-\s*tencent-chat:index:OfficialChannel: \(replace\)/);
        expect(replace).toMatch(/~ channelId\s*: "@TOA#_diff" => "@TOA#_diff2"/);
        expect(emulator.channels().map((c) => [c.channelId, c.name])).toEqual([["@TOA#_diff", "News"]]);
        await project.ok("destroy", "--yes");
        expect(emulator.channels()).toEqual([]);
    }, 600_000);

    it("leaves alone a channel someone else re-created at our ID: refresh drops ours with a warning the CLI shows, destroy deletes nothing", async () => {
        const declare = (name: string) => oneChannel("h1", { channelId: '"@TOA#_h1"', owner: "ops", name });
        const { project, emulator } = await defaultProviderProject(declare("Ours"));
        await project.ok("up", "--yes");
        const { held: alices, expected } = await recreateAsSomeoneElse(emulator, "@TOA#_h1", ["u1", "u2"]);

        // An up with a name change must not rename alice's channel.
        writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlProject(declare("Ours, renamed")));
        const up = await project.run(["up", "--yes"]);
        expect(up.status, up.output).not.toBe(0);
        expect(up.output).toContain("is not the one this stack manages");
        expect(alices()).toEqual(expected);

        const refresh = await project.run(["refresh", "--yes"]);
        expect(refresh.status, refresh.output).toBe(0);
        expect(refresh.output).toContain("is not the one this stack manages");
        expect(refresh.output).toMatch(/- 1 deleted/);
        expect(alices()).toEqual(expected);
        await project.ok("destroy", "--yes");
        expect(alices()).toEqual(expected);
    }, 600_000);

    it("refuses at preview an owner change that would destroy a channel's subscribers, and touches nothing", async () => {
        const declare = (owner: string) => oneChannel("news", { channelId: '"@TOA#_owned"', owner, name: "News" });
        const { project, emulator } = await defaultProviderProject(declare("ops"));
        await project.ok("up", "--yes");
        await client(emulator).addSubscribers("@TOA#_owned", ["u1", "u2"]);
        writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlProject(declare("comms")));
        const preview = await project.run(["preview", "--diff"]);
        expect(preview.status, preview.output).not.toBe(0);
        expect(preview.output).toMatch(/2 subscribers/);
        expect(preview.output).toContain("allowReplace");
        const up = await project.run(["up", "--yes"]);
        expect(up.status).not.toBe(0);
        const [channel] = emulator.channels();
        expect([channel!.owner, channel!.subscribers.map((s) => s.userId).sort()]).toEqual(["ops", ["u1", "u2"]]);
        writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlProject(declare("ops")));
        await project.ok("destroy", "--yes");
    }, 600_000);
});
