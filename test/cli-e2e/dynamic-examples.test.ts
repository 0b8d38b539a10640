/**
 * Every TypeScript example and the root project, through the dynamic provider, under the real
 * Pulumi CLI: the whole sequence of sequence.ts against the emulator. The programs are the compiled
 * examples (dist/), served to the CLI by scripts/pulumi-cli/node-program.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pkg, repoRoot } from "../support/dist";
import type { EmulatorHandle } from "../../emulator/index";
import { providerSequence, recreateAsSomeoneElse, type ConsoleEdit } from "./sequence";
import { builtCli, CliProject } from "./support";

const cli = builtCli("dynamic-provider examples");

/** A console rename of one channel's field through the REST API, as the Chat console would make it. */
function consoleEdit(
    emulator: EmulatorHandle,
    channelId: string,
    field: "name" | "introduction",
    value: string,
    declared: string,
): ConsoleEdit {
    const client = pkg.createChatClient({ ...emulator.settings, endpoint: emulator.url });
    return {
        field,
        value,
        declared,
        apply: () => client.modifyChannel(channelId, { [field]: value }),
        live: async () => (await client.loadChannel(channelId))[field],
    };
}

const example = (name: string) => path.join(repoRoot, "examples", name);
const compiled = (name: string) => path.join(repoRoot, "dist/examples", name, "index.js");

describe.skipIf(!cli)("the dynamic provider under the real Pulumi CLI", () => {
    let project: CliProject | undefined;
    afterEach(async () => {
        await project?.dispose();
        project = undefined;
    });

    /** A project from an example's Pulumi.yaml, configured for an emulator that has the owners imported. */
    async function projectOf(yaml: string, program: string): Promise<{ project: CliProject; emulator: EmulatorHandle }> {
        // `main` points into the checkout's dist/ relative to the example; the runner serves `program` instead.
        project = new CliProject(cli!, yaml.replace(/^main: .*\n/m, ""), program);
        const emulator = await project.emulator({ users: ["ops", "comms"] });
        await project.initStack("dev", emulator);
        return { project, emulator };
    }

    it("examples/typescript-program: three channels, one auto-named", async () => {
        const { project, emulator } = await projectOf(
            readFileSync(path.join(example("typescript-program"), "Pulumi.yaml"), "utf8"),
            compiled("typescript-program"),
        );
        const edit = consoleEdit(emulator, "@TOA#_news", "name", "Renamed in the console", "Company News");
        await providerSequence(project, {
            edit,
            emulators: [emulator],
            afterUp: () => {
                const ids = emulator.channels().map((c) => c.channelId);
                expect(ids).toHaveLength(3);
                expect(ids).toEqual(
                    expect.arrayContaining(["@TOA#_news", "@TOA#_support", expect.stringMatching(/^@TOA#_alerts-[a-z0-9]+$/)]),
                );
            },
        });
    }, 600_000);

    it("examples/drift: the drift walkthrough's channel", async () => {
        const { project, emulator } = await projectOf(
            readFileSync(path.join(example("drift"), "Pulumi.yaml"), "utf8"),
            compiled("drift"),
        );
        const edit = consoleEdit(
            emulator,
            "@TOA#_drift-demo",
            "introduction",
            "edited by hand",
            "Managed by Pulumi: edit me in the console, then run `pulumi refresh`.",
        );
        await providerSequence(project, { edit, emulators: [emulator] });
    }, 600_000);

    it("examples/manifest: every channel of the example manifest through OfficialChannelSet", async () => {
        const { project, emulator } = await projectOf(
            readFileSync(path.join(example("manifest"), "Pulumi.yaml"), "utf8"),
            compiled("manifest"),
        );
        project.copyIn(path.join(example("manifest"), "channels.yaml"));
        const declared = pkg.loadManifest(path.join(example("manifest"), "channels.yaml")).channels;
        const news = declared.find((c) => c.channelId === "@TOA#_news")!;
        const edit = consoleEdit(emulator, "@TOA#_news", "name", "Renamed in the console", news.name);
        await providerSequence(project, {
            edit,
            emulators: [emulator],
            afterUp: () =>
                expect(
                    emulator
                        .channels()
                        .map((c) => c.channelId)
                        .sort(),
                ).toEqual(declared.map((c) => c.channelId).sort()),
        });
    }, 600_000);

    it("the root project (Pulumi.yaml at the repository root)", async () => {
        const { project, emulator } = await projectOf(
            readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8"),
            compiled("manifest"),
        );
        await project.ok("config", "set", "manifest", path.join(repoRoot, "examples/manifest/channels.yaml"));
        const declared = pkg.loadManifest(path.join(repoRoot, "examples/manifest/channels.yaml")).channels;
        const news = declared.find((c) => c.channelId === "@TOA#_news")!;
        const edit = consoleEdit(emulator, "@TOA#_news", "introduction", "edited by hand", news.introduction ?? "");
        await providerSequence(project, { edit, emulators: [emulator] });
    }, 600_000);

    it("leaves alone a channel someone else re-created at our ID: refresh drops ours with a warning the CLI shows, destroy deletes nothing", async () => {
        const { project, emulator } = await projectOf(
            readFileSync(path.join(example("drift"), "Pulumi.yaml"), "utf8"),
            compiled("drift"),
        );
        await project.ok("up", "--yes");
        const { held, expected } = await recreateAsSomeoneElse(emulator, "@TOA#_drift-demo", ["alice"]);
        const refresh = await project.run(["refresh", "--yes"]);
        expect(refresh.status, refresh.output).toBe(0);
        expect(refresh.output).toContain("is not the one this stack manages");
        expect(refresh.output).toMatch(/- 1 deleted/);
        expect(held()).toEqual(expected);
        // The next up declares the channel again: its ID is taken by alice's, which is refused, not adopted.
        const up = await project.run(["up", "--yes"]);
        expect(up.status, up.output).not.toBe(0);
        expect(held()).toEqual(expected);
        await project.ok("destroy", "--yes");
        expect(held()).toEqual(expected);
    }, 600_000);
});
