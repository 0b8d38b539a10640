import { performance } from "node:perf_hooks";

import { describe, expect, it, vi } from "vitest";

import {
    ARRIVAL_JITTER_MS,
    bucketFor,
    burstFor,
    DEFAULT_BURST,
    DEFAULT_CALLS_PER_SECOND,
    TokenBucket,
} from "../../provider/api/ratelimit";

/** Most grants inside any sliding window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end += 1) {
        while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
        best = Math.max(best, end - start + 1);
    }
    return best;
}

/** When each of `count` queued callers is granted, on a fake clock whose timers all fire `lateMs` late. */
async function grantTimesOnSimulatedClock(count: number, lateMs: number, burst?: number): Promise<number[]> {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const fakeSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => fakeSetTimeout(fn, (ms ?? 0) + lateMs)) as typeof setTimeout;
    try {
        const bucket = new TokenBucket(DEFAULT_CALLS_PER_SECOND, () => Date.now(), burst);
        const grants: number[] = [];
        const all = Promise.all(Array.from({ length: count }, () => bucket.acquire().then(() => grants.push(Date.now()))));
        await vi.advanceTimersByTimeAsync(count * 20);
        await all;
        return grants;
    } finally {
        globalThis.setTimeout = fakeSetTimeout;
        vi.useRealTimers();
    }
}

