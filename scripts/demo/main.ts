/**
 * `npm run demo`: the product's main job on the embedded default, the emulator.
 *
 * Starts the emulator with persisted state, then takes the root Pulumi project (a manifest of
 * channels) through up → an out-of-band change made through the API, as a console user would →
 * refresh showing the drift → up restoring it → destroy. With the Pulumi CLI on PATH it runs the
 * real CLI on a local file backend in a temp dir (no account, no prompts). Without it, it says so
 * and runs the same program through Pulumi's dynamic-provider host over gRPC, as the tests do.
 * Exits non-zero if any step fails or a channel is left behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator, type EmulatorHandle } from "../../emulator/index";
import { createChatClient } from "../../provider/api/client";
import { loadManifest } from "../../provider/manifest";
import type { ChatClient } from "../../provider/api/types";
import { Engine, type Step } from "../engine/engine";
import { ProviderHost } from "../engine/host";
import { declaredResources } from "../engine/program";
import { formatSteps } from "../engine/summary";
import { CliProject } from "../pulumi-cli/project";
import { BUILD_COMMAND, locatePulumiCli } from "../pulumi-cli/release";
import { repoRoot } from "../repo-root";

const PROJECT = "tencent-chat-channels";
const PROGRAM = path.join(repoRoot, "dist/examples/manifest/index.js");
const DEFAULT_MANIFEST = "examples/manifest/channels.yaml";
/** Owners used by the example manifest; on Tencent they must be imported users too. */
const OWNERS = ["ops", "comms"];

const USAGE = `Usage: npm run demo [-- --mode auto|cli|host] [--manifest FILE] [--keep]

  --mode auto   use the Pulumi CLI when there is one (on PATH, or built by ${BUILD_COMMAND}),
                else the dynamic-provider host (default)
  --mode cli    require the Pulumi CLI
  --mode host   always drive Pulumi's dynamic-provider host over gRPC (no CLI needed)
  --manifest    channel manifest to deploy (default ${DEFAULT_MANIFEST})
  --keep        keep the temp dir (emulator state, Pulumi backend) for inspection`;

interface DemoContext {
    emulator: EmulatorHandle;
    console: ChatClient;
    manifest: string;
    workDir: string;
    /** The channel edited out of band. */
    edited: string;
}

class DemoFailure extends Error {}

const banner = (text: string) => console.log(`\n▶ ${text}`);

/** The CLI to run, and whether its programs go through node-program.js (no pulumi-language-nodejs beside it). */
interface PulumiCli {
    pulumi: string;
    viaRunner: boolean;
}

const commandOnPath = (name: string) => {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    return found.status === 0 ? found.stdout.trim() : undefined;
};

/** `pulumi` on PATH (an installed release), else the one `npm run pulumi-cli` built. */
function findPulumi(): PulumiCli | undefined {
    const onPath = commandOnPath("pulumi");
    const built = locatePulumiCli();
    const pulumi = onPath ?? built?.pulumi;
    if (pulumi === undefined) return undefined;
    const host =
        existsSync(path.join(path.dirname(pulumi), "pulumi-language-nodejs")) ||
        commandOnPath("pulumi-language-nodejs") !== undefined;
    return { pulumi, viaRunner: !host };
}

async function editInConsole(ctx: DemoContext): Promise<void> {
    banner(`Out-of-band change: someone renames ${ctx.edited} in the Chat console (here: the REST API)`);
    await ctx.console.modifyChannel(ctx.edited, { name: "Renamed in the console", introduction: "edited by hand" });
    console.log(`  name → "Renamed in the console", introduction → "edited by hand"`);
}

/** After the restoring `up`, the edited channel must hold the manifest's values again. */
async function assertRestored(ctx: DemoContext): Promise<void> {
    const declared = loadManifest(ctx.manifest).channels.find((c) => c.channelId === ctx.edited);
    const live = await ctx.console.loadChannel(ctx.edited);
    if (declared === undefined || live.name !== declared.name || (live.introduction ?? "") !== (declared.introduction ?? "")) {
        throw new DemoFailure(
            `${ctx.edited} was not restored: live name ${JSON.stringify(live.name)}, declared ${JSON.stringify(declared?.name)}`,
        );
    }
    console.log(`  ${ctx.edited} is back to name=${JSON.stringify(live.name)} on Tencent`);
}

