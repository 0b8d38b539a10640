/**
 * One client per set of settings, kept for as long as they hold: both ways in (the dynamic host's
 * process-wide runtime, each plugin instance) share every resource's calls through one client, so
 * one rate limiter, read batcher and UserSig cache, and build a new one when any setting changes.
 */
import { createChatClient } from "./client";
import type { ChatClient, ClientOptions } from "./types";

/** Holds the client for the settings last asked for (see the module comment). */
export class ClientSlot {
    private client: ChatClient | undefined;
    private key: string | undefined;
    private secretKey: string | undefined;

    /** The client for `options`: the one held when they are the settings it was built for, else a new one. */
    get(options: ClientOptions): ChatClient {
        const { secretKey, ...rest } = options;
        const key = JSON.stringify(rest);
        // A rotated SecretKey must get a new client too; it is compared, never put in the key text.
        if (!this.client || key !== this.key || secretKey !== this.secretKey) {
            this.client = createChatClient(options);
            this.key = key;
            this.secretKey = secretKey;
        }
        return this.client;
    }

    /** Forgets the held client: the next `get` builds one (new settings are coming). */
    clear(): void {
        this.client = undefined;
    }
}
