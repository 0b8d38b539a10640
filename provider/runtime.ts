/**
 * Process-wide state of the provider implementations loaded inside Pulumi's dynamic-provider host.
 * Module-level state here (settings, the client with its rate limiter, read batcher and UserSig
 * cache) is shared by every resource in the host process, and never enters `__provider`.
 */
import { createHash } from "node:crypto";

import { createChatClient } from "./api/client";
import type { ChatClient, ChatSettings, ClientTuning } from "./api/types";
import { resolveSettings, resolveTuning, type ConfigLookup } from "./config";

interface ProviderConfig {
    get(key: string): string | undefined;
}

let lookup: ConfigLookup = () => undefined;
let client: ChatClient | undefined;
let clientKey: string | undefined;

/**
 * Pulumi calls this once per provider text. It must not throw: the host caches the provider before
 * awaiting configure and never retries it, so a failure here would leave later calls unconfigured.
 * Settings problems surface on the first call that needs the API, with the full message.
 */
export function configure(request: { config?: ProviderConfig } | undefined): void {
    const config = request?.config;
    lookup = (key) => {
        try {
            return config?.get(key);
        } catch {
            return undefined; // no Configure RPC came: fall back to the environment
        }
    };
}

/** The shared client for the current settings (built on first use). */
export function chatClient(): ChatClient {
    const settings: ChatSettings = resolveSettings(lookup);
    const tuning: ClientTuning = resolveTuning(lookup);
    // A rotated SecretKey must get a new client; the key holds a digest of it, never the secret.
    const secretDigest = createHash("sha256").update(settings.secretKey).digest("hex");
    const key = JSON.stringify([settings.sdkAppId, settings.admin, settings.region, settings.endpoint, secretDigest, tuning]);
    if (!client || key !== clientKey) {
        client = createChatClient({ ...settings, ...tuning });
        clientKey = key;
    }
    return client;
}
