/**
 * Moving a stack's channel from the dynamic provider (`pulumi-nodejs:dynamic/tencent-chat:OfficialChannel`)
 * to the plugin (`tencent-chat:index:OfficialChannel`) under the real Pulumi CLI, both ways
 * docs/migrating-to-the-plugin.md describes: an alias on the plugin resource, or `pulumi state
 * delete` and the `import` option. Either way the channel (same instance: owner, createTime), its
 * subscribers and their data stay as they were, and Tencent sees no write call — only reads.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import { READ_COMMANDS } from "../../provider/tencent/wire";
import { PLUGIN_DIR } from "../../scripts/engine/plugin-host";
import { countCalls } from "../support/host-fixture";
import { pkg, repoRoot } from "../support/dist";
import { builtCli, CliProject } from "./support";

const cli = builtCli("moving a stack from the dynamic provider to the plugin");
const PROGRAM = path.join(repoRoot, "dist/test/cli-e2e/programs/migration.js");
const CHANNEL = "@TOA#_move";

/** A TypeScript project that can use both: the dynamic provider from the package, the plugin from its path. */
const PROJECT = `name: chat-migration
runtime: nodejs
plugins:
  providers:
    - name: tencent-chat
      path: ${PLUGIN_DIR}
`;

interface Resource {
    urn: string;
    type: string;
    id?: string;
    provider?: string;
}