/** Runs one phase and prints its steps with the API calls they cost. */
async function phase(ctx: DemoContext, title: string, action: () => Promise<Step[]>): Promise<Step[]> {
    banner(title);
    const before = ctx.emulator.stats().calls as Record<string, number>;
    const steps = await action();
    const after = ctx.emulator.stats().calls as Record<string, number>;
    const calls = Object.entries(after)
        .filter(([command, count]) => count !== before[command])
        .map(([command, count]) => `${command} ×${count - (before[command] ?? 0)}`);
    failIfErrors(title, steps);
    console.log(`  API calls: ${calls.length > 0 ? calls.join(", ") : "none"}`);
    return steps;
}

function failIfErrors(title: string, steps: Step[]): void {
    console.log(formatSteps(steps));
    const failed = steps.filter((s) => s.error);
    if (failed.length > 0) throw new DemoFailure(`${title}: ${failed.length} step(s) failed`);
}

async function runThroughHost(ctx: DemoContext): Promise<void> {
    console.log("The Pulumi CLI is not installed here, so this demo runs the same root program through");
    console.log("Pulumi's own dynamic-provider host over gRPC, issuing the calls `pulumi` would.");
    const resources = await declaredResources(PROGRAM, {
        project: PROJECT,
        cwd: repoRoot,
        config: { [`${PROJECT}:manifest`]: ctx.manifest },
    });
    const host = await ProviderHost.start({ cwd: repoRoot, project: PROJECT });
    try {
        await host.configure(
            {
                "tencent-chat:sdkAppId": String(ctx.emulator.settings.sdkAppId),
                "tencent-chat:secretKey": ctx.emulator.settings.secretKey,
                "tencent-chat:endpoint": ctx.emulator.url,
            },
            ["tencent-chat:secretKey"],
        );
        const engine = new Engine(host, { project: PROJECT });

        await phase(ctx, `pulumi up — ${resources.length} channels from ${ctx.manifest}`, () => engine.up(resources));
        await phase(ctx, "pulumi up again — nothing changed, so nothing to do", () => engine.up(resources));
        await editInConsole(ctx);
        const refreshed = await phase(ctx, "pulumi refresh — what changed outside Pulumi", () => engine.refresh());
        if (!refreshed.some((s) => s.changes.some((c) => c.field === "name")))
            throw new DemoFailure("refresh did not show the drift");
        await phase(ctx, "pulumi up — put the manifest back in charge", () => engine.up(resources));
        await assertRestored(ctx);
        await phase(ctx, "pulumi destroy", () => engine.destroy());
    } finally {
        await host.stop();
    }
}

