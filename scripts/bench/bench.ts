/**
 * The benchmark: OfficialChannel driven through Pulumi's real dynamic-provider host over gRPC (the
 * Engine keeps `parallel` operations in flight, like `pulumi up --parallel`) against the emulator
 * with its latency and 200 calls/s per-command limit. Each scenario is measured against the floor
 * the API limits imply. Reusable: `npm run bench` and the smoke test both call `runBench`.
 */
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { startEmulator, type EmulatorHandle } from "../../emulator/index";
import { Engine, type DeclaredResource, type Step } from "../engine/engine";
import { serializeProvider } from "../engine/host";
import { CHANNEL as PLUGIN_CHANNEL_TYPE, PluginProcess } from "../engine/plugin-host";
import {
    CHANNEL_TYPE,
    CpuMeter,
    MemorySampler,
    PROJECT,
    callsDelta,
    percentile,
    procStatusMb,
    providerText,
    repoRoot,
    startHost,
    sum,
    type StartedHost,
} from "./harness";
import { installedProviderText, stateBytes, type StateBytes } from "./state-bytes";

/** Tencent's documented limits (tencent-chat-api.md §1.6). */
export const API_CALLS_PER_SECOND = 200;
export const IDS_PER_READ = 50;
/** `__provider` in any layout, including copied by value from a linked checkout. */
export const PROVIDER_LIMIT_BYTES = 2048;
/** `__provider` of an installed package, captured by reference. */
export const INSTALLED_PROVIDER_LIMIT_BYTES = 900;
const READ = "get_official_account_info";
const CREATE = "create_official_account";

export interface BenchOptions {
    /** Channels per scenario. @default 1000 */
    n?: number;
    /** Operations in flight (pulumi up --parallel). @default 64 */
    parallel?: number;
    /** Several parallelisms, each run in turn (overrides `parallel`). */
    parallels?: number[];
    /** Runs of each parallelism; each scenario reports its median run (by wall time). @default 1 */
    repeat?: number;
    /** Run the same scenarios with a provider that does no I/O: the engine's own cost. @default false */
    engineBaseline?: boolean;
    /** Emulator latency per API call, ms. @default 50 */
    latencyMs?: number;
    /** Run the batching-off baseline (fresh host, create → refresh → delete). @default true */
    baseline?: boolean;
    /** Run the same create, no-op, refresh and delete through the tencent-chat provider plugin (`npm run bench` does unless --no-plugin). @default false */
    plugin?: boolean;
    /** Progress lines (stderr in the CLI). */
    progress?: (line: string) => void;
}

export interface Floor {
    /** API calls the limits require. */
    calls: number;
    /** Time the API limits alone require: the busiest command's calls / 200 per s, never below one round-trip, ms. */
    apiMs: number;
    /** Time the engine's concurrency requires: ⌈N / parallel⌉ × sequential round-trips per operation × latency, ms. */
    concurrencyMs: number;
    /** The honest floor: the larger of the two, ms. */
    ms: number;
}

export interface Target {
    label: string;
    ok: boolean;
    detail: string;
}

export interface ScenarioResult {
    name: string;
    /** Operations in flight (the engine's --parallel). */
    parallel: number;
    /** Wall time of the same scenario with the no-I/O provider at the same parallelism (the engine's own cost), ms. */
    engineMs?: number;
    /** Runs measured; the figures are the median run's. */
    runs: number;
    /** Wall time of every run, ms. */
    wallRunsMs: number[];
    /** Operations (engine steps). */
    ops: number;
    errors: number;
    wallMs: number;
    /** API calls per command, from the emulator's stats. */
    calls: Record<string, number>;
    totalCalls: number;
    floor: Floor;
    /** wall / floor.ms; null when the floor is zero. */
    timeRatio: number | null;
    /** totalCalls / floor.calls; null when the floor is zero calls. */
    callRatio: number | null;
    /** Rate-limit rejections (60007) answered by the emulator's limiter. */
    rejections: number;
    p50Ms: number;
    p95Ms: number;
    /** ops / wall, per second. */
    opsPerSecond: number;
    /** Successful create calls per second at the server, first to last (create scenarios). */
    sustainedCreatesPerSecond?: number;
    hostPeakRssMb: number | undefined;
    benchPeakRssMb: number;
    /** CPU time of the host child during the scenario, ms. */
    hostCpuMs: number | undefined;
    /** CPU time of the bench process (engine, gRPC client and the in-process emulator), ms. */
    benchCpuMs: number;
    targets: Target[];
}

