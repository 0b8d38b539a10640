/**
 * Who may talk to the emulator. The control endpoints (`/__emulator/`) need no UserSig and the demo
 * key is public, so the emulator must not be drivable by a web page the user happens to open: a
 * page can POST `text/plain` across origins without asking, and with DNS rebinding its own name
 * points at 127.0.0.1. Pure decisions over the request's headers; the server acts on them.
 */
import { isIPv4, isIPv6 } from "node:net";
import { echo } from "../provider/tencent/display";

/** What the guard looks at in a request. */
export interface RequestFacts {
    method: string;
    /** The path is under `/__emulator/`. */
    control: boolean;
    host: string | undefined;
    origin: string | undefined;
    contentType: string | undefined;
}

/** Where the emulator listens and whether it was told to serve other machines. */
export interface GuardSettings {
    port: number;
    allowRemote: boolean;
}

/** A refused request: the HTTP status and the message for the `error` field. */
export interface Refusal {
    status: 403 | 415;
    error: string;
}

/**
 * Whether `name` (a host name or an address, IPv6 in brackets or not) is this machine's loopback:
 * `localhost` and its subdomains (RFC 6761), 127.0.0.0/8, `::1` and IPv4-mapped 127.x.
 */
export function isLoopbackName(name: string): boolean {
    const host = name
        .toLowerCase()
        .replace(/^\[(.*)\]$/, "$1")
        .replace(/\.$/, "");
    if (host === "localhost" || host.endsWith(".localhost")) return true;
    if (isIPv4(host)) return host.startsWith("127.");
    if (!isIPv6(host)) return false;
    // The URL parser writes every spelling of an IPv6 address the same way (0:0:0:0:0:0:0:1 → ::1).
    const canonical = new URL(`http://[${host}]/`).hostname.slice(1, -1);
    return canonical === "::1" || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}

/** `host[:port]` of a Host header or an origin, or undefined when it is not one (userinfo, a path, junk). */
function hostAndPort(authority: string): { name: string; port: number } | undefined {
    if (!/^[A-Za-z0-9.\-_[\]:]+$/.test(authority)) return undefined;
    try {
        const url = new URL(`http://${authority}/`);
        return { name: url.hostname, port: url.port === "" ? 80 : Number(url.port) };
    } catch {
        return undefined;
    }
}

/** Whether a Host header names this emulator on loopback: a loopback name or address with its port. */
function isOwnLoopbackHost(host: string, port: number): boolean {
    const parsed = hostAndPort(host);
    return parsed !== undefined && parsed.port === port && isLoopbackName(parsed.name);
}

function originRefusal(facts: RequestFacts, settings: GuardSettings): Refusal | undefined {
    if (facts.origin === undefined) return undefined;
    const own = `http://127.0.0.1:${settings.port}`;
    const match = /^http:\/\/([^/]+)$/.exec(facts.origin);
    const authority = match?.[1];
    // With --allow-remote the emulator's own origin is whatever name it was reached by; otherwise
    // only a loopback origin on its port, so a rebound name (evil.example → 127.0.0.1) is refused.
    const ok =
        authority !== undefined &&
        (settings.allowRemote
            ? authority.toLowerCase() === facts.host?.toLowerCase()
            : isOwnLoopbackHost(authority, settings.port));
    if (ok) return undefined;
    return {
        status: 403,
        error:
            `refused: the request comes from a web page (Origin ${echo(facts.origin)}); the emulator answers programs ` +
            `and its own origin (${own}) only, so a page open in a browser cannot drive it`,
    };
}

function hostRefusal(facts: RequestFacts, settings: GuardSettings): Refusal | undefined {
    if (settings.allowRemote) return undefined;
    if (facts.host !== undefined && isOwnLoopbackHost(facts.host, settings.port)) return undefined;
    const wanted = `a loopback name or address with port ${settings.port} (such as 127.0.0.1:${settings.port} or localhost:${settings.port})`;
    const got =
        facts.host === undefined
            ? `the request has no Host header; it must be ${wanted}`
            : `Host ${echo(facts.host)} is not ${wanted}`;
    return {
        status: 403,
        error:
            `refused: ${got}. The control endpoints need no authentication, so other names are refused ` +
            `(a defence against DNS rebinding); start the emulator with --allow-remote (allowRemote: true) to serve them`,
    };
}

function contentTypeRefusal(facts: RequestFacts, pathname: string): Refusal | undefined {
    const mediaType = facts.contentType?.split(";")[0]?.trim().toLowerCase();
    if (mediaType === "application/json") return undefined;
    const got = facts.contentType === undefined ? "none" : echo(facts.contentType);
    return {
        status: 415,
        error:
            `${facts.method} ${pathname} needs Content-Type: application/json (got ${got}); a web page can send other ` +
            `types to any address without asking, so the control endpoints refuse them`,
    };
}

/**
 * Why the request must be refused before it is read, or undefined. Every path refuses a foreign
 * `Origin` (browsers send one with every cross-origin request and every POST); the control paths
 * also need a loopback `Host` (unless `allowRemote`) and, for POST, a JSON content type.
 */
export function refusal(facts: RequestFacts, settings: GuardSettings, pathname: string): Refusal | undefined {
    return (
        originRefusal(facts, settings) ??
        (facts.control ? hostRefusal(facts, settings) : undefined) ??
        (facts.control && facts.method === "POST" ? contentTypeRefusal(facts, pathname) : undefined)
    );
}

/**
 * Why the emulator must not listen on `host`, whose addresses are `addresses`, or undefined: a
 * non-loopback interface exposes the unauthenticated control endpoints to that network, so it
 * takes an explicit `allowRemote`.
 */
export function bindProblem(host: string, addresses: readonly string[], allowRemote: boolean): string | undefined {
    if (allowRemote) return undefined;
    const outside = addresses.filter((address) => !isLoopbackName(address));
    if (outside.length === 0) return undefined;
    const where = outside.some((a) => a === "0.0.0.0" || a === "::") ? "every interface" : outside.join(", ");
    return (
        `host ${echo(host)} is not a loopback address (it would listen on ${where}): the control endpoints ` +
        `(/__emulator/) need no authentication and the demo key is public, so anyone who can reach that network ` +
        `could change the emulator's channels and faults. Use 127.0.0.1 (the default), or pass --allow-remote ` +
        `(allowRemote: true) to mean it`
    );
}
