/**
 * examples/python and examples/go under the real Pulumi CLI: each declares channels on two Chat
 * apps through two explicit provider instances and a subscription, through the tencent-chat
 * plugin, and goes through the whole sequence (sequence.ts) against two emulators. The programs
 * are served over `--client` (scripts/pulumi-cli/languages.ts): Python by the Python SDK's inline
 * language server, Go as the compiled `main` that pulumi-language-go would run.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import { PLUGIN_DIR } from "../../scripts/engine/plugin-host";
import { goProgram, goRunner, pythonRunner } from "../../scripts/pulumi-cli/languages";
import type { ProgramRunner } from "../../scripts/pulumi-cli/project";
import { pkg, repoRoot } from "../support/dist";
import { providerSequence } from "./sequence";
import { builtCliWith, CliProject } from "./support";

const python = process.env.PYTHON || "python3";
const pythonCli = builtCliWith("examples/python", {
    command: python,
    probe: ["-c", "import venv, ensurepip"],
    install: "install python3 with venv, or set PYTHON",
});
const goCli = builtCliWith("examples/go", { command: "go", probe: ["version"], install: "install Go 1.25 or later" });

const client = (emulator: EmulatorHandle) => pkg.createChatClient({ ...emulator.settings, endpoint: emulator.url });
const echo = (line: string) => console.log(line);

describe("Python and Go programs under the real Pulumi CLI, through the plugin", () => {
    let project: CliProject | undefined;
    afterEach(async () => {
        await project?.dispose();
        project = undefined;
    });

    /**
     * The example's Pulumi.yaml with the plugin at the package's plugin folder (as the YAML example's
     * test points it), a stack configured for two emulators, and the sequence.
     */
    async function twoApps(cli: string, example: string, runner: ProgramRunner) {
        const source = readFileSync(path.join(repoRoot, "examples", example, "Pulumi.yaml"), "utf8");
        const yaml = source.replace("path: ../../plugin", `path: ${PLUGIN_DIR}`);
        expect(yaml).not.toBe(source);
        project = new CliProject(cli, yaml, runner);
        const staging = await project.emulator({ sdkAppId: 1400000000, users: ["ops", "u1"] });
        const production = await project.emulator({ sdkAppId: 1400000001, users: ["ops", "u1"] });
        await project.ok("stack", "init", "dev");
        await project.ok("config", "set", "stagingEndpoint", staging.url);
        await project.ok("config", "set", "productionEndpoint", production.url);
        await project.ok("config", "set", "--secret", "stagingSecretKey", staging.settings.secretKey);
        await project.ok("config", "set", "--secret", "productionSecretKey", production.settings.secretKey);
        const console = client(production);
        const started = Date.now();
        const transcript = await providerSequence(project, {
            emulators: [staging, production],
            edit: {
                field: "name",
                value: "Renamed in the console",
                declared: "Company News",
                apply: () => console.modifyChannel("@TOA#_news", { name: "Renamed in the console" }),
                live: async () => (await console.loadChannel("@TOA#_news")).name,
            },
            afterUp: async () => {
                const held = (e: EmulatorHandle) => e.channels().map((c) => [c.channelId, c.owner, c.name]);
                const stagingHeld = held(staging).sort((a, b) => a[2]!.localeCompare(b[2]!));
                expect(stagingHeld).toEqual([
                    [expect.stringMatching(/^@TOA#_stagingAlerts-[a-z0-9]+$/), "ops", "Alerts (staging)"],
                    ["@TOA#_news", "ops", "Company News (staging)"],
                ]);
                expect(
                    production
                        .channels()
                        .map((c) => [c.channelId, c.owner, c.name, c.subscribers.map((s) => [s.userId, s.customString])]),
                ).toEqual([["@TOA#_news", "ops", "Company News", [["u1", "vip"]]]]);
                // The stack's outputs, from the channels as created (the subscription came after its channel).
                const outputs = JSON.parse(await project!.ok("stack", "output", "--json"));
                expect(outputs).toEqual({ stagingAlertsId: stagingHeld[0]![0], productionNewsSubscribers: 0 });
            },
        });
        if (process.env.SHOW_TRANSCRIPTS) echo(`--- ${example}: pulumi up ---\n${transcript.up}`);
        echo(`[real CLI] examples/${example}: the sequence took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    it.skipIf(!pythonCli)(
        "examples/python: two apps' channels and a subscription, through the whole sequence",
        async () => {
            const runner = pythonRunner(path.join(repoRoot, "examples/python/__main__.py"), echo);
            await twoApps(pythonCli!, "python", runner);
        },
        600_000,
    );

    it.skipIf(!goCli)(
        "examples/go: two apps' channels and a subscription, through the whole sequence",
        async () => {
            const runner = goRunner(goProgram(path.join(repoRoot, "examples/go"), echo));
            await twoApps(goCli!, "go", runner);
        },
        600_000,
    );
});
