/**
 * Small variants of `npm run chaos` and `npm run bench`, through Pulumi's real dynamic-provider host.
 * The compiled scripts are loaded from dist with Node's require: vitest-transformed TypeScript cannot
 * be closure-serialized (pulumi-dynamic-provider-notes §7), and dist is what the engine runs anyway.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const requireDist = createRequire(__filename);
const { runConvergence, declaredChannels } = requireDist(
    "../../dist/scripts/chaos/convergence.js",
) as typeof import("../../scripts/chaos/convergence");
const { runBench, IDS_PER_READ, PROVIDER_LIMIT_BYTES } = requireDist(
    "../../dist/scripts/bench/bench.js",
) as typeof import("../../scripts/bench/bench");

describe("fault convergence", () => {
    it("converges to exactly the declared channels under 20% faults of every kind, and destroy leaves none", async () => {
        const report = await runConvergence({
            n: 40,
            faultRate: 0.2,
            seed: 7,
            retryBudgetMs: 25,
            retryBaseMs: 5,
            parallel: 16,
            latencyMs: 1,
        });

        // verify(): count, every field, no duplicates, no orphans either way — after apply and after update.
        expect(report.problems).toEqual([]);
        expect(report.phases.map((p) => p.converged)).toEqual([true, true, true]);
        expect(report.finalChannelCount).toBe(40);
        expect(report.channelsAfterDestroy).toBe(0);

        // The run really was faulty: every kind was injected, and the faults reached the writes. The
        // client retried a write, or — when a retry no longer fitted the 25 ms budget, which depends
        // on how fast the machine is — the write failed and a later round redid it.
        for (const kind of ["code", "http502", "drop", "lost-response"] as const)
            expect(report.totals.faults[kind]).toBeGreaterThan(0);
        expect(report.totals.writeRetries + report.totals.failedOperations).toBeGreaterThan(0);
        // At least one operation per create, per changed channel and per delete (more when rounds redo failed ones).
        const v1 = declaredChannels(40, "p", 0);
        const changed = declaredChannels(40, "p", 1).filter((c, i) => JSON.stringify(c) !== JSON.stringify(v1[i])).length;
        expect(changed).toBe(13);
        expect(report.totals.operations).toBeGreaterThanOrEqual(40 + changed + 40);
    }, 30_000);
});

describe("benchmark smoke", () => {
    it("makes no API call for a no-op diff, batches refresh reads, keeps __provider small, never trips the rate limit", async () => {
        const n = 60;
        const report = await runBench({ n, latencyMs: 5, parallel: 64, baseline: false });
        const scenario = (name: string) => report.scenarios.find((s) => s.name === name)!;

        for (const s of report.scenarios) expect(s.errors, s.name).toBe(0);
        expect(report.providerBytes).toBeLessThan(PROVIDER_LIMIT_BYTES);

        const create = scenario("create");
        expect(create.calls["create_official_account"]).toBe(n);
        expect(create.rejections).toBe(0);

        expect(scenario("no-op diff").totalCalls).toBe(0);

        const refresh = scenario("refresh");
        // ⌈N/50⌉ when every read arrives at once; a little more when they trickle in through the host.
        expect(refresh.calls["get_official_account_info"]).toBeLessThanOrEqual(Math.ceil(n / IDS_PER_READ) + 3);
        expect(refresh.totalCalls).toBe(refresh.calls["get_official_account_info"]);

        expect(scenario("update").calls["modify_official_account_base_info"]).toBeGreaterThanOrEqual(n);
        expect(scenario("delete").calls["destroy_official_account"]).toBeGreaterThanOrEqual(n);
    }, 30_000);
});
