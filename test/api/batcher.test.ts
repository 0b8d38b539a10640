import { describe, expect, it } from "vitest";

import { afterArrival, NO_OCCUPANCY, ReadBatcher, type Occupancy } from "../../provider/api/batcher";
import { TencentChatError } from "../../provider/api/errors";
import type { ChannelLookup } from "../../provider/api/types";

/** A fake get_official_account_info: `known` IDs exist, the rest get a per-item 130004. */
function fakeFetch(known: Set<string>, calls: string[][], mode: "per-item" | "top-level" = "per-item") {
    return async (ids: string[]): Promise<ChannelLookup[]> => {
        calls.push(ids);
        if (mode === "top-level" && ids.some((id) => !known.has(id))) {
            throw new TencentChatError({ api: "get_official_account_info", code: 130004, attempts: 1, ambiguous: false });
        }
        return ids.map((id) =>
            known.has(id)
                ? { channelId: id, channel: { channelId: id, name: `name of ${id}` } }
                : {
                      channelId: id,
                      error: new TencentChatError({
                          api: "get_official_account_info",
                          target: id,
                          code: 130004,
                          attempts: 1,
                          ambiguous: false,
                      }),
                  },
        );
    };
}

const ids = (n: number, prefix = "@TOA#_c") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("ReadBatcher", () => {
    it("sends 100 concurrent loads as two calls of 50", async () => {
        const calls: string[][] = [];
        const batcher = new ReadBatcher(fakeFetch(new Set(ids(100)), calls));
        const channels = await Promise.all(ids(100).map((id) => batcher.load(id)));
        expect(calls.map((c) => c.length)).toEqual([50, 50]);
        expect(channels.map((c) => c.channelId)).toEqual(ids(100));
    });

    it("sends a partial batch when the window closes", async () => {
        const calls: string[][] = [];
        const batcher = new ReadBatcher(fakeFetch(new Set(ids(3)), calls), { windowMs: 5 });
        const started = Date.now();
        await Promise.all(ids(3).map((id) => batcher.load(id)));
        expect(calls).toEqual([ids(3)]);
        expect(Date.now() - started).toBeGreaterThanOrEqual(4);
    });

    it("gives duplicate IDs one slot and each caller its own copy", async () => {
        const calls: string[][] = [];
        const batcher = new ReadBatcher(fakeFetch(new Set(["@TOA#_a"]), calls));
        const [first, second] = await Promise.all([batcher.load("@TOA#_a"), batcher.load("@TOA#_a")]);
        expect(calls).toEqual([["@TOA#_a"]]);
        expect(first).toEqual(second);
        expect(first).not.toBe(second);
    });

    it("rejects only the missing IDs, with their own 130004", async () => {
        const calls: string[][] = [];
        const batcher = new ReadBatcher(fakeFetch(new Set(["@TOA#_a", "@TOA#_c"]), calls));
        const results = await Promise.allSettled(["@TOA#_a", "@TOA#_b", "@TOA#_c"].map((id) => batcher.load(id)));
        expect(calls).toHaveLength(1);
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
        const reason = (results[1] as PromiseRejectedResult).reason as TencentChatError;
        expect(reason).toBeInstanceOf(TencentChatError);
        expect(reason.code).toBe(130004);
        expect(reason.target).toBe("@TOA#_b");
    });

    it("re-asks each ID alone when a multi-ID batch fails with a top-level 130004", async () => {
        const calls: string[][] = [];
        const batcher = new ReadBatcher(fakeFetch(new Set(["@TOA#_a", "@TOA#_c"]), calls, "top-level"));
        const results = await Promise.allSettled(["@TOA#_a", "@TOA#_b", "@TOA#_c"].map((id) => batcher.load(id)));
        expect(calls[0]).toEqual(["@TOA#_a", "@TOA#_b", "@TOA#_c"]);
        expect(calls.slice(1).sort()).toEqual([["@TOA#_a"], ["@TOA#_b"], ["@TOA#_c"]]);
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
        expect(((results[1] as PromiseRejectedResult).reason as TencentChatError).code).toBe(130004);
    });

    it("fails every caller of a batch when the whole call fails", async () => {
        const failure = new TencentChatError({ api: "get_official_account_info", code: 131000, attempts: 1, ambiguous: false });
        const batcher = new ReadBatcher(async () => {
            throw failure;
        });
        const results = await Promise.allSettled(ids(3).map((id) => batcher.load(id)));
        expect(results.every((r) => r.status === "rejected" && r.reason === failure)).toBe(true);
    });

    it("makes one call per load when batching is off (the naive baseline)", async () => {
        const calls: string[][] = [];
        const batcher = new ReadBatcher(fakeFetch(new Set(ids(5)), calls), { enabled: false });
        await Promise.all(ids(5).map((id) => batcher.load(id)));
        expect(calls).toHaveLength(5);
        await expect(batcher.load("@TOA#_missing")).rejects.toMatchObject({ code: 130004 });
    });

    it("keeps gathering while IDs trickle in, instead of cutting the batch at the first window", async () => {
        const calls: string[][] = [];
        const batcher = new ReadBatcher(fakeFetch(new Set(ids(30)), calls), { windowMs: 25, maxGatherMs: 1000 });
        const loads: Promise<unknown>[] = [];
        for (const id of ids(30)) {
            loads.push(batcher.load(id));
            await new Promise((resolve) => setTimeout(resolve, 2));
        }
        await Promise.all(loads);
        expect(calls.map((c) => c.length)).toEqual([30]);
    });

    it("sends a steady trickle at least every maxGatherMs, so no read waits long for company", async () => {
        const calls: string[][] = [];
        const sentAt: number[] = [];
        const batcher = new ReadBatcher(
            async (batchIds) => {
                sentAt.push(Date.now());
                return fakeFetch(new Set(ids(40)), calls)(batchIds);
            },
            { windowMs: 10, maxGatherMs: 30 },
        );
        const started = Date.now();
        const loads: Promise<unknown>[] = [];
        for (const id of ids(40)) {
            loads.push(batcher.load(id));
            await new Promise((resolve) => setTimeout(resolve, 3));
        }
        await Promise.all(loads);
        expect(calls.length).toBeGreaterThanOrEqual(2);
        expect(calls.flat()).toEqual(ids(40));
        expect(sentAt[0]! - started).toBeLessThan(30 + 150);
    });

    describe("holding a partial batch while a call is in flight", () => {
        /** A get_official_account_info that answers after `latencyMs`, as the emulator does. */
        function slowFetch(calls: string[][], latencyMs: number) {
            return async (batchIds: string[]): Promise<ChannelLookup[]> => {
                calls.push(batchIds);
                await new Promise((resolve) => setTimeout(resolve, latencyMs));
                return batchIds.map((id) => ({ channelId: id, channel: { channelId: id } }));
            };
        }

        /** Reads `total` IDs as the engine refreshes: `parallel` in flight, the next starting as one finishes. */
        async function refreshLikeTheEngine(batcher: ReadBatcher, total: number, parallel: number): Promise<void> {
            const pending = ids(total);
            const worker = async () => {
                for (let id = pending.shift(); id !== undefined; id = pending.shift()) await batcher.load(id);
            };
            await Promise.all(Array.from({ length: parallel }, worker));
        }

        it("reads 1000 channels sent all at once (unbounded parallelism) in ⌈1000/50⌉ = 20 full calls", async () => {
            const calls: string[][] = [];
            await refreshLikeTheEngine(new ReadBatcher(slowFetch(calls, 20), { windowMs: 5 }), 1000, 1000);
            expect(calls.map((c) => c.length)).toEqual(Array.from({ length: 20 }, () => 50));
        });

        it("reads 1000 channels with 64 in flight in one round per 64: a full and a partial call each, not 20 rounds of 50", async () => {
            const calls: string[][] = [];
            await refreshLikeTheEngine(new ReadBatcher(slowFetch(calls, 20), { windowMs: 5 }), 1000, 64);
            expect(calls.flat().sort()).toEqual(ids(1000).sort());
            // ⌈1000/64⌉ = 16 rounds of at most two calls; the first round learns the limit behind a held partial batch.
            expect(calls.length).toBeGreaterThan(20);
            expect(calls.length).toBeLessThanOrEqual(2 * Math.ceil(1000 / 64) + 1);
            expect(calls.every((c) => c.length <= 50)).toBe(true);
        });

        it("reads 200 channels with 8 in flight in 25 calls of 8, sending each round as soon as all 8 wait", async () => {
            const calls: string[][] = [];
            const sentAt: number[] = [];
            const batcher = new ReadBatcher(
                async (batchIds) => {
                    sentAt.push(performance.now());
                    return slowFetch(calls, 20)(batchIds);
                },
                { windowMs: 30 },
            );
            await refreshLikeTheEngine(batcher, 200, 8);
            expect(calls.map((c) => c.length)).toEqual(Array.from({ length: 25 }, () => 8));
            // Only the first round waits out the 30 ms window; the others leave when the 8th read arrives,
            // well before that window would close again (a gap of 20 ms latency + 30 ms otherwise).
            const gaps = sentAt.slice(2).map((at, i) => at - sentAt[i + 1]!);
            expect(gaps.filter((gap) => gap < 20 + 30).length).toBeGreaterThanOrEqual(gaps.length - 2);
        });

        it("sends a lone read after the window when nothing is in flight", async () => {
            const calls: string[][] = [];
            const batcher = new ReadBatcher(slowFetch(calls, 1), { windowMs: 5 });
            const started = Date.now();
            await batcher.load("@TOA#_a");
            expect(calls).toEqual([["@TOA#_a"]]);
            expect(Date.now() - started).toBeLessThan(200);
        });

        it("sends a held read after maxHoldMs even when the call in flight never returns", async () => {
            const calls: string[][] = [];
            const batcher = new ReadBatcher(
                async (batchIds) => {
                    calls.push(batchIds);
                    if (calls.length === 1) return new Promise<ChannelLookup[]>(() => {});
                    return batchIds.map((id) => ({ channelId: id, channel: { channelId: id } }));
                },
                { windowMs: 5, maxGatherMs: 10, maxHoldMs: 80 },
            );
            void batcher.load("@TOA#_stuck");
            await new Promise((resolve) => setTimeout(resolve, 20));
            const started = Date.now();
            await batcher.load("@TOA#_held");
            const waited = Date.now() - started;
            expect(calls).toEqual([["@TOA#_stuck"], ["@TOA#_held"]]);
            expect(waited).toBeGreaterThanOrEqual(70);
            expect(waited).toBeLessThan(1000);
        });
    });
});

