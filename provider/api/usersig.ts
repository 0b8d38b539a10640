/**
 * UserSig (TLS sig v2, API doc §4) and a process-wide cache of the sigs we issue.
 *
 * The cache exists because generating a sig per request would put a fresh secret-derived string in
 * every URL and cost a deflate per call; one sig per (app, admin, key) that is renewed well before
 * it expires is what Tencent recommends.
 */
import { createHash, createHmac } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";

import { rememberSensitive } from "../tencent/redact";

/** What a UserSig is issued for: an app, a UserID and a validity window. */
export interface UserSigParams {
    sdkAppId: number;
    /** The app's SecretKey, used as raw UTF-8 bytes for the HMAC. */
    secretKey: string;
    /** The UserID the sig is issued for (our admin). */
    identifier: string;
    /** Validity in seconds, counted from `nowSeconds`. */
    expireSeconds: number;
    /** Issue time in Unix seconds. @default the current time */
    nowSeconds?: number;
}

/** The JSON document inside a UserSig. */
export interface UserSigDocument {
    "TLS.ver": string;
    "TLS.identifier": string;
    "TLS.sdkappid": number;
    "TLS.expire": number;
    "TLS.time": number;
    "TLS.sig": string;
}

/** Step 1: four `name:value\n` lines, `time` before `expire`, every line newline-terminated. */
export function userSigContent(identifier: string, sdkAppId: number, time: number, expire: number): string {
    return `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
}

/** Step 2: standard-base64 HMAC-SHA256 of the content string. */
export function userSigHmac(secretKey: string, identifier: string, sdkAppId: number, time: number, expire: number): string {
    return createHmac("sha256", secretKey)
        .update(userSigContent(identifier, sdkAppId, time, expire))
        .digest("base64");
}

/**
 * Issues a UserSig (TLS sig v2, API doc §4) signed with the app's SecretKey. It is a credential
 * valid for `expireSeconds`: never log it. The client makes and renews its own; this is for scripts
 * that call the REST API directly.
 *
 * @example
 * ```ts
 * import { genUserSig } from "pulumi-tencent-chat";
 *
 * const usersig = genUserSig({ sdkAppId: 1400000000, secretKey, identifier: "administrator", expireSeconds: 86_400 });
 * const url = `https://adminapisgp.im.qcloud.com/v4/official_account_open_http_svc/get_official_account_info?sdkappid=1400000000&identifier=administrator&usersig=${usersig}&random=1&contenttype=json`;
 * ```
 */
export function genUserSig(params: UserSigParams): string {
    const { sdkAppId, secretKey, identifier, expireSeconds } = params;
    const time = params.nowSeconds ?? Math.floor(Date.now() / 1000);
    // Key order does not matter to the server (§4); this is the order of Tencent's Node library, so
    // our output can be compared byte for byte with it.
    const doc: UserSigDocument = {
        "TLS.ver": "2.0",
        "TLS.identifier": identifier,
        "TLS.sdkappid": sdkAppId,
        "TLS.time": time,
        "TLS.expire": expireSeconds,
        "TLS.sig": userSigHmac(secretKey, identifier, sdkAppId, time, expireSeconds),
    };
    // zlib (RFC 1950) framing, not raw deflate: the server expects the 2-byte header and adler32.
    const packed = deflateSync(Buffer.from(JSON.stringify(doc), "utf8")).toString("base64");
    return packed.replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

/** Inverse of the transport encoding; does not verify the HMAC (that needs the key). */
export function decodeUserSig(sig: string): UserSigDocument {
    const b64 = sig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
    return JSON.parse(inflateSync(Buffer.from(b64, "base64")).toString("utf8")) as UserSigDocument;
}

/** True when `sig` carries a valid HMAC for `secretKey`. Expiry is not checked. */
export function verifyUserSig(sig: string, secretKey: string): boolean {
    try {
        const doc = decodeUserSig(sig);
        const expected = userSigHmac(secretKey, doc["TLS.identifier"], doc["TLS.sdkappid"], doc["TLS.time"], doc["TLS.expire"]);
        return expected === doc["TLS.sig"];
    } catch {
        return false;
    }
}

/** Which sig the cache should hold: one per (app, identifier, key), valid for `ttlSeconds`. */
export interface CachedSigRequest {
    sdkAppId: number;
    secretKey: string;
    identifier: string;
    ttlSeconds: number;
}

interface CacheEntry {
    sig: string;
    issuedAt: number;
    expiresAt: number;
}

/**
 * Hands out one UserSig per (SDKAppID, identifier, key) and renews it once less than a quarter of
 * its validity remains, so a long `pulumi up` never sends a sig that is about to expire (70001).
 */
export class UserSigCache {
    private readonly entries = new Map<string, CacheEntry>();

    /** @param nowMs clock in Unix milliseconds; injectable so tests can move time. */
    constructor(private readonly nowMs: () => number = () => Date.now()) {}

    get(request: CachedSigRequest): string {
        const key = cacheKey(request);
        const now = Math.floor(this.nowMs() / 1000);
        const entry = this.entries.get(key);
        if (entry && entry.expiresAt - now >= renewalMargin(entry.expiresAt - entry.issuedAt) && now >= entry.issuedAt) {
            return entry.sig;
        }
        const sig = genUserSig({
            sdkAppId: request.sdkAppId,
            secretKey: request.secretKey,
            identifier: request.identifier,
            expireSeconds: request.ttlSeconds,
            nowSeconds: now,
        });
        rememberSensitive(sig);
        this.entries.set(key, { sig, issuedAt: now, expiresAt: now + request.ttlSeconds });
        return sig;
    }

    /** Drops the cached sig, e.g. after the server said 70001 (expired). */
    invalidate(request: Omit<CachedSigRequest, "ttlSeconds">): void {
        this.entries.delete(cacheKey(request));
    }

    clear(): void {
        this.entries.clear();
    }
}

/** Seconds of validity that must remain for a cached sig to be handed out. */
function renewalMargin(ttlSeconds: number): number {
    return Math.ceil(ttlSeconds / 4);
}

/** The key never holds the SecretKey itself, only a digest, so a heap dump of the map leaks nothing usable. */
function cacheKey(request: Omit<CachedSigRequest, "ttlSeconds">): string {
    const keyDigest = createHash("sha256").update(request.secretKey, "utf8").digest("hex");
    return `${request.sdkAppId}\u0000${request.identifier}\u0000${keyDigest}`;
}

/** Shared by every client in the process. */
export const userSigCache = new UserSigCache();
