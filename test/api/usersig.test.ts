import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";

import { afterEach, describe, expect, it, vi } from "vitest";

import { decodeUserSig, genUserSig, UserSigCache, userSigContent, userSigHmac, verifyUserSig } from "../../provider/api/usersig";

/** Tencent's own Node implementation, used only as an oracle (dev dependency, untyped). */
interface TlsSigApi {
    genUserSig(userid: string, expire: number): string;
}
const oracle = createRequire(__filename)("tls-sig-api-v2") as { Api: new (sdkappid: number, key: string) => TlsSigApi };

// The public test key of Tencent's Python repo, as in the API doc's worked example (§4).
const KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const APP = 1400000000;

afterEach(() => {
    vi.useRealTimers();
});

describe("genUserSig", () => {
    it("signs the content string of the API doc's worked example to the documented HMAC", () => {
        expect(userSigContent("administrator", APP, 1700000000, 86400)).toBe(
            "TLS.identifier:administrator\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:86400\n",
        );
        expect(userSigHmac(KEY, "administrator", APP, 1700000000, 86400)).toBe("yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=");
    });

    it("produces a zlib-framed, escaped-base64 document that round-trips to the same HMAC", () => {
        const sig = genUserSig({
            sdkAppId: APP,
            secretKey: KEY,
            identifier: "administrator",
            expireSeconds: 86400,
            nowSeconds: 1700000000,
        });
        expect(sig).toMatch(/^[A-Za-z0-9*\-_]+$/);
        // The doc's sample string came from Python's zlib; Node's bundled zlib emits different (equally
        // valid) deflate bytes, so only the decoded document is compared.
        const raw = Buffer.from(sig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64");
        expect(raw[0]).toBe(0x78); // zlib header, not raw deflate
        const doc = JSON.parse(inflateSync(raw).toString("utf8")) as Record<string, unknown>;
        expect(doc).toEqual({
            "TLS.ver": "2.0",
            "TLS.identifier": "administrator",
            "TLS.sdkappid": APP,
            "TLS.expire": 86400,
            "TLS.time": 1700000000,
            "TLS.sig": "yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=",
        });
        expect(verifyUserSig(sig, KEY)).toBe(true);
        expect(verifyUserSig(sig, `${KEY.slice(0, -1)}0`)).toBe(false);
    });

    it("agrees with Tencent's tls-sig-api-v2 at the same instant, in both directions", () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        vi.setSystemTime(new Date(1_712_345_678_000));
        const theirs = new oracle.Api(APP, KEY).genUserSig("administrator", 86400);
        const ours = genUserSig({ sdkAppId: APP, secretKey: KEY, identifier: "administrator", expireSeconds: 86400 });
        expect(decodeUserSig(ours)).toEqual(decodeUserSig(theirs));
        expect(decodeUserSig(ours)["TLS.time"]).toBe(1_712_345_678);
        expect(verifyUserSig(theirs, KEY)).toBe(true);
        // Same JSON key order and zlib level as the Node oracle, so the strings match byte for byte.
        expect(ours).toBe(theirs);
    });

    it("agrees with the oracle for identifiers and apps other than the example", () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        for (const [app, id, expire] of [
            [1400123456, "admin_01", 3600],
            [20000001, "ops-bot", 180 * 86400],
        ] as const) {
            vi.setSystemTime(new Date(1_700_000_000_000 + app));
            const theirs = new oracle.Api(app, "another-secret").genUserSig(id, expire);
            const ours = genUserSig({ sdkAppId: app, secretKey: "another-secret", identifier: id, expireSeconds: expire });
            expect(decodeUserSig(theirs)).toEqual(decodeUserSig(ours));
        }
    });
});

describe("UserSigCache", () => {
    const request = { sdkAppId: APP, secretKey: KEY, identifier: "administrator", ttlSeconds: 86400 };

    it("returns the same sig while more than a quarter of its validity remains", () => {
        let now = 1_700_000_000_000;
        const cache = new UserSigCache(() => now);
        const first = cache.get(request);
        now += 60 * 60 * 1000 * 17; // 17 h of 24 h used: 7 h left > 6 h
        expect(cache.get(request)).toBe(first);
    });

    it("issues a fresh sig once less than a quarter of the validity remains", () => {
        let now = 1_700_000_000_000;
        const cache = new UserSigCache(() => now);
        const first = cache.get(request);
        now += 60 * 60 * 1000 * 18 + 1000; // 18 h + 1 s used: under 6 h left
        const second = cache.get(request);
        expect(second).not.toBe(first);
        expect(decodeUserSig(second)["TLS.time"]).toBe(Math.floor(now / 1000));
    });

    it("issues a fresh sig after invalidate() (used after 70001)", () => {
        let now = 1_700_000_000_000;
        const cache = new UserSigCache(() => now);
        const first = cache.get(request);
        now += 2000;
        cache.invalidate(request);
        expect(cache.get(request)).not.toBe(first);
    });

    it("keeps separate sigs per app, identifier and key", () => {
        const cache = new UserSigCache(() => 1_700_000_000_000);
        const base = cache.get(request);
        expect(cache.get({ ...request, identifier: "other" })).not.toBe(base);
        expect(cache.get({ ...request, sdkAppId: APP + 1 })).not.toBe(base);
        const otherKey = cache.get({ ...request, secretKey: "different" });
        expect(verifyUserSig(otherKey, "different")).toBe(true);
    });

    it("never holds the SecretKey in its keys", () => {
        const cache = new UserSigCache(() => 1_700_000_000_000);
        cache.get(request);
        const keys = [...(cache as unknown as { entries: Map<string, unknown> }).entries.keys()];
        expect(keys).toHaveLength(1);
        expect(keys[0]).not.toContain(KEY);
    });
});
