/**
 * Pacing below Tencent's 200 calls/s per command (§1.6).
 *
 * A token bucket with a small burst: up to {@link DEFAULT_BURST} calls go at once, then calls are
 * spaced at the rate; and never more than the rate's worth in any one second (a sliding window of
 * the grants), so any sliding second the server measures holds fewer than 200; near that, no bursts.
 * The burst matters at the parallelism users run: `pulumi up` keeps 8 operations in flight on 2
 * cores (4 × cores), and their writes spaced 5 ms apart made every round of 8 take 36 ms longer and
 * the next round's reads arrive spread out (docs/performance.md). Buckets live in a module-level
 * registry so every client of the process (one per resource in a Pulumi run) shares them.
 */
import { performance } from "node:perf_hooks";

import { CALLS_PER_SECOND_LIMIT } from "../tencent/wire";

/** Default pace: a little under the documented limit to absorb jitter between us and the server. */
export const DEFAULT_CALLS_PER_SECOND = CALLS_PER_SECOND_LIMIT - 5;
/** Calls that may go at once: 16 covers the CLI's default parallelism on 2 and 4 cores. */
export const DEFAULT_BURST = 16;
const WINDOW_MS = 1000;
/**
 * How far the server's arrival times may shift against our grant times (network jitter, a stalled
 * event loop on either side): Tencent's limit is held for any second of *arrivals* when no window of
 * this much more than a second holds more than the limit's worth of grants. At the default pace this
 * binds first: 200 per 1.05 s is 190.5/s, against the 195/s target. Without it, bursts and late
 * timers left 25 ms of tolerance, and a loaded 2-core machine drew a 60007 from the emulator.
 */
export const ARRIVAL_JITTER_MS = 50;
const LIMIT_WINDOW_MS = WINDOW_MS + ARRIVAL_JITTER_MS;
/**
 * Near the limit, and for a burst of 1 while callers queue, a late timer is credited up to three
 * quarters of an interval (half an interval left a busy host measurably below the target in
 * `npm run bench`), so grants stay at least a quarter interval apart.
 */
const BUSY_CREDIT = 0.75;

/**
 * Grants at `callsPerSecond` with bursts of up to `burst`, at most `callsPerSecond` in any sliding
 * second and at most Tencent's limit in any {@link ARRIVAL_JITTER_MS}-longer window, first come
 * first served. Use {@link bucketFor} to get the process-wide bucket rather than
 * building one.
 */
export class TokenBucket {
    private readonly intervalMs: number;
    /** Most grants in any sliding second. */
    private readonly perWindow: number;
    /** Most grants in any window of LIMIT_WINDOW_MS: Tencent's limit, whatever the pace. */
    private readonly perLimitWindow = CALLS_PER_SECOND_LIMIT;
    private tokens: number;
    private refilledAt: number;
    /** Grant times of the last LIMIT_WINDOW_MS, oldest first (from `grantsHead`). */
    private grants: number[] = [];
    private grantsHead = 0;
    /** The first grant of the last second (WINDOW_MS), at or after `grantsHead`. */
    private secondHead = 0;
    /** FIFO of waiters; `head` avoids O(n) shifts when hundreds are queued. */
    private queue: Array<() => void> = [];
    private head = 0;
    private timer: NodeJS.Timeout | undefined;

    constructor(
        readonly callsPerSecond: number,
        private readonly now: () => number = () => performance.now(),
        private readonly burst: number = DEFAULT_BURST,
    ) {
        if (!(callsPerSecond > 0)) throw new Error(`callsPerSecond must be positive (got ${callsPerSecond})`);
        if (!(burst >= 1)) throw new Error(`burst must be at least 1 (got ${burst})`);
        this.intervalMs = 1000 / callsPerSecond;
        this.perWindow = Math.max(1, Math.floor(callsPerSecond));
        this.tokens = burst;
        this.refilledAt = now();
    }

    /** Resolves when the caller may send one request. */
    acquire(): Promise<void> {
        if (this.pending() === 0 && this.waitMs(this.now()) === 0) {
            this.take();
            return Promise.resolve();
        }
        return new Promise<void>((resolve) => {
            this.queue.push(resolve);
            this.schedule();
        });
    }

    /** Waiters not yet granted a token. */
    pending(): number {
        return this.queue.length - this.head;
    }

