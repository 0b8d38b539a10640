/**
 * Server-side UserSig (TLS sig v2) verification, written from the algorithm in the API doc §4 and
 * deliberately independent of our client's signer: the emulator must catch the client's mistakes,
 * not share them.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { inflateSync } from "node:zlib";

import { TencentCode } from "../provider/tencent/codes";

/** What a UserSig must match: this emulator's SDKAppID and key, the URL's identifier, and now. */
export interface SigExpectation {
    sdkAppId: number;
    identifier: string;
    secretKey: string;
    nowSeconds: number;
}

/** The codes a UserSig check can fail with (§1.5). */
export type SigFailureCode = (typeof TencentCode)[
    | "USERSIG_EXPIRED"
    | "USERSIG_UNPARSABLE"
    | "USERSIG_VERIFY_FAILED"
    | "USERSIG_IDENTIFIER_MISMATCH"
    | "USERSIG_SDKAPPID_MISMATCH"];
/** The verdict on a UserSig: ok, or the code and detail the server answers with. */
export type SigCheck = { ok: true } | { ok: false; code: SigFailureCode; detail: string };

interface SigDocument {
    identifier: string;
    sdkAppId: string;
    time: string;
    expire: string;
    sig: string;
}

/** Undo Tencent's URL-safe base64 (`*`→`+`, `-`→`/`, `_`→`=`). */
function unescapeBase64(usersig: string): string {
    return usersig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
}

/**
 * Numbers in the document are JSON numbers in every official signer, but the HMAC covers their
 * decimal text, so a numeric string would sign just as well; we accept both and keep the text.
 */
function decimalText(value: unknown): string | undefined {
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
    if (typeof value === "string" && /^\d+$/.test(value)) return value;
    return undefined;
}

function parseDocument(usersig: string): SigDocument | string {
    const b64 = unescapeBase64(usersig);
    // Buffer.from(…, "base64") silently skips junk, so check the alphabet ourselves.
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return "it is not base64 text";
    let json: string;
    try {
        json = inflateSync(Buffer.from(b64, "base64")).toString("utf8");
    } catch {
        return "it does not inflate as a zlib stream (truncated?)";
    }
    let doc: unknown;
    try {
        doc = JSON.parse(json);
    } catch {
        return "its content is not JSON";
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return "its content is not a JSON object";
    const d = doc as Record<string, unknown>;
    const identifier = d["TLS.identifier"];
    const sdkAppId = decimalText(d["TLS.sdkappid"]);
    const time = decimalText(d["TLS.time"]);
    const expire = decimalText(d["TLS.expire"]);
    const sig = d["TLS.sig"];
    if (typeof identifier !== "string" || typeof sig !== "string" || !sdkAppId || !time || !expire) {
        return "a TLS.* field is missing or has the wrong type";
    }
    return { identifier, sdkAppId, time, expire, sig };
}

/**
 * Checks in the order a server holding one key per SDKAppID must use: it can only pick the key
 * after matching the SDKAppID, and expiry only means something for a genuine signature.
 */
export function verifyUserSig(usersig: string, expect: SigExpectation): SigCheck {
    const doc = parseDocument(usersig);
    if (typeof doc === "string")
        return { ok: false, code: TencentCode.USERSIG_UNPARSABLE, detail: `The usersig cannot be parsed: ${doc}.` };
    if (doc.sdkAppId !== String(expect.sdkAppId)) {
        return {
            ok: false,
            code: TencentCode.USERSIG_SDKAPPID_MISMATCH,
            detail: `UserSig SDKAppID ${doc.sdkAppId}, URL SDKAppID ${expect.sdkAppId}.`,
        };
    }
    if (doc.identifier !== expect.identifier) {
        return {
            ok: false,
            code: TencentCode.USERSIG_IDENTIFIER_MISMATCH,
            detail: `UserSig is for "${doc.identifier}", URL identifier is "${expect.identifier}".`,
        };
    }
    const content =
        `TLS.identifier:${doc.identifier}\n` +
        `TLS.sdkappid:${doc.sdkAppId}\n` +
        `TLS.time:${doc.time}\n` +
        `TLS.expire:${doc.expire}\n`;
    const expected = Buffer.from(createHmac("sha256", expect.secretKey).update(content).digest("base64"));
    const actual = Buffer.from(doc.sig);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        return {
            ok: false,
            code: TencentCode.USERSIG_VERIFY_FAILED,
            detail: "The signature does not match this SDKAppID's key.",
        };
    }
    const expiresAt = Number(doc.time) + Number(doc.expire);
    if (expect.nowSeconds > expiresAt) {
        return { ok: false, code: TencentCode.USERSIG_EXPIRED, detail: `It expired at ${expiresAt} (now ${expect.nowSeconds}).` };
    }
    return { ok: true };
}