describe.skipIf(!cli)("moving a channel from the dynamic provider to the plugin", () => {
    let project: CliProject | undefined;
    afterEach(async () => {
        await project?.dispose();
        project = undefined;
    });

    /**
     * The channel deployed through the dynamic provider, then two subscribers added in the console;
     * returns what the emulator holds of it, to compare after the move.
     */
    async function deployedThroughTheDynamicProvider() {
        project = new CliProject(cli!, PROJECT, PROGRAM);
        const emulator = await project.emulator({ users: ["ops", "u1", "u2"] });
        await project.initStack("dev", emulator);
        await project.ok("config", "set", "stage", "dynamic");
        expect(await project.ok("up", "--yes")).toMatch(/\+ 2 created/);
        const console = pkg.createChatClient({ ...emulator.settings, endpoint: emulator.url });
        await console.addSubscribers(CHANNEL, ["u1", "u2"]);
        await console.modifySubscriber(CHANNEL, "u1", "vip");
        const held = () =>
            emulator.channels().map((c) => ({
                channelId: c.channelId,
                owner: c.owner,
                name: c.name,
                introduction: c.introduction,
                createTime: c.createTime,
                subscribers: c.subscribers.map((s) => [s.userId, s.customString]),
            }));
        const before = held();
        expect(before).toHaveLength(1);
        expect(before[0]!.subscribers.map(([user]) => user).sort()).toEqual(["u1", "u2"]);
        expect(resources(await state(project)).map((r) => r.type)).toContain(
            "pulumi-nodejs:dynamic/tencent-chat:OfficialChannel",
        );
        return { project, emulator, held, before };
    }

    async function state(p: CliProject) {
        return JSON.parse(await p.ok("stack", "export"));
    }
    const resources = (exported: { deployment: { resources?: Resource[] } }) => exported.deployment.resources ?? [];

    /** Runs the steps, and fails if any call but a read reached the emulator meanwhile. */
    async function onlyReads(emulator: EmulatorHandle, steps: () => Promise<void>): Promise<Record<string, number>> {
        const { calls } = await countCalls(emulator, steps);
        expect(Object.keys(calls).filter((command) => !READ_COMMANDS.has(command))).toEqual([]);
        return calls;
    }

    /** The channel is in state once, as the plugin's type with the plugin's default provider. */
    async function ownedByThePlugin(p: CliProject) {
        const after = resources(await state(p));
        const channels = after.filter((r) => r.id === CHANNEL);
        expect(channels.map((r) => [r.type, r.urn])).toEqual([
            ["tencent-chat:index:OfficialChannel", "urn:pulumi:dev::chat-migration::tencent-chat:index:OfficialChannel::news"],
        ]);
        expect(channels[0]!.provider).toMatch(/::pulumi:providers:tencent-chat::default::/);
        expect(after.map((r) => r.type).filter((t) => t.startsWith("pulumi-nodejs:"))).toEqual([]);
    }

    it("with an alias of the old type: one up, a same step, no write call, subscribers untouched", async () => {
        const { project, emulator, held, before } = await deployedThroughTheDynamicProvider();
        await project.ok("config", "set", "stage", "alias");
        const calls = await onlyReads(emulator, async () => {
            // The engine matches the old resource through the alias and asks the plugin's Diff: no change.
            const preview = await project.ok("preview", "--diff", "--show-sames");
            expect(preview).toMatch(/tencent-chat:index:OfficialChannel: \(same\)/);
            expect(preview).toMatch(
                /\[provider: .*pulumi:providers:pulumi-nodejs::default::.* => .*pulumi:providers:tencent-chat::default::/,
            );
            expect(preview).not.toMatch(/replace|to create|to delete/);
            const up = await project.ok("up", "--yes");
            expect(up).not.toMatch(/created|deleted|updated|replaced/);
            await ownedByThePlugin(project);
            // The state still holds the dynamic provider's outputs until the plugin's first read; refresh settles it.
            await project.ok("refresh", "--yes");
            await project.ok("preview", "--expect-no-changes");
        });
        expect(Object.keys(calls).length).toBeGreaterThan(0);
        expect(held()).toEqual(before);
        const exported = JSON.stringify(await state(project));
        expect(exported).not.toContain("__provider");
        // The plugin now owns it: destroy deletes it, with the plugin's own instance check.
        await project.ok("destroy", "--yes");
        expect(emulator.channels()).toEqual([]);
    }, 600_000);

    it("with pulumi state delete and the import option: no write call, subscribers untouched", async () => {
        const { project, emulator, held, before } = await deployedThroughTheDynamicProvider();
        const dynamic = resources(await state(project)).find((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))!;
        await onlyReads(emulator, async () => {
            // Forgets the dynamic resource without calling any provider: the channel stays on Tencent.
            await project.ok("state", "delete", dynamic.urn, "--yes");
            await project.ok("config", "set", "stage", "plugin");
            await project.ok("config", "set", "importId", CHANNEL);
            const up = await project.ok("up", "--yes");
            expect(up).toMatch(/= 1 imported/);
            expect(up).not.toMatch(/\+ \d+ created|replaced/);
            await ownedByThePlugin(project);
            await project.ok("config", "rm", "importId");
            await project.ok("preview", "--expect-no-changes");
            await project.ok("refresh", "--yes", "--expect-no-changes");
        });
        expect(held()).toEqual(before);
        // Imported resources are protected until the user says otherwise.
        await project.ok("state", "unprotect", "--all", "--yes");
        await project.ok("destroy", "--yes");
        expect(emulator.channels()).toEqual([]);
    }, 600_000);

    it("an OfficialChannelSet from a TypeScript program to the plugin's component in Pulumi YAML: the children move by their alias, no write call", async () => {
        const example = path.join(repoRoot, "examples/yaml-manifest");
        const yaml = readFileSync(path.join(example, "Pulumi.yaml"), "utf8").replace("path: ../../plugin", `path: ${PLUGIN_DIR}`);
        const name = /^name: (.*)$/m.exec(yaml)![1]!;
        // The same project and stack, first as examples/manifest's TypeScript program (the set is named "channels" in both).
        project = new CliProject(
            cli!,
            `name: ${name}\nruntime: nodejs\n`,
            path.join(repoRoot, "dist/examples/manifest/index.js"),
        );
        project.copyIn(path.join(example, "channels.yaml"));
        const emulator = await project.emulator({ sdkAppId: 1400000000, users: ["ops", "u1"] });
        await project.initStack("dev", emulator);
        await project.ok("config", "set", "manifest", "channels.yaml");
        expect(await project.ok("up", "--yes")).toMatch(/\+ 4 created/);
        await pkg.createChatClient({ ...emulator.settings, endpoint: emulator.url }).addSubscribers("@TOA#_news", ["u1"]);
        const held = () =>
            emulator.channels().map((c) => [c.channelId, c.owner, c.createTime, c.subscribers.map((s) => s.userId)]);
        const before = held();

        await project.ok("config", "rm", "manifest");
        await project.ok("config", "set", "endpoint", emulator.url);
        await project.ok("config", "set", "--secret", "secretKey", emulator.settings.secretKey);
        writeFileSync(path.join(project.dir, "Pulumi.yaml"), yaml);
        project.setProgram(undefined);
        await onlyReads(emulator, async () => {
            // Only the YAML program's explicit provider is new; the component and its channels are the same.
            const preview = await project!.ok("preview", "--diff");
            expect(preview.match(/^\s*[+-]+ [\w:-]+: \((create|delete|replace)\)/gm)).toEqual([
                "    + pulumi:providers:tencent-chat: (create)",
            ]);
            expect(preview).toMatch(/\+ 1 to create\n\s+4 unchanged/);
            await project!.ok("up", "--yes");
            await project!.ok("refresh", "--yes");
            await project!.ok("preview", "--expect-no-changes");
        });
        const children = resources(await state(project)).filter((r) => r.type === "tencent-chat:index:OfficialChannel");
        expect(children.map((r) => r.urn.split("::").pop()).sort()).toEqual(["channels-engineering", "channels-news"]);
        expect(children.every((r) => /::pulumi:providers:tencent-chat::app::/.test(r.provider ?? ""))).toBe(true);
        expect(held()).toEqual(before);
        await project.ok("destroy", "--yes");
        expect(emulator.channels()).toEqual([]);
    }, 600_000);
});
