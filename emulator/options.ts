import { CALLS_PER_SECOND_LIMIT } from "../provider/api/wire";
import type { RandomFaultPolicy } from "./faults";

/**
 * The emulator's SecretKey unless told otherwise. Deliberately fake-looking: it must never be
 * mistaken for (or replaced by) a real app's key.
 */
export const DEMO_SECRET_KEY = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

export const DELETE_SUBSCRIBER_READINGS = ["sample", "table", "both"] as const;
export type DeleteSubscriberReading = (typeof DELETE_SUBSCRIBER_READINGS)[number];

export interface EmulatorOptions {
    /** Interface to listen on. Keep it loopback: control endpoints need no UserSig. @default "127.0.0.1" */
    host?: string;
    /** @default 0 (a free port; read it from the handle) */
    port?: number;
    /** The only SDKAppID the emulator knows; others answer 70020. @default 1400000000 */
    sdkAppId?: number;
    /** Key UserSigs are verified with. @default DEMO_SECRET_KEY */
    secretKey?: string;
    /** App admins: the only identifiers allowed to call (60010 otherwise). They count as imported users. @default ["administrator"] */
    admins?: string[];
    /** UserIDs imported at start besides the admins (channel owners, subscribers). @default [] */
    users?: string[];
    /** Calls per second per command before 60007; 0 disables the limit. @default 200 */
    callsPerSecond?: number;
    /** Delay added before answering each API call (not control calls), in ms. @default 0 */
    latencyMs?: number;
    /** Live channels allowed before create answers 130010. @default 10000 */
    maxChannels?: number;
    /** When false, every official-channel command answers 131000. @default true */
    serviceEnabled?: boolean;
    /** Whether a destroyed custom ID may be created again (UNCERTAIN on the real service). @default true */
    reuseDestroyedIds?: boolean;
    /**
     * Which body key delete_subscriber reads (§2.7, UNCERTAIN): "sample" = `SubscriberToDel_Account`
     * (the doc's sample, the doocs SDK), "table" = `SubscriberList[].Subscriber_Account` (the doc's
     * field table), "both" = either, their union when both are sent. The key not read is ignored as
     * an unknown field, as the real service does with unknown fields. Tests switch to each single
     * reading to prove the client works whichever is true. @default "both"
     */
    deleteSubscriberReading?: DeleteSubscriberReading;
    /** JSON file to load at start and save to (debounced, and on stop). @default in-memory only */
    statePath?: string;
    /** Initial random fault policy. @default none */
    faults?: RandomFaultPolicy;
    /** Clock in Unix milliseconds, for UserSig expiry and timestamps. @default Date.now */
    nowMs?: () => number;
    /** One line per API call and per injected fault; never contains a UserSig. @default silent */
    log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, "statePath" | "faults">> &
    Pick<EmulatorOptions, "statePath" | "faults">;

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
    const admins = options.admins ?? ["administrator"];
    if (options.deleteSubscriberReading !== undefined && !DELETE_SUBSCRIBER_READINGS.includes(options.deleteSubscriberReading)) {
        throw new Error(`emulator: deleteSubscriberReading must be one of ${DELETE_SUBSCRIBER_READINGS.join(", ")} (got ${JSON.stringify(options.deleteSubscriberReading)})`);
    }
    if (admins.length === 0) throw new Error("emulator: admins must list at least one UserID");
    return {
        host: options.host ?? "127.0.0.1",
        port: options.port ?? 0,
        sdkAppId: options.sdkAppId ?? 1400000000,
        secretKey: options.secretKey ?? DEMO_SECRET_KEY,
        admins,
        users: options.users ?? [],
        callsPerSecond: options.callsPerSecond ?? CALLS_PER_SECOND_LIMIT,
        latencyMs: options.latencyMs ?? 0,
        maxChannels: options.maxChannels ?? 10000,
        serviceEnabled: options.serviceEnabled ?? true,
        reuseDestroyedIds: options.reuseDestroyedIds ?? true,
        deleteSubscriberReading: options.deleteSubscriberReading ?? "both",
        statePath: options.statePath,
        faults: options.faults,
        nowMs: options.nowMs ?? Date.now,
        log: options.log ?? (() => undefined),
    };
}
