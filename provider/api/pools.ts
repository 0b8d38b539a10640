/**
 * Connection pools: one per origin for the whole process, so the many clients of a Pulumi run
 * reuse warm TLS connections. undici unrefs idle sockets, so a pool never keeps a process alive.
 */
import { Pool, buildConnector } from "undici";

/**
 * Largest response body read. The biggest real answers (a 200-item subscriber or subscription page)
 * are about 1 MB; anything far larger is not Tencent and must not grow the process without bound.
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

const POOL_CONNECTIONS = 16;
/**
 * Errors of the connection step (DNS, TCP, TLS handshake): undici fails the queued requests with
 * the connector's own error object, so membership here proves the request was never written.
 * Codes alone cannot tell: an ECONNRESET in the TLS handshake and one after the body look alike.
 */
const connectFailures = new WeakSet<object>();
let connector: buildConnector.connector | undefined;

/** undici's default connector, recording its failures in {@link connectFailures}. */
function recordingConnector(options: buildConnector.Options, callback: buildConnector.Callback): void {
    connector ??= buildConnector({});
    connector(options, (...args: buildConnector.CallbackArgs) => {
        if (args[0] !== null) connectFailures.add(args[0]);
        callback(...args);
    });
}

/** Whether `error` (or an error it wraps) came from the connection step, before anything was sent. */
export function failedToConnect(error: unknown): boolean {
    for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth += 1) {
        if (connectFailures.has(current)) return true;
        current = (current as { cause?: unknown }).cause;
    }
    return false;
}
/** undici's idle timers are set this far past our deadline, so ours always speaks first. */
export const UNDICI_BACKSTOP_MS = 1_000;
const pools = new Map<string, Pool>();

/** The process-wide pool for `origin`, opened on first use. */
export function poolFor(origin: string): Pool {
    let pool = pools.get(origin);
    if (pool === undefined) {
        pool = new Pool(origin, {
            connections: POOL_CONNECTIONS,
            keepAliveTimeout: 10_000,
            pipelining: 1,
            maxResponseSize: MAX_RESPONSE_BYTES,
            connect: recordingConnector,
        });
        pools.set(origin, pool);
    }
    return pool;
}

/** Closes every shared pool (idle sockets are unref'd anyway; this is for tidy shutdowns and tests). */
export async function closeAllPools(): Promise<void> {
    const all = [...pools.values()];
    pools.clear();
    await Promise.all(all.map((pool) => pool.close().catch(() => undefined)));
}