export interface BenchReport {
    node: string;
    cpus: number;
    /** Load average (1, 5, 15 min) at the start and at the end of the run: the machine may be shared. */
    load: { start: number[]; end: number[] };
    n: number;
    parallel: number;
    parallels: number[];
    latencyMs: number;
    apiCallsPerSecond: number;
    /** `__provider` bytes in this run's layout (state.providerBytes). */
    providerBytes: number;
    /** Bytes each channel adds to the state, in this run's layout and installed. */
    state: StateBytes;
    /** The host child's VmHWM at the end of the run (MB). */
    hostHwmMb: number | undefined;
    scenarios: ScenarioResult[];
    targets: Target[];
    totalMs: number;
}

/**
 * `calls`: the fewest calls per command the scenario needs (each command has its own 200/s);
 * `roundTripsPerOp`: sequential calls each operation must wait for.
 */
function floorFor(calls: number[], n: number, parallel: number, latencyMs: number, roundTripsPerOp: number): Floor {
    const busiest = Math.max(0, ...calls);
    const apiMs = busiest === 0 ? 0 : Math.max((busiest / API_CALLS_PER_SECOND) * 1000, latencyMs);
    const concurrencyMs = roundTripsPerOp === 0 ? 0 : Math.ceil(n / parallel) * roundTripsPerOp * latencyMs;
    return { calls: sum(calls), apiMs, concurrencyMs, ms: Math.max(apiMs, concurrencyMs) };
}

interface ScenarioSpec {
    name: string;
    floor: Floor;
    run: () => Promise<Step[]>;
    /** Record server-side timestamps of successful creates. */
    timeCreates?: boolean;
}

class Bench {
    private createTimes: number[] | undefined;
    readonly emulatorLog = (line: string): void => {
        if (this.createTimes && line.startsWith(`${CREATE}: 0`)) this.createTimes.push(performance.now());
    };

    /** The parallelism being measured. */
    parallel = 0;

    constructor(private readonly emulator: () => EmulatorHandle) {}

    async measure(spec: ScenarioSpec, started: StartedHost): Promise<ScenarioResult> {
        const emulator = this.emulator();
        const before = emulator.stats();
        this.createTimes = spec.timeCreates ? [] : undefined;
        const memory = new MemorySampler(started.pid);
        const cpu = new CpuMeter(started.pid);
        const t0 = performance.now();
        const steps = await spec.run();
        const wallMs = performance.now() - t0;
        const mem = memory.stop();
        const cpuUsed = cpu.stop();
        const after = emulator.stats();
        const calls = callsDelta(before.calls, after.calls);
        const totalCalls = sum(Object.values(calls));
        const times = this.createTimes;
        this.createTimes = undefined;
        const ms = steps.map((s) => s.ms);
        const result: ScenarioResult = {
            name: spec.name,
            parallel: this.parallel,
            runs: 1,
            wallRunsMs: [wallMs],
            ops: steps.length,
            errors: steps.filter((s) => s.error).length,
            wallMs,
            calls,
            totalCalls,
            floor: spec.floor,
            timeRatio: spec.floor.ms > 0 ? wallMs / spec.floor.ms : null,
            callRatio: spec.floor.calls > 0 ? totalCalls / spec.floor.calls : null,
            rejections: after.rateLimited - before.rateLimited,
            p50Ms: percentile(ms, 50),
            p95Ms: percentile(ms, 95),
            opsPerSecond: steps.length / (wallMs / 1000),
            hostPeakRssMb: mem.hostPeakMb,
            benchPeakRssMb: mem.benchPeakMb,
            hostCpuMs: cpuUsed.hostCpuMs,
            benchCpuMs: cpuUsed.benchCpuMs,
            targets: [],
        };
        if (times && times.length > 1)
            result.sustainedCreatesPerSecond = (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000);
        const firstError = steps.find((s) => s.error)?.error;
        if (firstError)
            result.targets.push({
                label: "no errors",
                ok: false,
                detail: `${result.errors} failed, e.g. ${firstError.split("\n")[0]}`,
            });
        return result;
    }
}

