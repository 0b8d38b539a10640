import { describe, expect, it } from "vitest";

import { resolveBaseUrl, isLoopbackHost } from "../../provider/api/endpoint";
import { redact, sanitizeCause, TencentChatError } from "../../provider/api/errors";
import { rememberSensitive } from "../../provider/tencent/redact";
import { createChatClient } from "../../provider/api/client";
import { REGION_HOSTS } from "../../provider/tencent/wire";

describe("endpoint rules", () => {
    it("maps every region to its https host and refuses to guess one", () => {
        for (const [region, host] of Object.entries(REGION_HOSTS)) {
            expect(resolveBaseUrl({ region })).toBe(`https://${host}`);
        }
        expect(() => resolveBaseUrl({})).toThrow(
            "tencent-chat:region is not set; set it to the SDKAppID's data center (one of china, singapore, seoul, tokyo, frankfurt, silicon-valley, jakarta, mumbai), or set tencent-chat:endpoint.",
        );
    });

    it("rejects an unknown region and lists the valid ones", () => {
        expect(() => resolveBaseUrl({ region: "mars" })).toThrow(/Unknown tencent-chat:region "mars".*singapore.*frankfurt/);
    });

    it("lets an endpoint override the region", () => {
        expect(resolveBaseUrl({ region: "china", endpoint: "https://example.test/" })).toBe("https://example.test");
        expect(resolveBaseUrl({ endpoint: "https://example.test/prefix/" })).toBe("https://example.test/prefix");
    });

    it("refuses plain http towards a non-loopback host", () => {
        expect(() => resolveBaseUrl({ endpoint: "http://example.test:8080" })).toThrow(/plain http:\/\/.*unencrypted/);
        expect(() => resolveBaseUrl({ endpoint: "http://10.0.0.1" })).toThrow(/plain http/);
        expect(() => resolveBaseUrl({ endpoint: "http://127.0.0.1.example.test" })).toThrow(/plain http/);
    });

    it("allows plain http towards 127.0.0.0/8, localhost and [::1]", () => {
        expect(resolveBaseUrl({ endpoint: "http://127.0.0.1:9000" })).toBe("http://127.0.0.1:9000");
        expect(resolveBaseUrl({ endpoint: "http://127.8.9.10" })).toBe("http://127.8.9.10");
        expect(resolveBaseUrl({ endpoint: "http://localhost:9000" })).toBe("http://localhost:9000");
        expect(resolveBaseUrl({ endpoint: "http://[::1]:9000" })).toBe("http://[::1]:9000");
        expect(isLoopbackHost("128.0.0.1")).toBe(false);
    });

    it("rejects other schemes and malformed URLs", () => {
        expect(() => resolveBaseUrl({ endpoint: "ftp://127.0.0.1" })).toThrow(/https/);
        expect(() => resolveBaseUrl({ endpoint: "not a url" })).toThrow(/not a valid URL/);
    });

    it("is applied when a client is created", () => {
        expect(() => createChatClient({ sdkAppId: 1, secretKey: "k", endpoint: "http://example.test" })).toThrow(/plain http/);
        expect(() => createChatClient({ sdkAppId: 0, secretKey: "k" })).toThrow(/sdkAppId/);
        expect(() => createChatClient({ sdkAppId: 1, secretKey: "" })).toThrow(/secretKey/);
        expect(createChatClient({ sdkAppId: 1, secretKey: "k", region: "tokyo" }).settings).toEqual({
            sdkAppId: 1,
            admin: "administrator",
            baseUrl: "https://adminapijpn.im.qcloud.com",
        });
    });
});

describe("redact", () => {
    it("masks every usersig query value", () => {
        const text = "POST http://h/v4/s/c?sdkappid=1&identifier=a&usersig=eJyr*abc-_def&random=5 and usersig=second";
        expect(redact(text)).toBe(
            "POST http://h/v4/s/c?sdkappid=1&identifier=a&usersig=<redacted>&random=5 and usersig=<redacted>",
        );
        expect(redact("USERSIG=xyz")).toBe("USERSIG=<redacted>");
    });

    it("masks a known current UserSig and extra secrets wherever they appear", () => {
        const sig = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oyAxxxxxxxxxxxx";
        rememberSensitive(sig);
        expect(redact(`{"sig":"${sig}"}`)).toBe('{"sig":"<redacted>"}');
        expect(redact("key=supersecretvalue", ["supersecretvalue"])).toBe("key=<redacted>");
    });

    it("sanitizes a cause: redacted message, no extra fields", () => {
        const raw = Object.assign(new Error("connect ECONNREFUSED for /v4/x?usersig=abc"), {
            code: "ECONNREFUSED",
            url: "http://h/?usersig=abc",
        });
        const clean = sanitizeCause(raw);
        expect(clean.message).toBe("connect ECONNREFUSED for /v4/x?usersig=<redacted>");
        expect((clean as Error & { code?: string }).code).toBe("ECONNREFUSED");
        expect(JSON.stringify(clean)).not.toContain("abc");
        expect(String(clean.stack)).not.toContain("abc");
    });
});

describe("TencentChatError", () => {
    it("says which command failed, the code, its meaning, Tencent's text and the advice", () => {
        const error = new TencentChatError({
            api: "create_official_account",
            code: 130008,
            tencentMessage: "id exists",
            attempts: 1,
            ambiguous: false,
        });
        expect(error.message).toBe(
            "create_official_account failed: Tencent error 130008 (the official channel ID is already in use): id exists. Choose another channelId, or set `adopt: true` to manage the existing channel.",
        );
        expect(error).toBeInstanceOf(Error);
        expect(error.name).toBe("TencentChatError");
        expect(String(error)).toMatch(/^TencentChatError: create_official_account failed/);
        expect(error).toMatchObject({
            api: "create_official_account",
            code: 130008,
            tencentMessage: "id exists",
            attempts: 1,
            ambiguous: false,
        });
        expect(error.advice).toMatch(/adopt/);
        expect(error.meaning).toBe("the official channel ID is already in use");
    });

    it("counts attempts and names the item of a batch", () => {
        const error = new TencentChatError({
            api: "get_official_account_info",
            target: "@TOA#_x",
            code: 130004,
            attempts: 3,
            ambiguous: false,
        });
        expect(error.message).toMatch(/^get_official_account_info for "@TOA#_x" failed after 3 attempts: Tencent error 130004/);
    });

    it("describes a network failure without a code", () => {
        const error = new TencentChatError({
            api: "destroy_official_account",
            problem: "network error (ECONNRESET)",
            advice: "Check connectivity.",
            attempts: 4,
            ambiguous: true,
            cause: new Error("x"),
        });
        expect(error.code).toBeUndefined();
        expect(error.message).toBe(
            "destroy_official_account failed after 4 attempts: network error (ECONNRESET). Check connectivity.",
        );
        expect(error.ambiguous).toBe(true);
        expect((error.cause as Error).message).toBe("x");
    });

    it("redacts its message", () => {
        const error = new TencentChatError({
            api: "x",
            code: 70009,
            tencentMessage: "bad sig usersig=abc",
            attempts: 1,
            ambiguous: false,
        });
        expect(error.message).not.toContain("abc");
        expect(error.tencentMessage).toBe("bad sig usersig=<redacted>");
    });
});
