/**
 * A local stand-in for Tencent Cloud Chat's official-channel REST API: a real HTTP server on
 * loopback that verifies UserSigs, enforces the documented rules and limits, can inject faults,
 * and can persist its channels to a JSON file. See emulator/README.md.
 */
import { lookup } from "node:dns/promises";
import { type AddressInfo, isIP } from "node:net";
import { echo, rememberSecret } from "../provider/tencent/display";
import { type ControlTarget } from "./control";
import { bindProblem } from "./guard";
import { FaultInjector, parseRandomPolicy, parseScript, type RandomFaultPolicy, type ScriptedFault } from "./faults";
import { DEMO_SECRET_KEY, type EmulatorOptions, type ResolvedOptions, resolveOptions } from "./options";
import { StateLock, StateSaver, checkStateWritable, loadState, stateFileOf } from "./persistence";
import { EmulatorServer } from "./server";
import { type EmulatorStats, copyStats, emptyStats } from "./stats";
import { type ChannelSnapshot, Store } from "./store";

export { DEMO_SECRET_KEY, type EmulatorOptions } from "./options";
export type { EmulatorStats } from "./stats";
export type { ChannelSnapshot, SubscriberSnapshot, MsgFlag } from "./store";
export { DEFAULT_FAULT_CODES, FAULT_KINDS, type FaultKind, type RandomFaultPolicy, type ScriptedFault } from "./faults";

/** Fault injection of a running emulator (also reachable over HTTP at `/__emulator/faults`). */
export interface EmulatorFaults {
    /**
     * Queues faults; each is consumed by the next request matching its `command` (any command when
     * omitted). Throws, queuing nothing, on an unknown kind or command, or a code that is not above 0.
     */
    script(faults: ScriptedFault[]): void;
    /** Sets the random fault policy; null turns random faults off. Throws on a bad policy (as `script` does). */
    random(policy: RandomFaultPolicy | null): void;
    /** Drops queued faults and the random policy. */
    clear(): void;
    /** Queued faults not yet consumed. */
    pending(): number;
}

/** A running emulator, as `startEmulator` returns it. */
export interface EmulatorHandle {
    /** Base URL to use as the client endpoint, e.g. "http://127.0.0.1:43123" (no trailing slash). */
    url: string;
    /** The port it listens on (the free one picked when `port` was 0). */
    port: number;
    /** Closes the server (dropping open connections) and writes the state file if there is one. */
    stop(): Promise<void>;
    /** Scripted and random faults (transient codes, 502s, dropped connections, lost responses). */
    faults: EmulatorFaults;
    /** A copy of the call, rate-limit and fault counters. */
    stats(): EmulatorStats;
    /** Sets every counter back to 0. */
    resetStats(): void;
    /** A deep copy of the live channels, camelCase, in creation order. */
    channels(): ChannelSnapshot[];
    /** Imports UserIDs so they can own channels and subscribe (like account_import). */
    importUsers(ids: string[]): void;
    /** What a client needs to talk to this emulator. */
    settings: { sdkAppId: number; secretKey: string; admin: string };
}