/** `provider` is the dynamic provider's `__provider` text; undefined declares plugin resources. */
function declare(
    prefix: string,
    n: number,
    provider: string | undefined,
    introduction: (i: number) => string,
): DeclaredResource[] {
    return Array.from({ length: n }, (_, i) => ({
        type: provider === undefined ? PLUGIN_CHANNEL_TYPE : CHANNEL_TYPE,
        name: `${prefix}-${i}`,
        inputs: {
            channelId: `@TOA#_${prefix}${i}`,
            owner: "ops",
            name: `Bench channel ${i}`,
            introduction: introduction(i),
            organization: "bench",
            ...(provider === undefined ? {} : { __provider: provider }),
        },
    }));
}

/** The provider plugin started as the nodejs language host starts it, configured for `emulator` like a stack's default provider. */
async function startPlugin(emulator: EmulatorHandle): Promise<{ plugin: PluginProcess; started: StartedHost }> {
    const plugin = await PluginProcess.start({ cwd: repoRoot });
    await plugin.configure({
        sdkAppId: String(emulator.settings.sdkAppId),
        secretKey: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: emulator.settings.secretKey },
        endpoint: emulator.url,
    });
    return { plugin, started: { host: plugin.engineHost(), pid: plugin.pid } };
}

/** Everything the scenarios of one parallelism share. */
interface RunContext {
    n: number;
    parallel: number;
    latencyMs: number;
    emulator: EmulatorHandle;
    /** The `__provider` text every dynamic channel carries. */
    provider: string;
    /** The floors of each scenario (see {@link floorsFor}). */
    floors: ReturnType<typeof floorsFor>;
    /** Host processes to stop at the end. */
    hosts: StartedHost[];
    /** Measures one scenario on `host`, reports progress and keeps the result. */
    scenario: (spec: ScenarioSpec, host: StartedHost) => Promise<ScenarioResult>;
}

const NO_FLOOR: Floor = { calls: 0, apiMs: 0, concurrencyMs: 0, ms: 0 };

/**
 * Each scenario's floor. Round trips per operation: create 1 (the create call; createTime is read
 * later, when needed), refresh 1, update and delete 2 (the identity read, then the write: a channel
 * re-created by someone else must never be changed or deleted, docs/safety.md). Reads count
 * ⌈N/50⌉ calls, writes one each, every command at 200/s of its own.
 */
function floorsFor(n: number, parallel: number, latencyMs: number) {
    const reads = Math.ceil(n / IDS_PER_READ);
    return {
        create: floorFor([n], n, parallel, latencyMs, 1),
        refresh: floorFor([reads], n, parallel, latencyMs, 1),
        update: floorFor([reads, n], n, parallel, latencyMs, 2),
        delete: floorFor([reads, n], n, parallel, latencyMs, 2),
    };
}

/** The CLI's default parallelism on this machine (pkg/cmd/pulumi/operations/up.go: GOMAXPROCS × 4), 16 and 64. */
export function usersParallelisms(): number[] {
    return [...new Set([availableParallelism() * 4, 16, 64])].sort((a, b) => a - b);
}

/** The median wall time (of an even count, the mean of the middle two), with the other figures of the lower middle run. */
function median(runs: ScenarioResult[]): ScenarioResult {
    const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
    const lower = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const wallMs = (lower.wallMs + sorted[Math.floor(sorted.length / 2)]!.wallMs) / 2;
    const timeRatio = lower.floor.ms > 0 ? wallMs / lower.floor.ms : null;
    return { ...lower, wallMs, timeRatio, runs: runs.length, wallRunsMs: runs.map((r) => r.wallMs) };
}

