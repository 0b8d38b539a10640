/**
 * Which attempts were written to a socket. A deadline can fire while a request still waits for a
 * connection (a loaded machine, a slow TLS handshake) or after it was written; only the second may
 * have been applied by Tencent. undici announces every request it writes on the
 * `undici:client:sendHeaders` diagnostics channel, synchronously, just before the write; each of
 * our attempts carries a unique `random` query parameter (§1.2), which names it there.
 */
import { subscribe } from "node:diagnostics_channel";

/** Whether an attempt's request reached a socket; set by undici's announcement. */
export interface SendWatch {
    readonly written: boolean;
}

interface MutableWatch {
    written: boolean;
}

const watched = new Map<string, MutableWatch>();
const NONCE = /[?&]random=(\d+)(?:&|$)/;

subscribe("undici:client:sendHeaders", (message) => {
    if (watched.size === 0) return;
    const path = (message as { request?: { path?: unknown } }).request?.path;
    if (typeof path !== "string") return;
    const nonce = NONCE.exec(path)?.[1];
    const watch = nonce === undefined ? undefined : watched.get(nonce);
    if (watch !== undefined) watch.written = true;
});

/**
 * Watches the attempt whose `random` parameter is `nonce` until `release` is called. Nonces must
 * be unique among attempts in flight: {@link isWatched} lets the caller draw again.
 */
export function watchSend(nonce: string): { watch: SendWatch; release: () => void } {
    const watch: MutableWatch = { written: false };
    watched.set(nonce, watch);
    return { watch, release: () => watched.delete(nonce) };
}

/** Whether an attempt in flight already uses `nonce`. */
export function isWatched(nonce: string): boolean {
    return watched.has(nonce);
}
