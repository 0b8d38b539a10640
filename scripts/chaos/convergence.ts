/**
 * Fault convergence: a manifest-like set of channels applied through Pulumi's dynamic-provider host
 * while the emulator injects random faults of every kind (transient codes, HTTP 502, dropped
 * connections, responses lost after the write was applied). Small client retry budgets make some
 * operations really fail; like a user re-running `pulumi up`, each phase is re-run until no step
 * fails. Then the invariants are checked: exactly the declared channels on the server, every field
 * as declared, no duplicates, nothing orphaned in either direction — and destroy leaves nothing.
 *
 * Used by `npm run chaos` and by test/convergence.
 */
import { performance } from "node:perf_hooks";
import type { EmulatorHandle, EmulatorStats, FaultKind } from "../../emulator/index";
import type { DeclaredResource, Engine, Step } from "../engine/engine";
import { CHANNEL_TYPE, loadPackage, startStack } from "../engine/stack-fixture";
import { PROJECT, callsDelta, sum } from "../bench/harness";

export interface ConvergenceOptions {
    /** Channels declared. @default 200 */
    n?: number;
    /** Probability that an API request gets a fault. @default 0.2 */
    faultRate?: number;
    /** Seed for the emulator's fault sequence. @default 20240601 */
    seed?: number;
    /** Client retry budget (tencent-chat:retryBudgetMs): small, so some operations fail and need a re-run. @default 25 */
    retryBudgetMs?: number;
    /** First retry delay ceiling (tencent-chat:retryBaseMs). @default 5 */
    retryBaseMs?: number;
    /** Operations in flight. @default 32 */
    parallel?: number;
    /** Emulator latency per API call, ms. @default 2 */
    latencyMs?: number;
    /** Re-runs allowed per phase before giving up. @default 12 */
    maxRounds?: number;
    progress?: (line: string) => void;
}

export interface RoundReport {
    round: number;
    /** Steps that called the API (create, update, delete, replace). */
    operations: number;
    /** Of those, how many failed. */
    failed: number;
    /** Channels on the server that the state does not track after this round (resolved by a later round). */
    untracked: number;
    /** Failure messages of the round, shortened (IDs and numbers masked), with counts. */
    causes: Record<string, number>;
    ms: number;
}

export interface PhaseReport {
    name: string;
    rounds: RoundReport[];
    operations: number;
    failedOperations: number;
    /** API calls per command during the phase (faulted ones included). */
    calls: Record<string, number>;
    faults: Record<FaultKind, number>;
    /** Injected faults per command and kind, e.g. { create_official_account: { drop: 3 } }. */
    faultsByCommand: Record<string, Partial<Record<FaultKind, number>>>;
    /**
     * Client retries of writes: calls of the phase's write command minus the operations that issued
     * it (each create/update/delete step makes exactly one first attempt).
     */
    writeRetries: number;
    converged: boolean;
    ms: number;
}

export interface ConvergenceReport {
    n: number;
    faultRate: number;
    seed: number;
    retryBudgetMs: number;
    retryBaseMs: number;
    parallel: number;
    phases: PhaseReport[];
    totals: {
        operations: number;
        failedOperations: number;
        rounds: number;
        apiCalls: number;
        faults: Record<FaultKind, number>;
        writeRetries: number;
        /** Rate-limit rejections by the emulator's limiter (not injected ones). */
        rateLimited: number;
    };
    /** Channels on the emulator after apply+update (before destroy) and after destroy. */
    finalChannelCount: number;
    channelsAfterDestroy: number;
    /** Invariant violations; empty when the run converged correctly. */
    problems: string[];
    ms: number;
}

const WRITE_COMMAND: Record<string, string> = {
    create: "create_official_account",
    update: "modify_official_account_base_info",
    delete: "destroy_official_account",
};

const OWNERS = ["ops", "comms", "support"];
const NAMES = ["公司新闻", "产品公告", "技术博客", "客户服务", "Weekly Digest", "Release Notes", "安全通告", "Status"];