describe("afterArrival: when waiting for more reads cannot gather any", () => {
    const after = (occupancy: Occupancy, ...counts: number[]) => {
        let sendNow = false;
        for (const outstanding of counts) ({ occupancy, sendNow } = afterArrival(occupancy, outstanding));
        return { occupancy, sendNow };
    };

    it("never sends early while the count of outstanding reads keeps growing (first round, unbounded parallelism)", () => {
        for (let n = 1; n <= 1000; n++) expect(afterArrival({ peak: n - 1, hitsAtPeak: 1 }, n).sendNow).toBe(false);
        expect(after(NO_OCCUPANCY, 1, 2, 3, 4)).toEqual({ occupancy: { peak: 4, hitsAtPeak: 1 }, sendNow: false });
    });

    it("sends when the count climbs back to the same peak a second time: the engine's limit is reached", () => {
        // --parallel 8: 8 reads, they are answered, then 8 again.
        const first = after(NO_OCCUPANCY, 1, 2, 3, 4, 5, 6, 7, 8);
        expect(first.sendNow).toBe(false);
        expect(after(first.occupancy, 1, 2, 3, 4, 5, 6, 7).sendNow).toBe(false);
        expect(after(first.occupancy, 1, 2, 3, 4, 5, 6, 7, 8)).toEqual({ occupancy: { peak: 8, hitsAtPeak: 2 }, sendNow: true });
    });

    it("forgets the limit as soon as the count passes it (more in flight than learned)", () => {
        const learned = { peak: 8, hitsAtPeak: 3 };
        expect(afterArrival(learned, 9)).toEqual({ occupancy: { peak: 9, hitsAtPeak: 1 }, sendNow: false });
        expect(after(learned, 9, 10)).toEqual({ occupancy: { peak: 10, hitsAtPeak: 1 }, sendNow: false });
    });

    it("sends every read at once with one in flight (--parallel 1) once that is learned", () => {
        expect(afterArrival(NO_OCCUPANCY, 1).sendNow).toBe(false);
        expect(after(NO_OCCUPANCY, 1, 1, 1).sendNow).toBe(true);
    });
});
