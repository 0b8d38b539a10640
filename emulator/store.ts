/**
 * The emulator's data model: channels, their subscribers, destroyed IDs and imported users.
 * Every mutation goes through a method here so SubscriberNum can never drift from the subscriber
 * list and persistence hears about every change.
 *
 * Plain camelCase data (no wire names), which is also what `channels()` and the state file expose.
 */

/** How a subscriber hears about a channel's messages (Tencent's `MsgFlag`). */
export type MsgFlag = "AcceptAndNotify" | "AcceptNotNotify" | "Discard";

/** One subscriber as `channels()` and the state file show it. */
export interface SubscriberSnapshot {
    userId: string;
    /** Unix seconds. */
    subscribeTime: number;
    customString: string;
    msgFlag: MsgFlag;
    /** Unix seconds; 0 until the subscriber sends something (the emulator never does). */
    lastSendMsgTime: number;
}

/** One channel as `channels()` and the state file show it: camelCase, plain data. */
export interface ChannelSnapshot {
    channelId: string;
    owner: string;
    name: string;
    introduction: string;
    faceUrl: string;
    organization: string;
    customString: string;
    /** Stored and persisted, but never returned by the emulated read APIs (API doc §2.2). */
    maxSubscribers: number;
    subscriberCount: number;
    /** Unix seconds. */
    createTime: number;
    /** Unix seconds; 0 until a message is sent. */
    lastMessageTime: number;
    /** In subscription order. */
    subscribers: SubscriberSnapshot[];
}

/** Editable channel fields (modify_official_account_base_info). */
export type ChannelPatch = Partial<
    Pick<ChannelSnapshot, "name" | "introduction" | "faceUrl" | "organization" | "customString" | "maxSubscribers">
>;

/** `seq` orders subscriptions globally: it is the paging cursor and the "stable order" of lists. */
export interface StoredSubscriber extends SubscriberSnapshot {
    seq: number;
}

/** A live channel in the store; subscribers by UserID. */
export interface StoredChannel extends Omit<ChannelSnapshot, "subscribers" | "subscriberCount"> {
    subscribers: Map<string, StoredSubscriber>;
}

/** The state file's JSON (version 1). */
export interface PersistedState {
    version: 1;
    nextSeq: number;
    users: string[];
    destroyedIds: string[];
    channels: Array<Omit<ChannelSnapshot, "subscribers"> & { subscribers: StoredSubscriber[] }>;
}

/** What `Store.createChannel` takes: a channel without subscribers or messages yet. */
export type NewChannel = Omit<StoredChannel, "subscribers" | "lastMessageTime">;

/**
 * Channels, subscribers, destroyed IDs and imported users. Every change goes through a method, so
 * SubscriberNum never drifts from the list and `onChange` listeners (persistence) hear of it.
 */
export class Store {
    private readonly channelMap = new Map<string, StoredChannel>();
    private readonly destroyed = new Set<string>();
    private readonly userSet = new Set<string>();
    private nextSeq = 1;
    private readonly listeners: Array<() => void> = [];

    /** Called after every mutation (persistence debounces on it). */
    onChange(listener: () => void): void {
        this.listeners.push(listener);
    }

    private changed(): void {
        for (const listener of this.listeners) listener();
    }

    // ---- reads -------------------------------------------------------------------------------

    channel(id: string): StoredChannel | undefined {
        return this.channelMap.get(id);
    }

    channelCount(): number {
        return this.channelMap.size;
    }

    allChannels(): IterableIterator<StoredChannel> {
        return this.channelMap.values();
    }

    wasDestroyed(id: string): boolean {
        return this.destroyed.has(id);
    }

    isImported(userId: string): boolean {
        return this.userSet.has(userId);
    }

    /** Every channel `userId` follows with its subscription, in subscription order. */
    subscriptionsOf(userId: string): Array<{ channel: StoredChannel; subscriber: StoredSubscriber }> {
        const found: Array<{ channel: StoredChannel; subscriber: StoredSubscriber }> = [];
        for (const channel of this.channelMap.values()) {
            const subscriber = channel.subscribers.get(userId);
            if (subscriber) found.push({ channel, subscriber });
        }
        return found.sort((a, b) => a.subscriber.seq - b.subscriber.seq);
    }