/**
 * Runs every scenario against one emulator, at each parallelism in turn, and returns the
 * measurements and the targets they meet. Defaults: 1000 channels, 64 in flight, 50 ms latency,
 * baseline on, plugin off, one run each.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
    const n = options.n ?? 1000;
    const parallels = options.parallels ?? [options.parallel ?? 64];
    const latencyMs = options.latencyMs ?? 50;
    const repeat = options.repeat ?? 1;
    const progress = options.progress ?? (() => undefined);
    const runStarted = performance.now();
    const loadStart = loadavg();

    let emulator: EmulatorHandle | undefined;
    const bench = new Bench(() => emulator!);
    emulator = await startEmulator({
        users: ["ops"],
        latencyMs,
        callsPerSecond: API_CALLS_PER_SECOND,
        maxChannels: 2 * n + 100,
        log: bench.emulatorLog,
    });
    const hosts: StartedHost[] = [];
    try {
        const main = await startHost(emulator);
        hosts.push(main);
        const provider = await providerText();
        const noIo = options.engineBaseline ? await serializeProvider(NO_IO_PROVIDER) : undefined;
        const scenarios: ScenarioResult[] = [];
        let state: StateBytes | undefined;
        for (const parallel of parallels) {
            bench.parallel = parallel;
            const runs: ScenarioResult[][] = [];
            for (let run = 0; run < repeat; run++) {
                progress(`parallel ${parallel}, run ${run + 1} of ${repeat}:`);
                const measured: ScenarioResult[] = [];
                const context: RunContext = {
                    n,
                    parallel,
                    latencyMs,
                    emulator,
                    provider,
                    floors: floorsFor(n, parallel, latencyMs),
                    hosts,
                    scenario: async (spec, host) => {
                        const result = await bench.measure(spec, host);
                        progress(
                            `  ${spec.name}: ${(result.wallMs / 1000).toFixed(2)} s, ${result.totalCalls} calls${result.errors ? `, ${result.errors} errors` : ""}`,
                        );
                        measured.push(result);
                        return result;
                    },
                };
                const core = await runCoreScenarios(context, main);
                state ??= core.state;
                if (noIo !== undefined) await runEngineBaseline(context, main, noIo);
                if ((options.baseline ?? true) && run === 0 && parallel === parallels[0]) await runBaseline(context);
                if ((options.plugin ?? false) && run === 0) await runPluginScenarios(context);
                runs.push(measured);
            }
            const medians = runs[0]!.map((first, i) =>
                first.runs === 1 && runs.every((r) => r[i]?.name === first.name) ? median(runs.map((r) => r[i]!)) : first,
            );
            for (const result of medians) {
                const engine = medians.find((e) => e.name === `${result.name} (no I/O)`);
                if (engine) result.engineMs = engine.wallMs;
            }
            addCoreTargets(medians);
            scenarios.push(...medians);
        }
        return {
            node: process.version,
            cpus: availableParallelism(),
            load: { start: loadStart, end: loadavg() },
            n,
            parallel: parallels[0]!,
            parallels,
            latencyMs,
            apiCallsPerSecond: API_CALLS_PER_SECOND,
            providerBytes: state!.providerBytes,
            state: state!,
            hostHwmMb: procStatusMb(main.pid, "VmHWM"),
            scenarios,
            targets: reportTargets(state!, scenarios),
            totalMs: performance.now() - runStarted,
        };
    } finally {
        for (const started of hosts) await started.host.stop();
        await emulator.stop();
    }
}

interface CoreResults {
    /** Bytes per channel in the state, measured after the create. */
    state: StateBytes;
}

/** create → no-op → refresh → update → delete through the dynamic-provider host, with read batching on. */
async function runCoreScenarios(context: RunContext, main: StartedHost): Promise<CoreResults> {
    const { n, parallel, provider, floors } = context;
    const engine = new Engine(main.host, { project: PROJECT, parallel });
    const prefix = `bench${parallel}x`;
    const v1 = declare(prefix, n, provider, (i) => `Channel number ${i}`);
    const v2 = declare(prefix, n, provider, (i) => `Channel number ${i}, updated`);
    await context.scenario({ name: "create", floor: floors.create, run: () => engine.up(v1), timeCreates: true }, main);
    const channels = [...engine.state.values()].filter((entry) => entry.type === CHANNEL_TYPE);
    const state = stateBytes(channels, provider, await installedProviderText());
    await context.scenario({ name: "no-op diff", floor: NO_FLOOR, run: () => engine.up(v1) }, main);
    await context.scenario({ name: "refresh", floor: floors.refresh, run: () => engine.refresh() }, main);
    await context.scenario({ name: "update", floor: floors.update, run: () => engine.up(v2) }, main);
    await context.scenario({ name: "delete", floor: floors.delete, run: () => engine.destroy() }, main);
    return { state };
}

