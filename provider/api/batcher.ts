/**
 * Coalesces single-channel reads into get_official_account_info calls of up to 50 IDs, so that a
 * `pulumi refresh` of N channels (one read per resource, all at once) costs ⌈N/50⌉ calls instead of N
 * (design invariant 4).
 */
import { TencentChatError } from "./errors";
import type { ChannelInfo, ChannelLookup } from "./types";
import { MAX_IDS_PER_READ } from "./wire";

/** Fetches one batch; must return one lookup per requested ID (per-item errors as `error`). */
export type FetchBatch = (ids: string[]) => Promise<ChannelLookup[]>;

export interface BatcherOptions {
    /** false: one call per load, the naive baseline. @default true */
    enabled?: boolean;
    /** How long the first queued ID waits for company, in ms. @default 10 */
    windowMs?: number;
    /** @default 50 (MAX_IDS_PER_READ) */
    maxBatch?: number;
}

interface Waiter {
    resolve: (channel: ChannelInfo) => void;
    reject: (error: Error) => void;
}

export class ReadBatcher {
    private queued = new Map<string, Waiter[]>();
    private timer: NodeJS.Timeout | undefined;
    private readonly enabled: boolean;
    private readonly windowMs: number;
    private readonly maxBatch: number;

    constructor(
        private readonly fetchBatch: FetchBatch,
        options: BatcherOptions = {},
    ) {
        this.enabled = options.enabled ?? true;
        this.windowMs = options.windowMs ?? 10;
        this.maxBatch = options.maxBatch ?? MAX_IDS_PER_READ;
    }

    /** One channel; rejects with that ID's own error (e.g. TencentChatError 130004). */
    load(id: string): Promise<ChannelInfo> {
        if (!this.enabled) return this.fetchOne(id);
        return new Promise<ChannelInfo>((resolve, reject) => {
            const waiters = this.queued.get(id);
            if (waiters !== undefined) {
                waiters.push({ resolve, reject });
                return;
            }
            this.queued.set(id, [{ resolve, reject }]);
            if (this.queued.size >= this.maxBatch) this.flush();
            else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
        });
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
        void this.run(batch);
    }

    private async run(batch: Map<string, Waiter[]>): Promise<void> {
        const ids = [...batch.keys()];
        let lookups: ChannelLookup[];
        try {
            lookups = await this.fetchBatch(ids);
        } catch (error) {
            if (ids.length > 1 && error instanceof TencentChatError && error.code === 130004 && error.target === undefined) {
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
    return new Error(`get_official_account_info returned no entry for ${JSON.stringify(id)}; this is unexpected, please report it.`);
}