    // ---- mutations ---------------------------------------------------------------------------

    importUsers(ids: Iterable<string>): void {
        let added = false;
        for (const id of ids) {
            if (!this.userSet.has(id)) {
                this.userSet.add(id);
                added = true;
            }
        }
        if (added) this.changed();
    }

    createChannel(channel: NewChannel): StoredChannel {
        const stored: StoredChannel = { ...channel, lastMessageTime: 0, subscribers: new Map() };
        this.channelMap.set(channel.channelId, stored);
        // A reused ID is live again; it is "destroyed" only until then.
        this.destroyed.delete(channel.channelId);
        this.changed();
        return stored;
    }

    updateChannel(id: string, patch: ChannelPatch): void {
        const channel = this.channelMap.get(id);
        if (!channel) return;
        for (const [key, value] of Object.entries(patch) as Array<[keyof ChannelPatch, string | number | undefined]>) {
            if (value !== undefined) (channel as unknown as Record<string, unknown>)[key] = value;
        }
        this.changed();
    }

    destroyChannel(id: string): void {
        if (this.channelMap.delete(id)) {
            this.destroyed.add(id);
            this.changed();
        }
    }

    subscribe(channel: StoredChannel, userId: string, nowSeconds: number): void {
        channel.subscribers.set(userId, {
            userId,
            subscribeTime: nowSeconds,
            customString: "",
            msgFlag: "AcceptAndNotify",
            lastSendMsgTime: 0,
            seq: this.nextSeq++,
        });
        this.changed();
    }

    unsubscribe(channel: StoredChannel, userId: string): boolean {
        const removed = channel.subscribers.delete(userId);
        if (removed) this.changed();
        return removed;
    }

    setSubscriberCustomString(subscriber: StoredSubscriber, customString: string): void {
        subscriber.customString = customString;
        this.changed();
    }

    recordMessage(channel: StoredChannel, nowSeconds: number): void {
        channel.lastMessageTime = nowSeconds;
        this.changed();
    }

    // ---- snapshots and persistence -----------------------------------------------------------

    snapshot(): ChannelSnapshot[] {
        return [...this.channelMap.values()].map((c) => {
            const { subscribers, ...rest } = c;
            return {
                ...rest,
                subscriberCount: subscribers.size,
                subscribers: [...subscribers.values()].map(({ seq: _seq, ...s }) => ({ ...s })),
            };
        });
    }

    users(): string[] {
        return [...this.userSet];
    }

    toJSON(): PersistedState {
        return {
            version: 1,
            nextSeq: this.nextSeq,
            users: [...this.userSet],
            destroyedIds: [...this.destroyed],
            channels: [...this.channelMap.values()].map((c) => ({
                ...c,
                subscriberCount: c.subscribers.size,
                subscribers: [...c.subscribers.values()].map((s) => ({ ...s })),
            })),
        };
    }

    /** Replaces the contents with a persisted state (no change notification: nothing new to save). */
    load(state: PersistedState): void {
        if (state.version !== 1 || !Array.isArray(state.channels)) {
            throw new Error("unsupported emulator state file (expected version 1)");
        }
        this.channelMap.clear();
        this.destroyed.clear();
        this.userSet.clear();
        for (const user of state.users ?? []) this.userSet.add(user);
        for (const id of state.destroyedIds ?? []) this.destroyed.add(id);
        let maxSeq = 0;
        for (const c of state.channels) {
            const { subscribers, subscriberCount: _count, ...rest } = c;
            const map = new Map<string, StoredSubscriber>();
            for (const s of subscribers) {
                map.set(s.userId, { ...s });
                maxSeq = Math.max(maxSeq, s.seq);
            }
            this.channelMap.set(c.channelId, { ...rest, subscribers: map });
        }
        this.nextSeq = Math.max(state.nextSeq ?? 1, maxSeq + 1);
    }
}
