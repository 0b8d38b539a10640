/**
 * `npm run bench -- --cli`: create, no-op update, refresh, update and delete of N channels through the real
 * Pulumi CLI (built by `npm run pulumi-cli`), with the dynamic provider and with the plugin, and in
 * the same run the same N resources of a dynamic provider that does no I/O at all: what the engine
 * itself costs for that plan. Each wall time is reported against the API floor (Tencent's 200
 * calls/s per command, one round trip at least), the concurrency floor (⌈N / parallel⌉ × round
 * trips per resource × latency at the CLI's default parallelism) and the engine's own cost.
 */
import os from "node:os";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { PLUGIN_DIR } from "../engine/plugin-host";
import { CliProject } from "../pulumi-cli/project";
import { BUILD_COMMAND, locatePulumiCli } from "../pulumi-cli/release";
import { API_CALLS_PER_SECOND } from "./bench";
import { callsDelta } from "./harness";

/** What --cli measures. */
export interface CliBenchOptions {
    n: number;
    latencyMs: number;
    /** PULUMI_PARALLEL for every command; the CLI's default (4 × cores) when absent. */
    parallel?: number;
    progress: (line: string) => void;
}

/** One command's measurement. */
export interface CliScenario {
    stack: "dynamic" | "plugin" | "no-I/O";
    step: string;
    wallMs: number;
    /** The 1-minute load average when the step started: the machine may be shared. */
    load: number;
    calls: Record<string, number>;
    apiFloorMs: number;
    concurrencyFloorMs: number;
    /** The same step of the no-I/O stack. */
    engineMs?: number;
}

/** The CLI's default parallelism: pkg/cmd/pulumi/operations/up.go defaultParallel, GOMAXPROCS × 4. */
export const CLI_DEFAULT_PARALLEL = os.availableParallelism() * 4;

/** Each step's command; `update` first changes every channel's name (BENCH_SUFFIX, the YAML program rewritten). */
const STEPS: Array<[string, string[]]> = [
    ["create", ["up", "--yes", "--skip-preview"]],
    ["no-op up", ["up", "--yes", "--skip-preview"]],
    ["refresh", ["refresh", "--yes", "--skip-preview"]],
    ["update", ["up", "--yes", "--skip-preview"]],
    ["delete", ["destroy", "--yes", "--skip-preview"]],
];
const UPDATED_SUFFIX = " (renamed)";

const DYNAMIC_PROGRAM = `const { OfficialChannel } = require("pulumi-tencent-chat");
for (let i = 0; i < Number(process.env.BENCH_N); i++)
    new OfficialChannel("c" + i, { channelId: "@TOA#_bench" + i, owner: "ops", name: "Bench " + i + (process.env.BENCH_SUFFIX ?? "") });
`;

// The engine's own cost: the same plan with a provider that answers at once.
const NO_IO_PROGRAM = `const pulumi = require("@pulumi/pulumi");
const provider = {
    async create(inputs) { return { id: inputs.key, outs: inputs }; },
    async read(id, props) { return { id, props }; },
    async diff(id, olds, news) { return { changes: olds.name !== news.name }; },
    async update(id, olds, news) { return { outs: news }; },
    async delete() {},
};
class NoIo extends pulumi.dynamic.Resource {
    constructor(name, args) { super(provider, name, args); }
}
for (let i = 0; i < Number(process.env.BENCH_N); i++)
    new NoIo("c" + i, { key: "@TOA#_bench" + i, name: "Bench " + i + (process.env.BENCH_SUFFIX ?? "") });
`;

function pluginProgram(n: number, suffix = ""): string {
    const resources = Array.from(
        { length: n },
        (_, i) =>
            `  c${i}:\n    type: tencent-chat:index:OfficialChannel\n    properties:\n      channelId: "@TOA#_bench${i}"\n      owner: ops\n      name: Bench ${i}${suffix}\n`,
    );
    return `name: bench-plugin\nruntime: yaml\nplugins:\n  providers:\n    - name: tencent-chat\n      path: ${PLUGIN_DIR}\nresources:\n${resources.join("")}`;
}

/** The floors for one step from the calls it made: per-command API time, and round trips at the default parallelism. */
function floors(
    calls: Record<string, number>,
    n: number,
    latencyMs: number,
    parallel: number,
): { apiFloorMs: number; concurrencyFloorMs: number } {
    const counts = Object.values(calls).filter((c) => c > 0);
    if (counts.length === 0) return { apiFloorMs: 0, concurrencyFloorMs: 0 };
    const apiFloorMs = Math.max(latencyMs, ...counts.map((c) => (c / API_CALLS_PER_SECOND) * 1000));
    // One round trip per command a resource needs: create 1, refresh 1; update and delete 2 (the identity read, then the write).
    return { apiFloorMs, concurrencyFloorMs: Math.ceil(n / parallel) * counts.length * latencyMs };
}

