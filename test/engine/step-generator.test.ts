/**
 * The real engine checks and diffs on its one step-generator thread (deployment_executor.go handles
 * one event at a time; step_generator.go calls Check, and Diff unless PULUMI_PARALLEL_DIFF is set):
 * only steps run --parallel at once. The simulation must not overlap them either, or its timings
 * (the bench) flatter the provider.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineHost } from "../../scripts/engine/host";
import { CHANNEL_TYPE, pkg, stackFixture } from "../support/dist";
import { PROJECT } from "./fixture";

/** Wraps a host so that check and diff take `ms` each, counting the most in flight at once. */
function slowGenerator(host: EngineHost, ms: number) {
    const peak = { check: 0, diff: 0, create: 0 };
    const active = { check: 0, diff: 0, create: 0 };
    const timed =
        <A extends unknown[], R>(kind: keyof typeof peak, fn: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
            active[kind]++;
            peak[kind] = Math.max(peak[kind], active[kind]);
            try {
                await new Promise((resolve) => setTimeout(resolve, kind === "create" ? ms * 4 : ms));
                return await fn(...args);
            } finally {
                active[kind]--;
            }
        };
    const wrapped = Object.create(host) as EngineHost;
    wrapped.check = timed("check", host.check.bind(host));
    wrapped.diff = timed("diff", host.diff.bind(host));
    wrapped.create = timed("create", host.create.bind(host));
    return { host: wrapped, peak };
}

describe("the engine simulation's step generator", () => {
    let stack: Awaited<ReturnType<typeof stackFixture.startStack>>;
    beforeAll(async () => {
        stack = await stackFixture.startStack({ emulator: { users: ["ops"] }, project: PROJECT });
    });
    afterAll(() => stack.stop());

    it("never overlaps two checks or two diffs, while creates run --parallel at once", async () => {
        const { host, peak } = slowGenerator(stack.host, 10);
        const engine = stack.newEngine({ parallel: 8 }, host);
        const provider = await stack.providerText(pkg.officialChannelProvider);
        const channels = (name: string) =>
            Array.from({ length: 8 }, (_, i) => ({
                type: CHANNEL_TYPE,
                name: `gen${i}`,
                inputs: { channelId: `@TOA#_gen${i}`, owner: "ops", name, __provider: provider },
            }));
        await engine.up(channels("Generated"));
        expect(peak.check).toBe(1);
        expect(peak.create).toBeGreaterThan(1);
        const renamed = await engine.up(channels("Renamed"));
        expect(renamed.map((step) => step.kind)).toEqual(Array(8).fill("update"));
        expect(peak.diff).toBe(1);
        await engine.destroy();
        expect(stack.emulator.channels()).toEqual([]);
    });
});