/** A manifest-like, deterministic set of channels with varied fields (CJK names, optional fields omitted). */
export function declaredChannels(n: number, provider: string, revision = 0): DeclaredResource[] {
    return Array.from({ length: n }, (_, i) => {
        const inputs: Record<string, unknown> = {
            channelId: `@TOA#_chaos${String(i).padStart(4, "0")}`,
            owner: OWNERS[i % OWNERS.length],
            name: `${NAMES[i % NAMES.length]} ${i}`,
            __provider: provider,
            // What OfficialChannel adds: the resource's URN, which lets a re-run recognise its own lost create.
            __urn: `urn:pulumi:dev::${PROJECT}::${CHANNEL_TYPE}::chaos-${i}`,
        };
        if (i % 2 === 0) inputs.introduction = `第${i}号频道：每周更新，欢迎订阅。`;
        if (i % 3 === 0) inputs.faceUrl = `https://cdn.example.com/avatars/${i}.png`;
        if (i % 4 !== 1) inputs.organization = i % 4 === 0 ? "总部" : "Engineering";
        if (i % 5 === 0) inputs.customString = JSON.stringify({ team: OWNERS[i % 3], tier: i % 7 });
        if (i % 6 === 0) inputs.maxSubscribers = 1000 + i;
        // Revision 1 changes a third of the channels: name, introduction and customString.
        if (revision > 0 && i % 3 === 1) {
            inputs.name = `${NAMES[(i + 3) % NAMES.length]} ${i} (v${revision + 1})`;
            inputs.introduction = `更新后的介绍 ${i}`;
            inputs.customString = `rev-${revision}`;
        }
        return { type: CHANNEL_TYPE, name: `chaos-${i}`, inputs };
    });
}

const FIELDS = ["owner", "name", "introduction", "faceUrl", "organization", "customString", "maxSubscribers"] as const;
const DEFAULTS: Record<string, unknown> = {
    introduction: "",
    faceUrl: "",
    organization: "",
    customString: "",
    maxSubscribers: 100000,
};

/** Invariant violations between the declared set, the engine's state and the emulator's channels. */
export function verify(declared: readonly DeclaredResource[], engine: Engine, emulator: EmulatorHandle): string[] {
    const problems: string[] = [];
    const live = emulator.channels();
    const liveIds = live.map((c) => c.channelId);
    const duplicates = liveIds.filter((id, i) => liveIds.indexOf(id) !== i);
    if (duplicates.length > 0) problems.push(`duplicate channels on the server: ${[...new Set(duplicates)].join(", ")}`);
    if (live.length !== declared.length) problems.push(`${live.length} channels on the server, ${declared.length} declared`);

    const byId = new Map(live.map((c) => [c.channelId, c]));
    const stateIds = new Set([...engine.state.values()].map((e) => e.id));
    if (engine.state.size !== declared.length)
        problems.push(`${engine.state.size} resources in the state, ${declared.length} declared`);
    for (const entry of engine.pendingDeletes) problems.push(`pending delete: ${entry.id} is still to be deleted`);
    for (const id of liveIds) if (!stateIds.has(id)) problems.push(`orphaned: ${id} exists on the server but not in the state`);
    for (const id of stateIds) if (!byId.has(id)) problems.push(`dangling: ${id} is in the state but not on the server`);

    for (const resource of declared) {
        const id = resource.inputs.channelId as string;
        const channel = byId.get(id) as unknown as Record<string, unknown> | undefined;
        if (!channel) {
            problems.push(`missing: ${id} is declared but not on the server`);
            continue;
        }
        const entry = engine.state.get(engine.urn(resource.type, resource.name));
        if (!entry) problems.push(`untracked: ${resource.name} (${id}) is declared but not in the state`);
        else if (entry.id !== id) problems.push(`${resource.name}: state id ${entry.id}, declared ${id}`);
        for (const field of FIELDS) {
            const want = resource.inputs[field] ?? DEFAULTS[field];
            if (channel[field] !== want)
                problems.push(
                    `${id}.${field} is ${JSON.stringify(channel[field])} on the server, declared ${JSON.stringify(want)}`,
                );
            if (entry && entry.outputs[field] !== want)
                problems.push(
                    `${id}.${field} is ${JSON.stringify(entry.outputs[field])} in the state, declared ${JSON.stringify(want)}`,
                );
        }
    }
    return problems;
}