async function runStack(cli: string, stack: CliScenario["stack"], options: CliBenchOptions): Promise<CliScenario[]> {
    const yaml = stack === "plugin" ? pluginProgram(options.n) : "name: bench\nruntime: nodejs\n";
    const project = new CliProject(cli, yaml, stack === "plugin" ? undefined : "program.js");
    try {
        writeFileSync(path.join(project.dir, "program.js"), stack === "no-I/O" ? NO_IO_PROGRAM : DYNAMIC_PROGRAM);
        const emulator = await project.emulator({ users: ["ops"], latencyMs: options.latencyMs });
        project.setEnv({
            BENCH_N: String(options.n),
            TENCENT_CHAT_SDKAPPID: String(emulator.settings.sdkAppId),
            TENCENT_CHAT_SECRET_KEY: emulator.settings.secretKey,
            TENCENT_CHAT_ENDPOINT: emulator.url,
            ...(options.parallel === undefined ? {} : { PULUMI_PARALLEL: String(options.parallel) }),
        });
        await project.ok("stack", "init", "bench");
        const results: CliScenario[] = [];
        for (const [step, args] of STEPS) {
            if (step === "update") {
                project.setEnv({ BENCH_SUFFIX: UPDATED_SUFFIX });
                if (stack === "plugin")
                    writeFileSync(path.join(project.dir, "Pulumi.yaml"), pluginProgram(options.n, UPDATED_SUFFIX));
            }
            const load = os.loadavg()[0]!;
            const before = emulator.stats().calls;
            const started = performance.now();
            await project.ok(...args);
            const wallMs = performance.now() - started;
            const calls = Object.fromEntries(Object.entries(callsDelta(before, emulator.stats().calls)).filter(([, c]) => c > 0));
            results.push({
                stack,
                step,
                wallMs,
                load,
                calls,
                ...floors(calls, options.n, options.latencyMs, parallelOf(options)),
            });
            options.progress(`  ${stack} ${step}: ${(wallMs / 1000).toFixed(1)} s`);
        }
        if (emulator.channels().length !== 0)
            throw new Error(`${stack}: ${emulator.channels().length} channels left after destroy`);
        return results;
    } finally {
        await project.dispose();
    }
}

const parallelOf = (options: CliBenchOptions) => options.parallel ?? CLI_DEFAULT_PARALLEL;

/** Runs the three stacks one after another (never at once: they would share the two cores). */
export async function runCliBench(options: CliBenchOptions): Promise<CliScenario[]> {
    const cli = locatePulumiCli();
    if (!cli) throw new Error(`--cli needs the Pulumi CLI built by \`${BUILD_COMMAND}\`; run it first.`);
    options.progress(`Real CLI, N = ${options.n}, latency ${options.latencyMs} ms, parallelism ${parallelOf(options)}`);
    const engine = await runStack(cli.dir, "no-I/O", options);
    const measured = [...(await runStack(cli.dir, "dynamic", options)), ...(await runStack(cli.dir, "plugin", options))];
    for (const scenario of measured) scenario.engineMs = engine.find((e) => e.step === scenario.step)?.wallMs;
    return [...measured, ...engine];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number | undefined) => (b === undefined || b <= 0 ? "—" : `${(a / b).toFixed(2)}×`);

/** The report as a Markdown table. */
export function formatCliReport(scenarios: CliScenario[], options: CliBenchOptions): string {
    const rows = scenarios.map((s) => {
        const floor = Math.max(s.apiFloorMs, s.concurrencyFloorMs);
        const calls =
            Object.entries(s.calls)
                .map(([c, k]) => `${c} ×${k}`)
                .join(", ") || "none";
        const engine = s.engineMs === undefined ? "—" : seconds(s.engineMs);
        const withEngine = s.engineMs === undefined ? undefined : s.concurrencyFloorMs + s.engineMs;
        return `| ${s.stack} | ${s.step} | ${calls} | ${seconds(s.wallMs)} | ${seconds(s.apiFloorMs)} | ${seconds(s.concurrencyFloorMs)} | ${engine} | ${ratio(s.wallMs, floor)} | ${ratio(s.wallMs, s.engineMs)} | ${ratio(s.wallMs, withEngine)} | ${s.load.toFixed(1)} |`;
    });
    return [
        `Real Pulumi CLI, N = ${options.n} channels, emulator latency ${options.latencyMs} ms, ` +
            (options.parallel === undefined
                ? `CLI default parallelism ${CLI_DEFAULT_PARALLEL} (4 × ${os.availableParallelism()} cores)`
                : `PULUMI_PARALLEL=${options.parallel}`) +
            `; load average ${os
                .loadavg()
                .map((v) => v.toFixed(2))
                .join(" ")} at the end`,
        "",
        "| stack | step | API calls | wall | API floor | concurrency floor | engine (no I/O) | wall / max floor | wall / engine | wall / (conc. floor + engine) | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        ...rows,
    ].join("\n");
}