    /**
     * How long until a grant is allowed: a whole token, and room in the last second. Tokens accrue
     * with elapsed time, so a timer that fires late (by several ms when the host is busy serving the
     * engine) is credited and the achieved rate stays at the target. The burst is only for a second
     * with room to spare: near the limit the bucket holds at most {@link BUSY_CREDIT} tokens, so
     * calls stay spaced. Bursts of 16 into a nearly full second drew 60007s from the emulator at
     * `--parallel 64` (12–27 per 1000 writes): requests sent together reach the server's window with
     * jitter, and a few landed in the previous second's count.
     */
    private waitMs(now: number): number {
        this.expire(now);
        const inWindow = this.grants.length - this.secondHead;
        const inLimitWindow = this.grants.length - this.grantsHead;
        const room = inWindow + 2 * this.burst <= this.perWindow && inLimitWindow + 2 * this.burst <= this.perLimitWindow;
        // With callers queued, a bucket of one token could credit no late timer at all: each wait is
        // rounded up to a whole ms and fires late on a busy host, so creates (burst 1) ran at 160/s
        // against the 195 target. Idle, it still holds one token: no burst after a pause.
        const whileQueued = this.pending() > 0 ? 1 + BUSY_CREDIT : 0;
        const capacity = room ? Math.max(this.burst, whileQueued) : Math.min(this.burst, 1) + BUSY_CREDIT;
        this.tokens = Math.min(capacity, this.tokens + (now - this.refilledAt) / this.intervalMs);
        this.refilledAt = now;
        const tokenWait = this.tokens >= 1 ? 0 : (1 - this.tokens) * this.intervalMs;
        return Math.max(
            tokenWait,
            this.windowWait(now, inWindow, this.perWindow, WINDOW_MS),
            this.windowWait(now, inLimitWindow, this.perLimitWindow, LIMIT_WINDOW_MS),
        );
    }

    /** Drops grants older than the longer window, and moves the last second's start. */
    private expire(now: number): void {
        while (this.grantsHead < this.grants.length && (this.grants[this.grantsHead] ?? 0) <= now - LIMIT_WINDOW_MS)
            this.grantsHead += 1;
        this.secondHead = Math.max(this.secondHead, this.grantsHead);
        while (this.secondHead < this.grants.length && (this.grants[this.secondHead] ?? 0) <= now - WINDOW_MS)
            this.secondHead += 1;
        if (this.grantsHead > 1024 && this.grantsHead * 2 > this.grants.length) {
            this.grants = this.grants.slice(this.grantsHead);
            this.secondHead -= this.grantsHead;
            this.grantsHead = 0;
        }
    }

    /** How long until a window of `windowMs` holding `count` grants has room for one more (of `most`). */
    private windowWait(now: number, count: number, most: number, windowMs: number): number {
        if (count < most) return 0;
        // The grant that must leave the window: then `most - 1` remain.
        const leaving = this.grants[this.grants.length - most] ?? now;
        return Math.max(0, leaving + windowMs - now);
    }

    /** Books a grant; `waitMs` just returned 0. */
    private take(): void {
        this.tokens -= 1;
        this.grants.push(this.refilledAt);
    }

    private schedule(): void {
        if (this.timer !== undefined || this.pending() === 0) return;
        this.timer = setTimeout(() => this.release(), Math.ceil(this.waitMs(this.now())));
    }

    private release(): void {
        this.timer = undefined;
        while (this.pending() > 0 && this.waitMs(this.now()) === 0) {
            const resolve = this.queue[this.head];
            this.head += 1;
            this.take();
            resolve?.();
        }
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
            this.queue = this.queue.slice(this.head);
            this.head = 0;
        }
        this.schedule();
    }
}

/** Pacing switched off: `callsPerSecond` of 0 or Infinity (for tests and benchmarks that want 60007). */
const UNPACED = { acquire: (): Promise<void> => Promise.resolve() };
/** What a call waits on before sending: a shared {@link TokenBucket}, or nothing when pacing is off. */
export type Pacer = Pick<TokenBucket, "acquire">;

const registry = new Map<string, TokenBucket>();

/**
 * How many calls of `command` may go at once. A burst pays where what follows gathers: the identity
 * read before modify and destroy is batched, and spread-out writes made the next round's reads
 * arrive spread out too. Creates are followed by nothing that batches; spaced, their operations
 * drift apart, so the engine's and the host's work for one overlaps another's wait. Measured at
 * `--parallel 8`, N = 1000: creates in bursts took 7.9 s, spaced 7.4 s (docs/performance.md).
 */
export function burstFor(command: string): number {
    return command === "create_official_account" ? 1 : DEFAULT_BURST;
}

/**
 * The shared bucket for one (baseUrl, sdkAppId, command) at one rate. The rate is part of the key so
 * that a client with different tuning cannot silently change another client's pace.
 */
export function bucketFor(baseUrl: string, sdkAppId: number, command: string, callsPerSecond: number): Pacer {
    if (callsPerSecond === 0 || callsPerSecond === Number.POSITIVE_INFINITY) return UNPACED;
    const key = `${baseUrl}\u0000${sdkAppId}\u0000${command}\u0000${callsPerSecond}`;
    let bucket = registry.get(key);
    if (bucket === undefined) {
        bucket = new TokenBucket(callsPerSecond, undefined, burstFor(command));
        registry.set(key, bucket);
    }
    return bucket;
}