/**
 * A dynamic provider that answers at once and calls nothing: the same plan through the same host
 * and engine costs what the engine and the gRPC boundary cost. Serialized by value, so it must not
 * capture anything.
 */
const NO_IO_PROVIDER = {
    async create(inputs: Record<string, unknown>) {
        return { id: String(inputs.channelId), outs: inputs };
    },
    async read(id: string, props: Record<string, unknown>) {
        return { id, props };
    },
    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return { changes: olds.introduction !== news.introduction };
    },
    async update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>) {
        return { outs: news };
    },
    async delete() {},
};

/** The engine's own cost: the core scenarios with {@link NO_IO_PROVIDER}, at the same parallelism. */
async function runEngineBaseline(context: RunContext, main: StartedHost, provider: string): Promise<void> {
    const { n, parallel } = context;
    const engine = new Engine(main.host, { project: PROJECT, parallel });
    const v1 = declare(`noio${parallel}x`, n, provider, (i) => `Channel number ${i}`);
    const v2 = declare(`noio${parallel}x`, n, provider, (i) => `Channel number ${i}, updated`);
    const spec = (name: string, run: () => Promise<Step[]>) => ({ name: `${name} (no I/O)`, floor: NO_FLOOR, run });
    await context.scenario(
        spec("create", () => engine.up(v1)),
        main,
    );
    await context.scenario(
        spec("no-op diff", () => engine.up(v1)),
        main,
    );
    await context.scenario(
        spec("refresh", () => engine.refresh()),
        main,
    );
    await context.scenario(
        spec("update", () => engine.up(v2)),
        main,
    );
    await context.scenario(
        spec("delete", () => engine.destroy()),
        main,
    );
}

/** The naive baseline: a fresh host process with read batching switched off; returns its refresh. */
async function runBaseline(context: RunContext): Promise<ScenarioResult> {
    const unbatched = await startHost(context.emulator, { batchReads: "false" });
    context.hosts.push(unbatched);
    const engine = new Engine(unbatched.host, { project: PROJECT, parallel: context.parallel });
    const set = declare(`naive${context.parallel}x`, context.n, context.provider, (i) => `Channel number ${i}`);
    const { floors } = context;
    await context.scenario(
        { name: "create (batching off)", floor: floors.create, run: () => engine.up(set), timeCreates: true },
        unbatched,
    );
    const naive = await context.scenario(
        { name: "refresh (batching off)", floor: floors.refresh, run: () => engine.refresh() },
        unbatched,
    );
    await context.scenario({ name: "delete (batching off)", floor: floors.delete, run: () => engine.destroy() }, unbatched);
    return naive;
}

/** The same create, no-op, refresh and delete through the tencent-chat provider plugin. */
async function runPluginScenarios(context: RunContext): Promise<void> {
    const { plugin, started } = await startPlugin(context.emulator);
    try {
        const engine = new Engine(started.host, { project: PROJECT, parallel: context.parallel });
        const set = declare(`plugin${context.parallel}x`, context.n, undefined, (i) => `Channel number ${i}`);
        const { floors } = context;
        const readFloor = floors.refresh;
        const create = await context.scenario(
            { name: "create (plugin)", floor: floors.create, run: () => engine.up(set), timeCreates: true },
            started,
        );
        create.targets.push({ label: "0 rejections", ok: create.rejections === 0, detail: `${create.rejections} × 60007` });
        const noop = await context.scenario({ name: "no-op diff (plugin)", floor: NO_FLOOR, run: () => engine.up(set) }, started);
        noop.targets.push({ label: "0 API calls", ok: noop.totalCalls === 0, detail: `${noop.totalCalls} calls` });
        const refresh = await context.scenario(
            { name: "refresh (plugin)", floor: readFloor, run: () => engine.refresh() },
            started,
        );
        const reads = refresh.calls[READ] ?? 0;
        refresh.targets.push({
            label: `≤ ${readFloor.calls} read calls`,
            ok: reads <= readFloor.calls,
            detail: `${reads} read calls`,
        });
        await context.scenario({ name: "delete (plugin)", floor: floors.delete, run: () => engine.destroy() }, started);
    } finally {
        await plugin.stop();
    }
}

