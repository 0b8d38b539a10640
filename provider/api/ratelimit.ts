/**
 * Pacing below Tencent's 200 calls/s per command (§1.6).
 *
 * A token bucket of capacity 1: calls are spaced evenly instead of bursting, so any sliding
 * one-second window the server measures holds fewer than 200. Buckets live in a module-level
 * registry so every client of the process (one per resource in a Pulumi run) shares them.
 */
import { performance } from "node:perf_hooks";

import { CALLS_PER_SECOND_LIMIT } from "../tencent/wire";

/** Default pace: a little under the documented limit to absorb jitter between us and the server. */
export const DEFAULT_CALLS_PER_SECOND = CALLS_PER_SECOND_LIMIT - 5;

/**
 * Evenly spaced grants at `callsPerSecond` (capacity 1, first come first served). Use
 * {@link bucketFor} to get the process-wide bucket rather than building one.
 */
export class TokenBucket {
    private readonly intervalMs: number;
    /** Monotonic time at which the next token is available. */
    private nextAt = 0;
    /** FIFO of waiters; `head` avoids O(n) shifts when hundreds are queued. */
    private queue: Array<() => void> = [];
    private head = 0;
    private timer: NodeJS.Timeout | undefined;

    constructor(
        readonly callsPerSecond: number,
        private readonly now: () => number = () => performance.now(),
    ) {
        if (!(callsPerSecond > 0)) throw new Error(`callsPerSecond must be positive (got ${callsPerSecond})`);
        this.intervalMs = 1000 / callsPerSecond;
    }

    /** Resolves when the caller may send one request. */
    acquire(): Promise<void> {
        if (this.pending() === 0 && this.now() >= this.nextAt) {
            this.take(false);
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
     * Books the token. A queued waiter's slot was `nextAt`; the timer that serves it fires late, by a
     * millisecond or so on an idle machine and by several when the host is busy serving the engine.
     * Crediting that lateness (up to three quarters of an interval; half an interval left a busy
     * host measurably below the target in `npm run bench`) keeps the achieved rate at the target
     * while consecutive grants stay at least a quarter interval apart, never a burst. An idle bucket (`queued` false) gets no credit, so a call
     * after a pause is never followed by a burst.
     */
    private take(queued: boolean): void {
        const now = this.now();
        this.nextAt = queued ? Math.max(this.nextAt + this.intervalMs, now + this.intervalMs / 4) : now + this.intervalMs;
    }

    private schedule(): void {
        if (this.timer !== undefined || this.pending() === 0) return;
        const delay = Math.max(0, this.nextAt - this.now());
        this.timer = setTimeout(() => this.release(), Math.ceil(delay));
    }

    private release(): void {
        this.timer = undefined;
        while (this.pending() > 0 && this.now() >= this.nextAt) {
            const resolve = this.queue[this.head];
            this.head += 1;
            this.take(true);
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
 * The shared bucket for one (baseUrl, sdkAppId, command) at one rate. The rate is part of the key so
 * that a client with different tuning cannot silently change another client's pace.
 */
export function bucketFor(baseUrl: string, sdkAppId: number, command: string, callsPerSecond: number): Pacer {
    if (callsPerSecond === 0 || callsPerSecond === Number.POSITIVE_INFINITY) return UNPACED;
    const key = `${baseUrl}\u0000${sdkAppId}\u0000${command}\u0000${callsPerSecond}`;
    let bucket = registry.get(key);
    if (bucket === undefined) {
        bucket = new TokenBucket(callsPerSecond);
        registry.set(key, bucket);
    }
    return bucket;
}
