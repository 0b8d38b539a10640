/**
 * Process-wide state of the provider implementations loaded inside Pulumi's dynamic-provider host.
 * Module-level state here (settings, the client with its rate limiter, read batcher and UserSig
 * cache) is shared by every resource in the host process, and never enters `__provider`.
 */
import { ClientSlot } from "../api/client-slot";
import type { ChatClient } from "../api/types";
import { CONFIG_NAMESPACE, resolveClientOptions, type ConfigLookup } from "../config";

interface ProviderConfig {
    get(key: string): string | undefined;
    /** The whole stack config, as @pulumi/pulumi's dynamic-provider host keeps it. */
    rawConfig?: Record<string, unknown>;
}

let lookup: ConfigLookup = () => undefined;
/** The `tencent-chat:*` keys the stack sets (without the namespace), so that a misspelt one is refused. */
let givenKeys: string[] = [];
const clients = new ClientSlot();

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
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw = config?.rawConfig ?? {};
    givenKeys = Object.keys(raw)
        .filter((key) => key.startsWith(prefix))
        .map((key) => key.slice(prefix.length));
}

/** The shared client for the current settings (built on first use). */
export function chatClient(): ChatClient {
    return clients.get(resolveClientOptions(lookup, process.env, "pulumi", givenKeys));
}