/** Targets of one parallelism's scenarios (medians): reported, not asserted. */
function addCoreTargets(results: ScenarioResult[]): void {
    const named = (name: string) => results.find((r) => r.name === name);
    for (const result of results) {
        const { floor } = result;
        if (floor.ms === 0 || result.name.includes("batching off")) continue;
        const apiBound = floor.apiMs >= floor.concurrencyMs;
        const limit = apiBound ? 1.1 : 1.15;
        result.targets.push({
            label: `≤ ${limit}× the ${apiBound ? "API" : "concurrency"} floor`,
            ok: result.wallMs <= limit * floor.ms,
            detail: `${fmtMs(result.wallMs)} vs ${fmtMs(floor.ms)} (${(result.timeRatio ?? 0).toFixed(2)}×)${result.engineMs === undefined ? "" : `; the engine alone ${fmtMs(result.engineMs)}`}`,
        });
    }
    const refresh = named("refresh");
    if (refresh) {
        const reads = refresh.calls[READ] ?? 0;
        // ⌈N/50⌉ when the engine sends every read at once; with P in flight a round of P reads cannot be fuller.
        const allowed = Math.max(refresh.floor.calls, 2 * Math.ceil(refresh.ops / refresh.parallel));
        refresh.targets.push({ label: `≤ ${allowed} read calls`, ok: reads <= allowed, detail: `${reads} read calls` });
    }
    const create = named("create");
    if (create) {
        if (create.floor.apiMs >= create.floor.concurrencyMs) {
            const sustained = create.sustainedCreatesPerSecond ?? 0;
            create.targets.push({
                label: "≥ 190 creates/s sustained",
                ok: sustained >= 190,
                detail: `${sustained.toFixed(1)}/s at the server (${create.opsPerSecond.toFixed(1)}/s wall)`,
            });
        }
        create.targets.push({ label: "0 rejections", ok: create.rejections === 0, detail: `${create.rejections} × 60007` });
    }
    const noop = named("no-op diff");
    noop?.targets.push({ label: "0 API calls", ok: noop.totalCalls === 0, detail: `${noop.totalCalls} calls` });
    const naive = named("refresh (batching off)");
    if (naive && refresh) {
        naive.targets.push({
            label: "baseline",
            ok: true,
            detail: `${naive.calls[READ] ?? 0} read calls, ${(naive.wallMs / refresh.wallMs).toFixed(1)}× the batched refresh's time`,
        });
    }
}

/** The run's targets: the state-size limits first, then every scenario's own (baselines excluded). */
function reportTargets(state: StateBytes, scenarios: ScenarioResult[]): Target[] {
    return [
        { label: "__provider < 2 KB", ok: state.providerBytes < PROVIDER_LIMIT_BYTES, detail: `${state.providerBytes} bytes` },
        {
            label: `installed __provider ≤ ${INSTALLED_PROVIDER_LIMIT_BYTES} bytes`,
            ok: state.installed.providerBytes <= INSTALLED_PROVIDER_LIMIT_BYTES,
            detail: `${state.installed.providerBytes} bytes`,
        },
        ...scenarios.flatMap((s) =>
            s.targets
                .filter((t) => t.label !== "baseline")
                .map((t) => ({ ...t, label: `P=${s.parallel} ${s.name}: ${t.label}` })),
        ),
    ];
}

// ---------------------------------------------------------------------------------------------
// Presentation

function fmtMs(ms: number): string {
    return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

const SHORT: Record<string, string> = {
    create_official_account: "create",
    get_official_account_info: "read",
    modify_official_account_base_info: "modify",
    destroy_official_account: "destroy",
};

function fmtCalls(calls: Record<string, number>): string {
    const parts = Object.entries(calls).map(([command, count]) => `${SHORT[command] ?? command} ${count}`);
    return parts.length === 0 ? "—" : parts.join(", ");
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
    const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? "")].length)));
    const line = (cells: string[]) =>
        cells
            .map((cell, i) => {
                const pad = " ".repeat(widths[i]! - [...cell].length);
                return rightAligned.has(i) ? pad + cell : cell + pad;
            })
            .join("  ")
            .trimEnd();
    return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const CAPTURE: Record<StateBytes["capture"], string> = {
    reference: "__provider by reference",
    value: "__provider copied by value: linked checkout",
};

