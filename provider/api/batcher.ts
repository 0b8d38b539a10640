/**
 * Coalesces single-channel reads into get_official_account_info calls of up to 50 IDs, so that a
 * `pulumi refresh` of N channels (one read per resource, all at once) costs ⌈N/50⌉ calls instead of N
 * (design invariant 4).
 *
 * Two engine behaviours shape the batching (`npm run bench` shows their effect; docs/performance.md):
 * - Reads reach the host one gRPC call at a time, so under load they trickle in rather than all at
 *   once. A batch therefore keeps gathering while IDs keep coming — until 50, a quiet window, or
 *   `maxGatherMs` — instead of leaving after a fixed window.
 * - With `--parallel P` the engine keeps P reads in flight and issues the next ones as earlier ones
 *   finish. Sending a partial batch then splits every round into a full call and a small one, so a
 *   partial batch waits while another call is in flight, as Nagle's algorithm holds small segments
 *   while data is unacknowledged. When that call returns, the batch waits for the reads its
 *   completion releases: about twice the observed turnaround, learned from previous returns.
 *   `maxHoldMs` bounds the wait whatever happens.
 */
import { TencentCode } from "./codes";
import { hasCode } from "./errors";
import type { ChannelInfo, ChannelLookup } from "./types";
import { MAX_IDS_PER_READ } from "./wire";

/** Fetches one batch; must return one lookup per requested ID (per-item errors as `error`). */
export type FetchBatch = (ids: string[]) => Promise<ChannelLookup[]>;

/** Tuning of a {@link ReadBatcher}; the defaults suit a Pulumi refresh (see the module comment). */
export interface BatcherOptions {
    /** false: one call per load, the naive baseline. @default true */
    enabled?: boolean;
    /** How long the first queued ID waits for company, in ms. @default 10 */
    windowMs?: number;
    /** Longest a batch keeps gathering while more IDs arrive, from its first ID or the last call's return, in ms. @default 50 */
    maxGatherMs?: number;
    /** Longest any ID waits, including behind a call in flight, in ms. @default 250 */
    maxHoldMs?: number;
    /** @default 50 (MAX_IDS_PER_READ) */
    maxBatch?: number;
}

interface Waiter {
    resolve: (channel: ChannelInfo) => void;
    reject: (error: Error) => void;
}

/**
 * Coalesces concurrent single-channel reads into batched calls (see the module comment). One per
 * client; `load` is what the client's `loadChannel` calls.
 */
export class ReadBatcher {
    private queued = new Map<string, Waiter[]>();
    private timer: NodeJS.Timeout | undefined;
    private firstQueuedAt = 0;
    private lastQueuedAt = 0;
    private inFlight = 0;
    private returnedAt = Number.NEGATIVE_INFINITY;
    /** How long after a call returns the reads it released start arriving (recent peak), in ms. */
    private turnaroundMs = 0;
    private readonly enabled: boolean;
    private readonly windowMs: number;
    private readonly maxGatherMs: number;
    private readonly maxHoldMs: number;
    private readonly maxBatch: number;

    constructor(
        private readonly fetchBatch: FetchBatch,
        options: BatcherOptions = {},
    ) {
        this.enabled = options.enabled ?? true;
        this.windowMs = options.windowMs ?? 10;
        this.maxGatherMs = Math.max(options.maxGatherMs ?? 50, this.windowMs);
        this.maxHoldMs = Math.max(options.maxHoldMs ?? 250, this.maxGatherMs);
        this.maxBatch = options.maxBatch ?? MAX_IDS_PER_READ;
    }

    /** One channel; rejects with that ID's own error (e.g. TencentChatError CHANNEL_NOT_FOUND). */
    load(id: string): Promise<ChannelInfo> {
        if (!this.enabled) return this.fetchOne(id);
        return new Promise<ChannelInfo>((resolve, reject) => {
            const waiters = this.queued.get(id);
            if (waiters !== undefined) {
                waiters.push({ resolve, reject });
                return;
            }
            const now = performance.now();
            if (this.lastQueuedAt < this.returnedAt) {
                // The first ID since a call returned: its delay is the engine's turnaround. Peak-hold
                // with slow decay: one slow turnaround counts at once, fast ones wear it down.
                const sample = Math.min(now - this.returnedAt, this.maxGatherMs);
                this.turnaroundMs = Math.max(sample, this.turnaroundMs * 0.9);
            }
            this.lastQueuedAt = now;
            if (this.queued.size === 0) this.firstQueuedAt = this.lastQueuedAt;
            this.queued.set(id, [{ resolve, reject }]);
            if (this.queued.size >= this.maxBatch) this.flush();
            else if (this.timer === undefined) this.rearm(this.windowMs);
        });
    }

