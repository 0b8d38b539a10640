import { echo } from "../provider/tencent/display";
import { BYTE_LIMITS, CALLS_PER_SECOND_LIMIT, DEFAULT_ADMIN, utf8Bytes } from "../provider/tencent/wire";
import { userIdProblem } from "./fields";
import { type RandomFaultPolicy, parseRandomPolicy } from "./faults";

/**
 * The emulator's SecretKey unless told otherwise. Deliberately fake-looking: it must never be
 * mistaken for (or replaced by) a real app's key.
 */
export const DEMO_SECRET_KEY = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

/** The readings of delete_subscriber's body the emulator can take (see `deleteSubscriberReading`). */
export const DELETE_SUBSCRIBER_READINGS = ["sample", "table", "both"] as const;
/** One of DELETE_SUBSCRIBER_READINGS. */
export type DeleteSubscriberReading = (typeof DELETE_SUBSCRIBER_READINGS)[number];

/** How `startEmulator` sets up the emulator; every field is optional and checked (all problems reported at once). */
export interface EmulatorOptions {
    /**
     * Interface to listen on. Only a loopback one (127.0.0.0/8, ::1, localhost) unless `allowRemote`:
     * the control endpoints need no UserSig. @default "127.0.0.1"
     */
    host?: string;
    /**
     * Allows a non-loopback `host` (e.g. "0.0.0.0" in a container) and control requests under any
     * Host name; anyone who can reach the port can then change channels and faults. @default false
     */
    allowRemote?: boolean;
    /** @default 0 (a free port; read it from the handle) */
    port?: number;
    /** The only SDKAppID the emulator knows; others answer 70020. @default 1400000000 */
    sdkAppId?: number;
    /** Key UserSigs are verified with. @default DEMO_SECRET_KEY */
    secretKey?: string;
    /** App admins: the only identifiers allowed to call (60010 otherwise). They count as imported users. @default [DEFAULT_ADMIN] ("administrator") */
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
    /**
     * JSON file to load at start and save to (debounced, and on stop). Its directory must exist and
     * be writable, and `<file>.lock` keeps a second emulator off it. @default in-memory only
     */
    statePath?: string;
    /** Hears at once about a background save that failed (stop() rejects on a failed final save). @default writes to stderr */
    onStateError?: (message: string) => void;
    /** Initial random fault policy. @default none */
    faults?: RandomFaultPolicy;
    /** Clock in Unix milliseconds, for UserSig expiry and timestamps. @default Date.now */
    nowMs?: () => number;
    /** One line per API call and per injected fault; never contains a UserSig. @default silent */
    log?: (line: string) => void;
}

/** EmulatorOptions with every default filled in. */
export type ResolvedOptions = Required<Omit<EmulatorOptions, "statePath" | "faults">> &
    Pick<EmulatorOptions, "statePath" | "faults">;

/** Collects every bad option, so one start reports them all. */
function checker() {
    const problems: string[] = [];
    const wholeNumber = (name: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER) => {
        if (value === undefined) return;
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
            problems.push(`${name} must be a whole number from ${min} to ${max} (got ${echo(value)})`);
        }
    };
    const amount = (name: string, value: number | undefined) => {
        if (value === undefined) return;
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
            problems.push(`${name} must be a number of at least 0 (got ${echo(value)})`);
    };
    const nonEmpty = (name: string, value: string | undefined) => {
        if (value === undefined) return;
        if (typeof value !== "string" || value === "") problems.push(`${name} must be a non-empty string (got ${echo(value)})`);
    };
    const ids = (name: string, value: string[] | undefined, atLeastOne: boolean) => {
        if (value === undefined) return;
        if (!Array.isArray(value)) problems.push(`${name} must be a list of UserIDs (got ${typeof value} ${echo(value)})`);
        else if (atLeastOne && value.length === 0) problems.push(`${name} must list at least one UserID`);
        else {
            const bad = value.find((id) => typeof id !== "string" || id === "");
            if (bad !== undefined) problems.push(`${name} must hold non-empty UserIDs (got ${echo(bad)})`);
            // account_import's rule: the state file holds imported users to it when it is loaded again.
            const long = bad === undefined ? value.find((id) => userIdProblem(id) !== undefined) : undefined;
            if (long !== undefined)
                problems.push(
                    `${name} must hold UserIDs of at most ${BYTE_LIMITS.userId} bytes (got ${echo(long)}, ${utf8Bytes(long)} bytes)`,
                );
        }
    };
    return { problems, wholeNumber, amount, nonEmpty, ids };
}

/** Checks `options` and fills in the defaults; throws one Error listing every bad option. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
    const check = checker();
    check.nonEmpty("host", options.host);
    if (options.allowRemote !== undefined && typeof options.allowRemote !== "boolean")
        check.problems.push(`allowRemote must be true or false (got ${echo(options.allowRemote)})`);
    check.wholeNumber("port", options.port, 0, 65535);
    check.wholeNumber("sdkAppId", options.sdkAppId, 1);
    // Not echoed: it is a key.
    if (options.secretKey !== undefined && (typeof options.secretKey !== "string" || options.secretKey === ""))
        check.problems.push("secretKey must be a non-empty string");
    check.ids("admins", options.admins, true);
    check.ids("users", options.users, false);
    check.amount("callsPerSecond", options.callsPerSecond);
    check.amount("latencyMs", options.latencyMs);
    check.wholeNumber("maxChannels", options.maxChannels, 0);
    check.nonEmpty("statePath", options.statePath);
    if (options.deleteSubscriberReading !== undefined && !DELETE_SUBSCRIBER_READINGS.includes(options.deleteSubscriberReading)) {
        check.problems.push(
            `deleteSubscriberReading must be one of ${DELETE_SUBSCRIBER_READINGS.join(", ")} (got ${echo(options.deleteSubscriberReading)})`,
        );
    }
    if (options.faults !== undefined) {
        try {
            parseRandomPolicy(options.faults, "faults");
        } catch (error) {
            check.problems.push((error as Error).message);
        }
    }
    if (check.problems.length > 0) throw new Error(`emulator: ${check.problems.join("; ")}`);
    return {
        host: options.host ?? "127.0.0.1",
        allowRemote: options.allowRemote ?? false,
        port: options.port ?? 0,
        sdkAppId: options.sdkAppId ?? 1400000000,
        secretKey: options.secretKey ?? DEMO_SECRET_KEY,
        admins: options.admins ?? [DEFAULT_ADMIN],
        users: options.users ?? [],
        callsPerSecond: options.callsPerSecond ?? CALLS_PER_SECOND_LIMIT,
        latencyMs: options.latencyMs ?? 0,
        maxChannels: options.maxChannels ?? 10000,
        serviceEnabled: options.serviceEnabled ?? true,
        reuseDestroyedIds: options.reuseDestroyedIds ?? true,
        deleteSubscriberReading: options.deleteSubscriberReading ?? "both",
        statePath: options.statePath,
        onStateError: options.onStateError ?? ((message) => process.stderr.write(`${message}\n`)),
        faults: options.faults,
        nowMs: options.nowMs ?? Date.now,
        log: options.log ?? (() => undefined),
    };
}
