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
 * - But waiting gathers nothing once every read the engine can have in flight is already waiting on
 *   this batcher: at `--parallel 8` (the CLI's default on 2 cores) a refresh sends 8 reads, then
 *   nothing until they return. The batcher learns that limit as the number of reads outstanding
 *   (queued and in flight) that arrivals keep climbing back to without passing ({@link afterArrival}),
 *   and sends as soon as it is reached again. Measured (docs/performance.md): at P = 8 a refresh of
 *   1000 took 125 calls either way but 2.4× its floor before; at P = 64 it trades 20 full calls
 *   for ~32 (a full and a partial one per round) to finish in ⌈N/P⌉ round trips instead of ⌈N/50⌉.
 *   With unbounded parallelism the count keeps growing, so nothing changes: 20 calls for 1000.
 */
import { TencentCode } from "../tencent/codes";
import { hasCode } from "./errors";
import type { ChannelInfo, ChannelLookup } from "./types";
import { MAX_IDS_PER_READ } from "../tencent/wire";

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
    /** Idle this long (nothing outstanding), the learned parallelism is forgotten: a new phase may differ, in ms. @default 1000 */
    forgetMs?: number;
}

/**
 * What the batcher has learned about the engine's parallelism: the most reads ever outstanding at
 * once, and how many separate times arrivals brought the count back up to it.
 */
export interface Occupancy {
    peak: number;
    hitsAtPeak: number;
}

/** Nothing learned yet (a new batcher, or one idle for longer than {@link BatcherOptions.forgetMs}). */
export const NO_OCCUPANCY: Occupancy = { peak: 0, hitsAtPeak: 0 };

/**
 * After a new ID arrives (`outstanding` counts it, with the rest queued and those in flight): what is
 * learned, and whether to send now. A count that climbs back to the same peak a second time, never
 * past it, is the engine's limit: every read it can send is waiting, so waiting gathers nothing.
 * A count still growing (unbounded parallelism, the first round) never sends early. Pure.
 */
export function afterArrival(previous: Occupancy, outstanding: number): { occupancy: Occupancy; sendNow: boolean } {
    if (outstanding > previous.peak) return { occupancy: { peak: outstanding, hitsAtPeak: 1 }, sendNow: false };
    if (outstanding < previous.peak) return { occupancy: previous, sendNow: false };
    const occupancy = { peak: previous.peak, hitsAtPeak: previous.hitsAtPeak + 1 };
    return { occupancy, sendNow: occupancy.hitsAtPeak >= 2 };
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
    /** IDs sent and not yet answered. */
    private inFlightIds = 0;
    private occupancy: Occupancy = NO_OCCUPANCY;
    /** When the last outstanding read was answered. */
    private idleSince = Number.NEGATIVE_INFINITY;
    private readonly forgetMs: number;
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
        this.forgetMs = options.forgetMs ?? 1000;
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
            if (this.queued.size >= this.maxBatch || this.reachedEngineLimit(now)) this.flush();
            else if (this.timer === undefined) this.rearm(this.windowMs);
        });
    }

    /** Learns from this arrival (already queued); true when every read the engine can send is waiting. */
    private reachedEngineLimit(now: number): boolean {
        const outstanding = this.queued.size + this.inFlightIds;
        if (outstanding === 1 && now - this.idleSince > this.forgetMs) this.occupancy = NO_OCCUPANCY;
        const { occupancy, sendNow } = afterArrival(this.occupancy, outstanding);
        this.occupancy = occupancy;
        return sendNow;
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
        this.inFlightIds += batch.size;
        void this.run(batch).finally(() => this.callReturned());
    }

    private async run(batch: Map<string, Waiter[]>): Promise<void> {
        const ids = [...batch.keys()];
        let lookups: ChannelLookup[];
        try {
            lookups = await this.lookupsOf(ids);
        } catch (error) {
            this.answered(ids.length);
            const failure = error instanceof Error ? error : new Error(String(error));
            for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(failure);
            return;
        }
        this.answered(ids.length);
        settle(batch, lookups);
    }

    /** Before the waiters run: the reads they send next must not count these as still outstanding. */
    private answered(size: number): void {
        this.inFlightIds -= size;
        if (this.inFlightIds === 0 && this.queued.size === 0) this.idleSince = performance.now();
    }

    private async lookupsOf(ids: string[]): Promise<ChannelLookup[]> {
        try {
            return await this.fetchBatch(ids);
        } catch (error) {
            if (ids.length > 1 && hasCode(error, TencentCode.CHANNEL_NOT_FOUND) && error.target === undefined) {
                // The docs do not say whether one missing ID fails the whole call (§2.2); if it does,
                // ask for each ID alone so the others still get their channel.
                return Promise.all(ids.map((id) => this.fetchOneAsLookup(id)));
            }
            throw error;
        }
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