describe("TokenBucket", () => {
    it("defaults to 195 calls/s, below Tencent's 200", () => {
        expect(DEFAULT_CALLS_PER_SECOND).toBe(195);
    });

    it("spaces 300 queued callers so that no sliding second holds 200, near the target rate", async () => {
        const bucket = new TokenBucket(DEFAULT_CALLS_PER_SECOND);
        const grants: number[] = [];
        const started = performance.now();
        await Promise.all(Array.from({ length: 300 }, () => bucket.acquire().then(() => grants.push(performance.now()))));
        const elapsed = performance.now() - started;
        expect(maxInWindow(grants, 1000)).toBeLessThan(200);
        // 299 intervals of 5.13 ms ≈ 1.53 s; allow timer slack but catch a pacer that is far too slow.
        expect(elapsed).toBeGreaterThan(1400);
        expect(elapsed).toBeLessThan(3000);
    });

    it("keeps consecutive grants at least a quarter interval apart without a burst (simulated clock, so the recording cannot lag)", async () => {
        const grants = await grantTimesOnSimulatedClock(300, 0, 1);
        const gaps = grants.slice(1).map((time, index) => time - (grants[index] ?? 0));
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / DEFAULT_CALLS_PER_SECOND / 4);
        expect(maxInWindow(grants, 1000)).toBeLessThan(200);
        expect(grants.at(-1)! - grants[0]!).toBeGreaterThan(299 * (1000 / DEFAULT_CALLS_PER_SECOND) - 300);
    });

    it("keeps the target rate when every timer fires 3 ms late, as on a busy host (simulated clock)", async () => {
        const grants = await grantTimesOnSimulatedClock(300, 3);
        const rate = ((grants.length - 1) * 1000) / (grants.at(-1)! - grants[0]!);
        expect(rate).toBeGreaterThan(DEFAULT_CALLS_PER_SECOND * 0.98);
        expect(maxInWindow(grants, 1000)).toBeLessThan(200);
    });

    it("keeps the target rate with a burst of 1 (creates) when every timer fires 3 ms late (simulated clock)", async () => {
        const grants = await grantTimesOnSimulatedClock(300, 3, 1);
        const rate = ((grants.length - 1) * 1000) / (grants.at(-1)! - grants[0]!);
        // Tencent's 200 in any 1.05 s binds first: 190.5/s. Without crediting late timers, 111/s.
        expect(rate).toBeGreaterThan(190);
        expect(maxInWindow(grants, 1000)).toBeLessThan(200);
        const gaps = grants.slice(1).map((time, index) => time - (grants[index] ?? 0));
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / DEFAULT_CALLS_PER_SECOND / 4);
    });

    it("grants in FIFO order", async () => {
        const bucket = new TokenBucket(1000);
        const order: number[] = [];
        await Promise.all(Array.from({ length: 20 }, (_, index) => bucket.acquire().then(() => order.push(index))));
        expect(order).toEqual(Array.from({ length: 20 }, (_, index) => index));
    });

    it("uses a single timer however many callers wait", async () => {
        const bucket = new TokenBucket(500);
        const realSetTimeout = globalThis.setTimeout;
        let timers = 0;
        const counting = ((...args: Parameters<typeof setTimeout>) => {
            timers += 1;
            return realSetTimeout(...args);
        }) as typeof setTimeout;
        globalThis.setTimeout = counting;
        try {
            const all = Array.from({ length: 500 }, () => bucket.acquire());
            expect(bucket.pending()).toBe(500 - DEFAULT_BURST);
            expect(timers).toBe(1);
            await Promise.all(all);
        } finally {
            globalThis.setTimeout = realSetTimeout;
        }
        // About one timer per grant (a timer that fires a hair early re-arms once), never one per waiter.
        expect(timers).toBeLessThan(2 * 500);
    });

    it("does not burst after an idle pause with a burst of 1", async () => {
        const bucket = new TokenBucket(100, undefined, 1);
        await bucket.acquire();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const first = performance.now();
        await bucket.acquire();
        await bucket.acquire();
        expect(performance.now() - first).toBeGreaterThanOrEqual(9);
    });

    it("sends up to 16 at once (the CLI's default parallelism on 2 and 4 cores), then spaces the rest at the rate (simulated clock)", async () => {
        expect(DEFAULT_BURST).toBe(16);
        const grants = await grantTimesOnSimulatedClock(300, 0);
        expect(grants.slice(0, DEFAULT_BURST).every((time) => time === grants[0])).toBe(true);
        // Never ahead of the burst plus what the rate has earned since: no second burst once it is spent.
        const interval = 1000 / DEFAULT_CALLS_PER_SECOND;
        const ahead = grants.map((time, index) => index + 1 - DEFAULT_BURST - (time - grants[0]!) / interval);
        expect(Math.max(...ahead)).toBeLessThanOrEqual(1e-9);
        expect(grants.at(-1)! - grants[0]!).toBeLessThan((300 - DEFAULT_BURST) * interval + 300);
        expect(maxInWindow(grants, 1000)).toBeLessThanOrEqual(DEFAULT_CALLS_PER_SECOND);
    });

    it("holds no more than the rate in any sliding second, however the bursts and late timers fall (simulated clock)", async () => {
        for (const lateMs of [0, 3, 17]) {
            const grants = await grantTimesOnSimulatedClock(600, lateMs);
            expect(maxInWindow(grants, 1000)).toBeLessThanOrEqual(DEFAULT_CALLS_PER_SECOND);
        }
    });

    it("holds Tencent's 200 for any second of arrivals that come up to 50 ms late, each by its own delay (simulated clock)", async () => {
        expect(ARRIVAL_JITTER_MS).toBe(50);
        let seed = 7;
        const jitter = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * ARRIVAL_JITTER_MS;
        for (const lateMs of [0, 3, 17]) {
            const grants = await grantTimesOnSimulatedClock(800, lateMs);
            expect(maxInWindow(grants, 1000 + ARRIVAL_JITTER_MS)).toBeLessThanOrEqual(200);
            // The worst case: the first grants of a window arrive as late as the jitter allows, the rest at once.
            for (let trial = 0; trial < 20; trial += 1) {
                const arrivals = grants.map((time) => time + jitter()).sort((a, b) => a - b);
                expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(200);
            }
            // And it still runs close to what that allows, 200 per 1.05 s, while timers are on time or
            // nearly (17 ms late, near the limit, caps what a timer may grant: see BUSY_CREDIT).
            const rate = ((grants.length - 1) * 1000) / (grants.at(-1)! - grants[0]!);
            if (lateMs <= 3) expect(rate).toBeGreaterThan((200 / 1.05) * 0.97);
        }
    });

    it("does not burst into a second that is nearly full: near the limit grants stay a quarter interval apart (simulated clock)", async () => {
        vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
        try {
            const bucket = new TokenBucket(DEFAULT_CALLS_PER_SECOND, () => Date.now());
            const grants: number[] = [];
            const wave = (count: number) =>
                Promise.all(Array.from({ length: count }, () => bucket.acquire().then(() => grants.push(Date.now()))));
            // 250 queued calls keep the last second full; after a pause that would refill 6 tokens, 20 more.
            const first = wave(250);
            while (grants.length < 250) await vi.advanceTimersByTimeAsync(1);
            await first;
            await vi.advanceTimersByTimeAsync(30);
            const second = wave(20);
            await vi.advanceTimersByTimeAsync(1000);
            await second;
            const late = grants.slice(250);
            const gaps = late.slice(1).map((time, index) => time - late[index]!);
            expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / DEFAULT_CALLS_PER_SECOND / 4);
            expect(maxInWindow(grants, 1000)).toBeLessThanOrEqual(DEFAULT_CALLS_PER_SECOND);
        } finally {
            vi.useRealTimers();
        }
    });

    it("bursts the writes that precede batched reads, not creates", () => {
        expect(burstFor("destroy_official_account")).toBe(DEFAULT_BURST);
        expect(burstFor("modify_official_account_base_info")).toBe(DEFAULT_BURST);
        expect(burstFor("get_official_account_info")).toBe(DEFAULT_BURST);
        expect(burstFor("create_official_account")).toBe(1);
    });

    it("is shared per (baseUrl, sdkAppId, command, rate) across the process", () => {
        const a = bucketFor("https://h", 1, "create_official_account", 195);
        expect(bucketFor("https://h", 1, "create_official_account", 195)).toBe(a);
        expect(bucketFor("https://h", 1, "destroy_official_account", 195)).not.toBe(a);
        expect(bucketFor("https://h", 2, "create_official_account", 195)).not.toBe(a);
        expect(bucketFor("https://other", 1, "create_official_account", 195)).not.toBe(a);
    });

    it("can be switched off with 0 or Infinity", async () => {
        const off = bucketFor("https://h", 1, "x", 0);
        const started = performance.now();
        await Promise.all(Array.from({ length: 1000 }, () => off.acquire()));
        expect(performance.now() - started).toBeLessThan(100);
        expect(bucketFor("https://h", 1, "x", Number.POSITIVE_INFINITY)).toBe(off);
    });
});