/** The state-size lines: this run's layout, then an installed package's. */
function formatStateBytes(state: StateBytes): string[] {
    return [
        `State per channel, this run (${CAPTURE[state.capture]}): ${state.perChannelBytes} bytes = outputs ${state.outputsBytes} + __provider ${state.providerBytes}.`,
        `State per channel, installed package (${CAPTURE.reference}): ${state.installed.perChannelBytes} bytes = outputs ${state.outputsBytes} + __provider ${state.installed.providerBytes}.`,
    ];
}

/** The report as text: one table for every parallelism, the targets, state size and the floors explained. */
export function formatReport(report: BenchReport): string {
    const mb = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(0));
    const ratio = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v.toFixed(2)}×`);
    const header = [
        "P",
        "scenario",
        "ops",
        "API calls (per command)",
        "total",
        "wall",
        "runs (wall)",
        "API floor",
        "conc. floor",
        "wall/floor",
        "engine (no I/O)",
        "wall/engine",
        "wall/(conc.+engine)",
        "60007",
        "p50",
        "p95",
        "host CPU",
        "bench CPU",
    ];
    const rows = report.scenarios.map((s) => [
        String(s.parallel),
        s.name + (s.errors ? ` (${s.errors} errors)` : ""),
        String(s.ops),
        fmtCalls(s.calls),
        String(s.totalCalls),
        fmtMs(s.wallMs),
        s.wallRunsMs.map((ms) => (ms / 1000).toFixed(1)).join(", "),
        s.floor.apiMs > 0 ? fmtMs(s.floor.apiMs) : "—",
        s.floor.concurrencyMs > 0 ? fmtMs(s.floor.concurrencyMs) : "—",
        ratio(s.timeRatio),
        s.engineMs === undefined ? "—" : fmtMs(s.engineMs),
        ratio(s.engineMs === undefined ? undefined : s.wallMs / s.engineMs),
        ratio(
            s.engineMs === undefined || s.floor.concurrencyMs === 0 ? undefined : s.wallMs / (s.floor.concurrencyMs + s.engineMs),
        ),
        String(s.rejections),
        fmtMs(s.p50Ms),
        fmtMs(s.p95Ms),
        s.hostCpuMs === undefined ? "n/a" : fmtMs(s.hostCpuMs),
        fmtMs(s.benchCpuMs),
    ]);
    const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(" ");
    const out: string[] = [];
    out.push(
        `pulumi-tencent-chat benchmark — N=${report.n}, parallel ${report.parallels.join(", ")}, latency=${report.latencyMs} ms, ` +
            `API limit ${report.apiCallsPerSecond} calls/s per command, ${report.cpus} CPUs, node ${report.node}; ` +
            `load average ${load(report.load.start)} at the start, ${load(report.load.end)} at the end`,
    );
    out.push("");
    out.push(table(header, rows, new Set([0, 2, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17])));
    out.push("");
    out.push("Targets (reported, not asserted):");
    for (const t of report.targets) out.push(`  ${t.ok ? "✓" : "✗"} ${t.label} — ${t.detail}`);
    out.push("");
    out.push(...formatStateBytes(report.state));
    out.push(`Host child peak RSS over the run (VmHWM): ${mb(report.hostHwmMb)} MB.`);
    out.push(`Total run time ${fmtMs(report.totalMs)}.`);
    out.push("");
    out.push(
        "API floor: the busiest command's fewest calls (reads ⌈N/50⌉, writes one each) at 200/s, never below one round trip.",
    );
    out.push(
        "Concurrency floor: ⌈N/P⌉ × round trips per operation × latency — create 1, refresh 1, update and delete 2 (the identity",
    );
    out.push(
        "read, then the write). wall/floor is against the larger. engine (no I/O): the same plan, host and parallelism with a",
    );
    out.push(
        "provider that calls nothing — what the engine and the gRPC boundary cost on this machine, which the floors do not include.",
    );
    out.push(
        "wall/(conc.+engine): the refresh's P reads share one call, so the engine's turnaround between rounds cannot overlap",
    );
    out.push(
        "the API's latency: ⌈N/P⌉ round trips plus the engine's own time is what such rounds cost at best (docs/performance.md).",
    );
    out.push(
        "wall is the median of the runs (of two, their mean), the other figures the lower middle run's; runs lists every run.",
    );
    return out.join("\n");
}