/** A failure message reduced to its kind: first line, channel IDs and numbers masked, truncated. */
function cause(message: string): string {
    const line = message
        .split("\n")[0]!
        .replace(/@TOA#_\w+/g, "<id>")
        .replace(/\d+(\.\d+)?/g, "N");
    return line.length > 140 ? `${line.slice(0, 137)}…` : line;
}

function emptyFaults(): Record<FaultKind, number> {
    return { code: 0, http502: 0, drop: 0, "lost-response": 0 };
}

/** Injected faults per command, counted from the emulator's log ("<command>: injecting fault <kind>"). */
class FaultTally {
    private byCommand: Record<string, Partial<Record<FaultKind, number>>> = {};

    /** The emulator's log callback. */
    readonly log = (line: string): void => {
        const match = /^(\w+): injecting fault ([\w-]+)/.exec(line);
        if (!match) return;
        const [, command, kind] = match as unknown as [string, string, FaultKind];
        const perKind = (this.byCommand[command] ??= {});
        perKind[kind] = (perKind[kind] ?? 0) + 1;
    };

    /** The counts since the last call, and a fresh start. */
    take(): Record<string, Partial<Record<FaultKind, number>>> {
        const counted = this.byCommand;
        this.byCommand = {};
        return counted;
    }
}

/** What every phase of one run shares. */
interface PhaseContext {
    engine: Engine;
    emulator: EmulatorHandle;
    tally: FaultTally;
    maxRounds: number;
    progress: (line: string) => void;
}

/** Faults injected between two stats snapshots, per kind. */
function faultsBetween(before: EmulatorStats, after: EmulatorStats): Record<FaultKind, number> {
    const faults = emptyFaults();
    for (const kind of Object.keys(faults) as FaultKind[])
        faults[kind] = after.faultsInjected[kind] - before.faultsInjected[kind];
    return faults;
}

/**
 * One round of a phase: runs it once and reports what it did. `opsByKind` accumulates the
 * operations per kind; an update with no changed input only finishes a partially failed create
 * (no write) and counts as "finish".
 */
async function runRound(
    context: PhaseContext,
    name: string,
    round: number,
    run: () => Promise<Step[]>,
    opsByKind: Record<string, number>,
): Promise<{ report: RoundReport; clean: boolean }> {
    const roundStarted = performance.now();
    const steps = await run();
    const acted = steps.filter((s) => s.kind !== "same");
    for (const step of acted) {
        const kind = step.kind === "update" && step.changes.length === 0 ? "finish" : step.kind;
        opsByKind[kind] = (opsByKind[kind] ?? 0) + 1;
    }
    const failed = acted.filter((s) => s.error).length;
    const tracked = new Set([...context.engine.state.values()].map((e) => e.id));
    const untracked = context.emulator.channels().filter((c) => !tracked.has(c.channelId)).length;
    const causes: Record<string, number> = {};
    for (const step of acted) if (step.error) causes[cause(step.error)] = (causes[cause(step.error)] ?? 0) + 1;
    context.progress(
        `  ${name} round ${round}: ${acted.length} operations, ${failed} failed, ${untracked} untracked on the server`,
    );
    return {
        report: { round, operations: acted.length, failed, untracked, causes, ms: performance.now() - roundStarted },
        clean: failed === 0 && steps.every((s) => !s.error),
    };
}

/**
 * The chaos phase: runs `run` (an up or a destroy) under faults, again and again like a user
 * re-running `pulumi up`, until a round has no failed step or `maxRounds` is spent.
 */
async function runPhase(context: PhaseContext, name: string, run: () => Promise<Step[]>): Promise<PhaseReport> {
    const phaseStarted = performance.now();
    const statsBefore = context.emulator.stats();
    context.tally.take();
    const rounds: RoundReport[] = [];
    const opsByKind: Record<string, number> = {};
    let converged = false;
    for (let round = 1; round <= context.maxRounds && !converged; round++) {
        const { report, clean } = await runRound(context, name, round, run, opsByKind);
        rounds.push(report);
        converged = clean;
    }
    const statsAfter = context.emulator.stats();
    const calls = callsDelta(statsBefore.calls, statsAfter.calls);
    const writeRetries = sum(
        Object.entries(opsByKind).map(([kind, ops]) => (WRITE_COMMAND[kind] ? (calls[WRITE_COMMAND[kind]] ?? 0) - ops : 0)),
    );
    return {
        name,
        rounds,
        operations: sum(rounds.map((r) => r.operations)),
        failedOperations: sum(rounds.map((r) => r.failed)),
        calls,
        faults: faultsBetween(statsBefore, statsAfter),
        faultsByCommand: context.tally.take(),
        writeRetries,
        converged,
        ms: performance.now() - phaseStarted,
    };
}

/**
 * Applies `n` channels, updates a third of them and destroys them all under random faults, re-running
 * each phase until it converges, and checks the invariants after each. Resolves with the report;
 * invariant violations are in `problems`, not thrown.
 */
export async function runConvergence(options: ConvergenceOptions = {}): Promise<ConvergenceReport> {
    const n = options.n ?? 200;
    const faultRate = options.faultRate ?? 0.2;
    const seed = options.seed ?? 20240601;
    const retryBudgetMs = options.retryBudgetMs ?? 25;
    const retryBaseMs = options.retryBaseMs ?? 5;
    const parallel = options.parallel ?? 32;
    const maxRounds = options.maxRounds ?? 12;
    const started = performance.now();

    const tally = new FaultTally();
    const stack = await startStack({
        emulator: { users: OWNERS, latencyMs: options.latencyMs ?? 2, log: tally.log },
        project: PROJECT,
        tuning: { retryBudgetMs: String(retryBudgetMs), retryBaseMs: String(retryBaseMs) },
    });
    const { emulator } = stack;
    try {
        const provider = await stack.providerText(loadPackage().officialChannelProvider);
        // `pulumi up --continue-on-error`: under injected faults every round should attempt every
        // resource; by default the engine would stop at the first failure (se.go:435–461).
        const engine = stack.newEngine({ parallel, continueOnError: true });
        const context: PhaseContext = { engine, emulator, tally, maxRounds, progress: options.progress ?? (() => undefined) };
        const v1 = declaredChannels(n, provider, 0);
        const v2 = declaredChannels(n, provider, 1);
        const phases: PhaseReport[] = [];
        emulator.faults.random({ rate: faultRate, seed });
        const before = emulator.stats();

        const problems: string[] = [];
        const phase = async (name: string, run: () => Promise<Step[]>): Promise<void> => {
            const report = await runPhase(context, name, run);
            if (!report.converged) problems.push(`${name} did not converge within ${maxRounds} rounds`);
            phases.push(report);
        };

        await phase("apply", () => engine.up(v1));
        problems.push(...verify(v1, engine, emulator).map((p) => `after apply: ${p}`));
        await phase("update", () => engine.up(v2));
        problems.push(...verify(v2, engine, emulator).map((p) => `after update: ${p}`));
        const finalChannelCount = emulator.channels().length;
        await phase("destroy", () => engine.destroy());
        const channelsAfterDestroy = emulator.channels().length;
        if (channelsAfterDestroy !== 0) problems.push(`after destroy: ${channelsAfterDestroy} channels left on the server`);
        if (engine.state.size !== 0) problems.push(`after destroy: ${engine.state.size} resources left in the state`);

        emulator.faults.clear();
        const after = emulator.stats();
        return {
            n,
            faultRate,
            seed,
            retryBudgetMs,
            retryBaseMs,
            parallel,
            phases,
            totals: {
                operations: sum(phases.map((p) => p.operations)),
                failedOperations: sum(phases.map((p) => p.failedOperations)),
                rounds: sum(phases.map((p) => p.rounds.length)),
                apiCalls: sum(Object.values(callsDelta(before.calls, after.calls))),
                faults: faultsBetween(before, after),
                writeRetries: sum(phases.map((p) => p.writeRetries)),
                rateLimited: after.rateLimited - before.rateLimited,
            },
            finalChannelCount,
            channelsAfterDestroy,
            problems,
            ms: performance.now() - started,
        };
    } finally {
        await stack.stop();
    }
}

export function formatConvergence(report: ConvergenceReport): string {
    const out: string[] = [];
    out.push(
        `Fault convergence — ${report.n} channels, ${Math.round(report.faultRate * 100)}% faults (seed ${report.seed}), ` +
            `retryBudgetMs=${report.retryBudgetMs}, retryBaseMs=${report.retryBaseMs}, parallel=${report.parallel}`,
    );
    for (const p of report.phases) {
        out.push("");
        out.push(
            `${p.name}: ${p.converged ? "converged" : "DID NOT CONVERGE"} in ${p.rounds.length} round(s), ${(p.ms / 1000).toFixed(2)} s`,
        );
        for (const r of p.rounds) {
            out.push(
                `  round ${r.round}: ${r.operations} operations, ${r.failed} failed, ${r.untracked} untracked on the server afterwards`,
            );
            for (const [message, count] of Object.entries(r.causes).sort((a, b) => b[1] - a[1]))
                out.push(`    ${count} × ${message}`);
        }
        out.push(
            `  API calls: ${
                Object.entries(p.calls)
                    .map(([c, k]) => `${c} ${k}`)
                    .join(", ") || "none"
            }`,
        );
        out.push(
            `  faults injected: ${Object.entries(p.faults)
                .map(([k, v]) => `${k} ${v}`)
                .join(", ")}`,
        );
        for (const [command, kinds] of Object.entries(p.faultsByCommand)) {
            out.push(
                `    ${command}: ${Object.entries(kinds)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(", ")}`,
            );
        }
        out.push(`  client retries of writes: ${p.writeRetries}`);
    }
    const t = report.totals;
    out.push("");
    out.push(
        `Totals: ${t.operations} operations (${t.failedOperations} failed and re-run), ${t.rounds} rounds, ${t.apiCalls} API calls, ` +
            `faults ${Object.entries(t.faults)
                .map(([k, v]) => `${k} ${v}`)
                .join(", ")} (${sum(Object.values(t.faults))} in all), ` +
            `${t.writeRetries} client retries of writes, ${t.rateLimited} limiter rejections.`,
    );
    out.push(
        `Channels on the emulator before destroy: ${report.finalChannelCount}; after destroy: ${report.channelsAfterDestroy}.`,
    );
    out.push(
        report.problems.length === 0
            ? "✓ all invariants hold"
            : `✗ ${report.problems.length} problem(s):\n  ${report.problems.slice(0, 30).join("\n  ")}`,
    );
    out.push(`(${(report.ms / 1000).toFixed(1)} s)`);
    return out.join("\n");
}