    // performance.now(): a monotonic clock, so wall-clock jumps (NTP, tests faking Date) cannot stall a batch.
    private windowClosed(): void {
        this.timer = undefined;
        const now = performance.now();
        const holdLeft = this.maxHoldMs - (now - this.firstQueuedAt);
        if (holdLeft <= 0) return this.flush();
        if (this.inFlight > 0) return this.rearm(holdLeft); // the return re-arms sooner
        const gatherLeft = this.maxGatherMs - (now - Math.max(this.firstQueuedAt, this.returnedAt));
        if (gatherLeft <= 0) return this.flush();
        const quietFor = Math.min(now - this.lastQueuedAt, now - this.returnedAt);
        const quietNeeded = this.lastQueuedAt > this.returnedAt ? this.windowMs : Math.max(this.windowMs, 2 * this.turnaroundMs);
        if (quietFor < quietNeeded) return this.rearm(Math.min(quietNeeded - quietFor, gatherLeft, holdLeft));
        this.flush();
    }

    private rearm(delayMs: number): void {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.windowClosed(), Math.max(1, delayMs));
    }

    private callReturned(): void {
        this.inFlight -= 1;
        this.returnedAt = performance.now();
        if (this.queued.size > 0) this.rearm(this.windowMs);
    }

    /** Sends whatever is queued now. */
    flush(): void {
        if (this.timer !== undefined) {
            clearTimeout(this.timer);
            this.timer = undefined;
        }
        if (this.queued.size === 0) return;
        const batch = this.queued;
        this.queued = new Map();
        this.inFlight += 1;
        void this.run(batch).finally(() => this.callReturned());
    }

    private async run(batch: Map<string, Waiter[]>): Promise<void> {
        const ids = [...batch.keys()];
        let lookups: ChannelLookup[];
        try {
            lookups = await this.fetchBatch(ids);
        } catch (error) {
            if (ids.length > 1 && hasCode(error, TencentCode.CHANNEL_NOT_FOUND) && error.target === undefined) {
                // The docs do not say whether one missing ID fails the whole call (§2.2); if it does,
                // ask for each ID alone so the others still get their channel.
                lookups = await Promise.all(ids.map((id) => this.fetchOneAsLookup(id)));
            } else {
                const failure = error instanceof Error ? error : new Error(String(error));
                for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(failure);
                return;
            }
        }
        settle(batch, lookups);
    }

    private async fetchOne(id: string): Promise<ChannelInfo> {
        const lookup = await this.fetchOneAsLookup(id, true);
        if ("error" in lookup) throw lookup.error;
        return lookup.channel;
    }

    private async fetchOneAsLookup(id: string, rethrow = false): Promise<ChannelLookup> {
        try {
            const [lookup] = await this.fetchBatch([id]);
            return lookup ?? { channelId: id, error: missingItem(id) };
        } catch (error) {
            if (rethrow) throw error;
            return { channelId: id, error: error instanceof Error ? error : new Error(String(error)) };
        }
    }
}

function settle(batch: Map<string, Waiter[]>, lookups: ChannelLookup[]): void {
    const byId = new Map(lookups.map((lookup) => [lookup.channelId, lookup]));
    for (const [id, waiters] of batch) {
        const lookup = byId.get(id);
        for (const waiter of waiters) {
            if (lookup === undefined) waiter.reject(missingItem(id));
            else if ("error" in lookup) waiter.reject(lookup.error);
            // A copy each, so one caller mutating its result cannot affect another sharing the slot.
            else waiter.resolve({ ...lookup.channel });
        }
    }
}

function missingItem(id: string): Error {
    return new Error(
        `get_official_account_info returned no entry for ${JSON.stringify(id)}; this is unexpected, please report it.`,
    );
}