/**
 * Starts an emulator of Tencent Chat's official-channel REST API on loopback and resolves once it
 * listens. Point a client (or the provider, through `tencent-chat:endpoint`) at `handle.url` with
 * `handle.settings`. Throws on bad options (all of them listed at once), a port in use, or a state
 * file that cannot be written or is held by another emulator. Always `stop()` it: that closes the
 * server and writes the state file.
 *
 * @example
 * ```ts
 * import { startEmulator } from "pulumi-tencent-chat/emulator";
 * import { createChatClient } from "pulumi-tencent-chat";
 *
 * const emulator = await startEmulator({ users: ["owner1"] });
 * try {
 *     const client = createChatClient({ ...emulator.settings, endpoint: emulator.url });
 *     await client.createChannel({ channelId: "@TOA#_news", owner: "owner1", name: "News" });
 *     console.log(emulator.channels());
 * } finally {
 *     await emulator.stop();
 * }
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
    const resolved = resolveOptions(options);
    // Before the state file is locked or loaded: a refused host should leave nothing behind.
    await checkBindable(resolved);
    // A real key passed to the emulator is masked in every message this process prints (the demo
    // key is public: the start-up text shows it).
    if (resolved.secretKey !== DEMO_SECRET_KEY) rememberSecret(resolved.secretKey);
    const store = new Store();
    const persistence = openState(store, resolved);
    // Admins are ordinary imported users on the real service too.
    store.importUsers([...resolved.admins, ...resolved.users]);

    const faults = new FaultInjector();
    if (resolved.faults) faults.random(resolved.faults);
    // One object shared with the server; reset in place so the server never holds a stale one.
    const stats = emptyStats();
    const control: ControlTarget = {
        stats: () => copyStats(stats),
        resetStats: () => {
            Object.assign(stats, emptyStats());
        },
        channels: () => store.snapshot(),
        importUsers: (ids) => store.importUsers(ids),
        faults,
    };
    const server = new EmulatorServer({ options: resolved, store, faults, stats, control });
    try {
        await listen(server, resolved.port, resolved.host);
    } catch (error) {
        persistence.lock?.release();
        throw error;
    }
    return handleOf(server, resolved, control, persistence);
}

/** The state file's lock and saver; both absent when the emulator keeps its state in memory only. */
interface Persistence {
    lock?: StateLock;
    saver?: StateSaver;
}

/** Locks and loads the state file, if there is one, before anything is served. */
function openState(store: Store, resolved: ResolvedOptions): Persistence {
    if (!resolved.statePath) return {};
    // At start, not at the first save: a typo in the directory or a second emulator on the
    // same file must fail before any channel is created that could not be kept.
    const file = stateFileOf(resolved.statePath);
    checkStateWritable(file);
    const lock = StateLock.acquire(file);
    try {
        loadState(store, file);
    } catch (error) {
        lock.release();
        throw error;
    }
    return { lock, saver: new StateSaver(store, file, resolved.onStateError) };
}

/** Refuses a non-loopback host (unless allowRemote) before anything listens, by the addresses it resolves to. */
async function checkBindable({ host, allowRemote }: ResolvedOptions): Promise<void> {
    let addresses: string[];
    try {
        addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch (error) {
        throw new Error(
            `emulator: host ${echo(host)} does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        );
    }
    const problem = bindProblem(host, addresses, allowRemote);
    if (problem) throw new Error(`emulator: ${problem}`);
}

function listen(server: EmulatorServer, port: number, host: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
        server.http.once("error", reject);
        server.http.listen(port, host, () => {
            server.http.off("error", reject);
            resolve();
        });
    });
}

function handleOf(
    server: EmulatorServer,
    resolved: ResolvedOptions,
    control: ControlTarget,
    persistence: Persistence,
): EmulatorHandle {
    const port = (server.http.address() as AddressInfo).port;
    const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
    const { faults } = control;
    let stopped: Promise<void> | undefined;
    return {
        url: `http://${host}:${port}`,
        port,
        stop: () => (stopped ??= stop(server, persistence)),
        faults: {
            // Checked like the control endpoint's body: a code 0 or a misspelt command is refused, not queued.
            script: (list) => faults.script(parseScript(list)),
            random: (policy) => faults.random(policy === null ? null : parseRandomPolicy(policy)),
            clear: () => faults.clear(),
            pending: () => faults.pending(),
        },
        stats: control.stats,
        resetStats: control.resetStats,
        channels: control.channels,
        importUsers: control.importUsers,
        settings: { sdkAppId: resolved.sdkAppId, secretKey: resolved.secretKey, admin: resolved.admins[0] as string },
    };
}

/** Closes the server (dropping open connections), then writes the state file and releases its lock. */
async function stop(server: EmulatorServer, { lock, saver }: Persistence): Promise<void> {
    server.markStopping();
    const closed = new Promise<void>((resolve) => server.http.close(() => resolve()));
    server.http.closeAllConnections();
    await closed;
    try {
        await saver?.flush();
    } finally {
        lock?.release();
    }
}
