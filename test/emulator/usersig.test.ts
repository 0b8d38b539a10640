import { createHmac } from "node:crypto";
import { deflateRawSync, deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator";
import { verifyUserSig } from "../../emulator/usersig-verify";
import { type Api, start, tencentSig } from "./helpers";

/** Builds a UserSig by hand (Go/Python key order) so the tests can vary one ingredient at a time. */
function handSig(doc: Record<string, unknown>, deflate: (b: Buffer) => Buffer = deflateSync): string {
    return escapeBase64(deflate(Buffer.from(JSON.stringify(doc))));
}

function escapeBase64(bytes: Buffer): string {
    return bytes.toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

// The worked example of the API doc §4 (public test key from Tencent's Python repo).
const EXAMPLE_KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const EXAMPLE_DOC = {
    "TLS.ver": "2.0",
    "TLS.identifier": "administrator",
    "TLS.sdkappid": 1400000000,
    "TLS.expire": 86400,
    "TLS.time": 1700000000,
    "TLS.sig": "yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=",
};
const expectExample = { sdkAppId: 1400000000, identifier: "administrator", secretKey: EXAMPLE_KEY };

describe("verifyUserSig (pure)", () => {
    it("accepts the API doc's worked example until time + expire, then reports 70001", () => {
        const sig = handSig(EXAMPLE_DOC);
        expect(verifyUserSig(sig, { ...expectExample, nowSeconds: 1700000000 + 86400 })).toEqual({ ok: true });
        expect(verifyUserSig(sig, { ...expectExample, nowSeconds: 1700000000 + 86401 })).toMatchObject({
            ok: false,
            code: 70001,
        });
    });

    it("accepts Tencent's own signer output", () => {
        const sig = tencentSig(1400000000, EXAMPLE_KEY, "administrator");
        expect(verifyUserSig(sig, { ...expectExample, nowSeconds: Math.floor(Date.now() / 1000) })).toEqual({ ok: true });
    });

    it("rejects a raw-deflate (not zlib) signature with 70003", () => {
        const sig = handSig(EXAMPLE_DOC, deflateRawSync);
        expect(verifyUserSig(sig, { ...expectExample, nowSeconds: 1700000000 })).toMatchObject({ code: 70003 });
    });

    it("rejects a document whose HMAC was computed over different content with 70009", () => {
        const wrongOrder = "TLS.identifier:administrator\nTLS.sdkappid:1400000000\nTLS.expire:86400\nTLS.time:1700000000\n";
        const sig = handSig({ ...EXAMPLE_DOC, "TLS.sig": createHmac("sha256", EXAMPLE_KEY).update(wrongOrder).digest("base64") });
        expect(verifyUserSig(sig, { ...expectExample, nowSeconds: 1700000000 })).toMatchObject({ code: 70009 });
    });
});

describe("UserSig checks over HTTP", () => {
    let emu: EmulatorHandle;
    let api: Api;
    let clockOffsetMs = 0;
    beforeAll(async () => {
        ({ emu, api } = await start({ nowMs: () => Date.now() + clockOffsetMs }));
    });
    afterAll(() => emu.stop());

    const body = { OfficialAccountIdList: [{ Official_Account: "@TOA#_x" }] };
    const read = (usersig: string, identifier?: string) => api.call("get_official_account_info", body, { usersig, identifier });

    it("accepts a signature from Tencent's tls-sig-api-v2", async () => {
        const { sdkAppId, secretKey, admin } = emu.settings;
        expect((await read(tencentSig(sdkAppId, secretKey, admin))).ErrorCode).toBe(0);
    });

    it.each([
        ["garbage", "not-a-sig!"],
        ["a truncated signature", () => tencentSig(1400000000, emu.settings.secretKey, "administrator").slice(0, 40)],
        ["valid zlib of non-JSON", () => escapeBase64(deflateSync(Buffer.from("hello")))],
        ["a document missing TLS.sig", () => handSig({ ...EXAMPLE_DOC, "TLS.sig": undefined })],
    ])("answers 70003 to %s", async (_why, sig) => {
        const r = await read(typeof sig === "function" ? sig() : sig);
        expect(r).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 70003 });
    });

    it("answers 70003 when usersig is missing", async () => {
        expect((await read("")).ErrorCode).toBe(70003);
    });

    it("answers 70009 to a signature made with another key", async () => {
        const { sdkAppId, admin } = emu.settings;
        expect((await read(tencentSig(sdkAppId, EXAMPLE_KEY, admin))).ErrorCode).toBe(70009);
    });

    it("answers 70013 when the signature is for another identifier", async () => {
        const { sdkAppId, secretKey } = emu.settings;
        expect((await read(tencentSig(sdkAppId, secretKey, "owner"), "administrator")).ErrorCode).toBe(70013);
    });

    it("answers 70014 when the signature is for another SDKAppID", async () => {
        const { secretKey, admin } = emu.settings;
        expect((await read(tencentSig(1400000001, secretKey, admin))).ErrorCode).toBe(70014);
    });

    it("answers 70001 once the signature has expired", async () => {
        const { sdkAppId, secretKey, admin } = emu.settings;
        const sig = tencentSig(sdkAppId, secretKey, admin, 60);
        expect((await read(sig)).ErrorCode).toBe(0);
        clockOffsetMs = 61_000;
        try {
            expect(await read(sig)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 70001 });
        } finally {
            clockOffsetMs = 0;
        }
    });
});