async function runThroughCli(ctx: DemoContext, cli: PulumiCli): Promise<void> {
    // A temporary copy of the root project: every file the CLI writes — Pulumi.demo.yaml above all,
    // which `pulumi stack init` puts next to Pulumi.yaml (it has no --config-file) — lands there, and
    // leaves with the demo's temp dir. dist/ and examples/ are linked: the project's `main` is in dist/.
    const yaml = readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8");
    const project = new CliProject(path.dirname(cli.pulumi), yaml, cli.viaRunner ? PROGRAM : undefined, ctx.workDir);
    project.copyIn(path.join(repoRoot, "package.json"));
    for (const dir of ["dist", "examples"]) project.linkIn(path.join(repoRoot, dir));
    console.log(`Using the Pulumi CLI at ${cli.pulumi}, on a local file backend in ${ctx.workDir}.`);
    if (cli.viaRunner)
        console.log("(Built by `npm run pulumi-cli`: the program is served by @pulumi/pulumi's language server over --client.)");
    const run = async (args: string[], { quiet = false, capture = false } = {}): Promise<string> => {
        const result = await project.run(args, { echo: !(quiet || capture), timeoutMs: 300_000 });
        if (capture) process.stdout.write(result.stdout);
        if (result.status !== 0) {
            throw new DemoFailure(
                `pulumi ${args.slice(0, 2).join(" ")} exited with ${result.status}${quiet || capture ? `:\n${result.stderr}` : ""}`,
            );
        }
        return result.stdout;
    };
    const stack = ["--stack", "demo"];
    await run(["stack", "init", "demo"], { quiet: true });
    await run(["config", "set", "tencent-chat:sdkAppId", String(ctx.emulator.settings.sdkAppId), ...stack], { quiet: true });
    await run(["config", "set", "--secret", "tencent-chat:secretKey", ctx.emulator.settings.secretKey, ...stack], {
        quiet: true,
    });
    await run(["config", "set", "tencent-chat:endpoint", ctx.emulator.url, ...stack], { quiet: true });
    // Absolute: the program resolves the manifest against the project directory, now the copy.
    await run(["config", "set", "manifest", path.resolve(repoRoot, ctx.manifest), ...stack], { quiet: true });
    banner("pulumi up");
    await run(["up", "--yes", "--skip-preview", ...stack]);
    banner("pulumi preview --expect-no-changes — nothing changed, so nothing to do");
    await run(["preview", "--expect-no-changes", ...stack]);
    await editInConsole(ctx);
    banner("pulumi refresh --diff — what changed outside Pulumi");
    const refreshed = await run(["refresh", "--yes", "--diff", ...stack], { capture: true });
    // The drift must come from the CLI's own refresh output, not from what this demo printed.
    if (!refreshed.includes("Renamed in the console"))
        throw new DemoFailure("pulumi refresh did not show the drift of the edited channel");
    banner("pulumi up --diff — put the manifest back in charge");
    await run(["up", "--yes", "--diff", ...stack]);
    await assertRestored(ctx);
    banner("pulumi destroy");
    await run(["destroy", "--yes", "--skip-preview", ...stack]);
    await run(["stack", "rm", "demo", "--yes", "--force"], { quiet: true });
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            mode: { type: "string", default: "auto" },
            manifest: { type: "string", default: DEFAULT_MANIFEST },
            keep: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    if (!["auto", "cli", "host"].includes(values.mode!)) {
        console.error(`Unknown --mode ${values.mode}.\n${USAGE}`);
        return 1;
    }
    const pulumi = values.mode === "host" ? undefined : findPulumi();
    if (values.mode === "cli" && !pulumi) {
        console.error(
            `--mode cli: no Pulumi CLI, neither on PATH nor built: run \`${BUILD_COMMAND}\` (it compiles it from its Go modules).`,
        );
        return 1;
    }

    const workDir = mkdtempSync(path.join(os.tmpdir(), "tencent-chat-demo-"));
    const statePath = path.join(workDir, "emulator-state.json");
    const emulator = await startEmulator({ statePath });
    const chat = createChatClient({
        sdkAppId: emulator.settings.sdkAppId,
        secretKey: emulator.settings.secretKey,
        endpoint: emulator.url,
    });
    console.log(`Tencent Chat emulator on ${emulator.url} (state: ${statePath}); no Tencent account needed.`);
    try {
        banner(`Importing the channel owners (${OWNERS.join(", ")}) — on Tencent, owners must be imported users`);
        await chat.importAccounts(OWNERS);
        const ctx: DemoContext = { emulator, console: chat, manifest: values.manifest!, workDir, edited: "@TOA#_news" };
        if (pulumi) await runThroughCli(ctx, pulumi);
        else await runThroughHost(ctx);

        const left = emulator.channels().length;
        banner(`Channels left on the emulator: ${left}`);
        if (left !== 0) throw new DemoFailure(`${left} channel(s) left behind`);
        console.log("\nDemo finished: every step succeeded.");
        return 0;
    } catch (error) {
        console.error(`\n✗ Demo failed: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
    } finally {
        await emulator.stop();
        if (values.keep) console.log(`Kept ${workDir}`);
        else rmSync(workDir, { recursive: true, force: true });
    }
}

main().then((code) => process.exit(code));
