/**
 * Issue 11, API side: remote text is clipped in errors, remote data is parsed tolerantly where we
 * only pass it through and strictly where a decision depends on it, delete_subscriber works under
 * either reading of Tencent's documents, and endpoint URLs never carry (or echo) a password.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { createChatClient } from "../../provider/api/client";
import { resolveBaseUrl, withoutCredentials } from "../../provider/api/endpoint";
import { TencentChatError } from "../../provider/api/errors";
import { closeAllPools } from "../../provider/api/transport";

const KEY = "remote-text-secret-key-0123456789abcdef";

let server: Server;
let url: string;
let answer: (res: ServerResponse, body: Record<string, unknown>) => void;

const json = (res: ServerResponse, value: unknown) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(typeof value === "string" ? value : JSON.stringify(value));
};

beforeAll(async () => {
    server = createServer((req, res) => {
        let text = "";
        req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        req.on("end", () => answer(res, JSON.parse(text || "{}") as Record<string, unknown>));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => closeAllPools());
afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
});

const client = () =>
    createChatClient({ sdkAppId: 1400000000, secretKey: KEY, endpoint: url, callsPerSecond: 0, retryBudgetMs: 0 });
const failure = (promise: Promise<unknown>) =>
    promise.then(
        () => {
            throw new Error("expected a failure");
        },
        (e: unknown) => e as TencentChatError,
    );

describe("remote text in errors", () => {
    it("cuts a 200 KB ErrorInfo to a few lines and says how big it was", async () => {
        answer = (res) =>
            json(res, { ActionStatus: "FAIL", ErrorCode: 130002, ErrorInfo: `no permission ${"x".repeat(200_000)}` });
        const error = await failure(client().destroyChannel("@TOA#_x"));
        // Before: a 200 KB ErrorInfo made a 611 KB message.
        expect(error.message.length).toBeLessThan(600);
        expect(error.message).toBe(
            `destroy_official_account failed: Tencent error 130002 (insufficient permission): no permission ${"x".repeat(300 - "no permission ".length)}… (200,014 bytes in all). The admin account lacks permission for this channel; check tencent-chat:admin.`,
        );
        expect(error.tencentMessage!.length).toBeLessThan(340);
    });

    it("escapes control characters and masks the SecretKey in ErrorInfo", async () => {
        answer = (res) => json(res, { ActionStatus: "FAIL", ErrorCode: 6017, ErrorInfo: `bad\x1b[31m key ${KEY}\nFAKE LINE` });
        const error = await failure(client().destroyChannel("@TOA#_x"));
        expect(error.message).toBe(
            "destroy_official_account failed: Tencent error 6017 (invalid request parameter): bad\\x1b[31m key <redacted>\\nFAKE LINE. A field was rejected by Tencent; check the values against the documented limits.",
        );
    });

    it("a per-item ErrorInfo in a read is clipped too", async () => {
        answer = (res) =>
            json(res, {
                ActionStatus: "OK",
                ErrorCode: 0,
                OfficialAccountInfoList: [{ Official_Account: "@TOA#_x", ErrorCode: 130004, ErrorInfo: "y".repeat(5_000) }],
            });
        const [lookup] = await client().getChannels(["@TOA#_x"]);
        const error = lookup !== undefined && "error" in lookup ? lookup.error : undefined;
        expect(error?.message.length).toBeLessThan(600);
        expect(error?.message).toContain("… (5,000 bytes in all)");
    });
});

describe("tolerant where we pass through, strict where we decide", () => {
    it("MsgFlag as an integer, times as numeric strings, a wrong-typed pass-through field: the listing still works", async () => {
        answer = (res) =>
            json(res, {
                ActionStatus: "OK",
                ErrorCode: 0,
                Next: "",
                SubscriberNum: "3",
                SubscriberList: [
                    {
                        Subscriber_Account: "a",
                        SubscribeTime: 1700000000,
                        MsgFlag: "AcceptAndNotify",
                        CustomString: "vip",
                        LastSendMsgTime: 0,
                    },
                    { Subscriber_Account: "b", SubscribeTime: "1700000001", MsgFlag: 1, LastSendMsgTime: "1700000100" },
                    { Subscriber_Account: "c", SubscribeTime: { bogus: true }, MsgFlag: null, CustomString: 42 },
                ],
            });
        const page = await client().getSubscribers("@TOA#_x");
        // Before: MsgFlag 1 failed the whole call as "unexpected response shape".
        expect(page).toEqual({
            subscriberCount: 3,
            next: "",
            subscribers: [
                { userId: "a", subscribeTime: 1700000000, msgFlag: "AcceptAndNotify", customString: "vip", lastSendMsgTime: 0 },
                { userId: "b", subscribeTime: 1700000001, msgFlag: "1", lastSendMsgTime: 1700000100 },
                { userId: "c" },
            ],
        });
    });

    it("a missing optional field is fine", async () => {
        answer = (res) => json(res, { ActionStatus: "OK", ErrorCode: 0, SubscriberList: [{ Subscriber_Account: "a" }] });
        expect(await client().getSubscribers("@TOA#_x")).toEqual({
            subscriberCount: 1,
            next: "",
            subscribers: [{ userId: "a" }],
        });
    });

    it("channel counts and times as numeric strings are read as numbers", async () => {
        answer = (res) =>
            json(res, {
                ActionStatus: "OK",
                ErrorCode: 0,
                OfficialAccountInfoList: [
                    {
                        Official_Account: "@TOA#_x",
                        Name: "X",
                        SubscriberNum: "7",
                        CreateTime: "1700000000",
                        LastMsgTime: "junk",
                        ErrorCode: "0",
                    },
                ],
            });
        const [lookup] = await client().getChannels(["@TOA#_x"]);
        expect(lookup !== undefined && "channel" in lookup ? lookup.channel : undefined).toEqual({
            channelId: "@TOA#_x",
            name: "X",
            subscriberCount: 7,
            createTime: 1700000000,
        });
    });

    it.each([
        [
            "SubscriberNum that is not a number (guards replacements)",
            { SubscriberNum: "many" },
            "OfficialAccountInfoList.0.SubscriberNum",
        ],
        ["Name that is not a string (drift)", { Name: 5 }, "OfficialAccountInfoList.0.Name"],
        [
            "CreateTime that is not a number (dates an interrupted create)",
            { CreateTime: true },
            "OfficialAccountInfoList.0.CreateTime",
        ],
    ])("fails the call on a %s", async (_label, field, path) => {
        answer = (res) =>
            json(res, { ActionStatus: "OK", ErrorCode: 0, OfficialAccountInfoList: [{ Official_Account: "@TOA#_x", ...field }] });
        const error = await failure(client().getChannels(["@TOA#_x"]));
        expect(error.message).toMatch(
            new RegExp(`^get_official_account_info failed: unexpected response shape \\(${path.replace(/\./g, "\\.")}: `),
        );
    });

    it("a per-user Result of the wrong type fails the call: whether a user was removed is a decision", async () => {
        answer = (res) =>
            json(res, { ActionStatus: "OK", ErrorCode: 0, SubscriberList: [{ Subscriber_Account: "a", Result: "yes" }] });
        const error = await failure(client().deleteSubscribers("@TOA#_x", ["a"]));
        expect(error.message).toMatch(/^delete_subscriber failed: unexpected response shape \(SubscriberList\.0\.Result: /);
    });
});

describe("delete_subscriber works under either reading of the documents", () => {
    let emu: EmulatorHandle | undefined;
    afterEach(async () => {
        await emu?.stop();
        emu = undefined;
    });

    it("sends both keys in one request", async () => {
        let body: Record<string, unknown> = {};
        answer = (res, received) => {
            body = received;
            json(res, { ActionStatus: "OK", ErrorCode: 0, SubscriberList: [{ Subscriber_Account: "a", Result: 1 }] });
        };
        await client().deleteSubscribers("@TOA#_x", ["a"]);
        expect(body).toEqual({
            Official_Account: "@TOA#_x",
            SubscriberToDel_Account: ["a"],
            SubscriberList: [{ Subscriber_Account: "a" }],
        });
    });

    it("merges a server's double answer per user (the most definite wins), and a user left unanswered is failed", async () => {
        answer = (res) =>
            json(res, {
                ActionStatus: "OK",
                ErrorCode: 0,
                SubscriberList: [
                    { Subscriber_Account: "a", Result: 1 },
                    { Subscriber_Account: "a", Result: 2 },
                    { Subscriber_Account: "b", Result: 2 },
                    { Subscriber_Account: "b", Result: 2 },
                ],
            });
        expect(await client().deleteSubscribers("@TOA#_x", ["a", "b", "c"])).toEqual([
            { userId: "a", result: "removed" },
            { userId: "b", result: "notSubscribed" },
            { userId: "c", result: "failed" },
        ]);
    });

    it.each(["sample", "table", "both"] as const)(
        'against an emulator that reads "%s" only, the client removes exactly the subscribers asked for',
        async (reading) => {
            emu = await startEmulator({
                users: ["ops", "u1", "u2", "u3", "u4"],
                callsPerSecond: 0,
                deleteSubscriberReading: reading,
            });
            const c = createChatClient({ ...emu.settings, endpoint: emu.url, callsPerSecond: 0 });
            await c.createChannel({ channelId: "@TOA#_readings", owner: "ops", name: "Readings" });
            await c.addSubscribers("@TOA#_readings", ["u1", "u2", "u3"]);
            expect(await c.deleteSubscribers("@TOA#_readings", ["u1", "u3", "u4"])).toEqual([
                { userId: "u1", result: "removed" },
                { userId: "u3", result: "removed" },
                { userId: "u4", result: "notSubscribed" },
            ]);
            expect(emu.channels()[0]!.subscribers.map((s) => s.userId)).toEqual(["u2"]);
        },
    );
});

describe("endpoint URLs and credentials", () => {
    it("refuses an endpoint with user:pass@ and never echoes the password", () => {
        for (const endpoint of [
            "http://user:hunter2pass@127.0.0.1:8080",
            "https://:hunter2pass@example.com/x",
            "http://hunter2pass@localhost",
        ]) {
            let message = "";
            try {
                resolveBaseUrl({ endpoint });
            } catch (error) {
                message = (error as Error).message;
            }
            expect(message).toMatch(
                /^tencent-chat:endpoint must not contain a user name or password \(got https?:\/\/<credentials>@[^)]+\): /,
            );
            expect(message).not.toContain("hunter2pass");
        }
        expect(() => resolveBaseUrl({ endpoint: "http://user:pass@127.0.0.1:8080" })).toThrow(
            'tencent-chat:endpoint must not contain a user name or password (got http://<credentials>@127.0.0.1:8080): Tencent Chat authenticates with the UserSig generated from tencent-chat:secretKey, and credentials in the URL would be ignored. Remove the part before "@".',
        );
    });

    it("an invalid URL with a password is echoed without it", () => {
        expect(() => resolveBaseUrl({ endpoint: "https://admin:hunter2pass@[bad" })).toThrow(
            'tencent-chat:endpoint "https://<credentials>@[bad" is not a valid URL; expected e.g. "https://adminapisgp.im.qcloud.com".',
        );
        // Without "//" the text before ":" may be a scheme or a user name; the part that may be a password goes either way.
        expect(withoutCredentials("user:pa/ss@host")).toBe("user:<credentials>@host");
        expect(withoutCredentials("http://u:p@ss@host/path")).toBe("http://<credentials>@host/path");
        expect(withoutCredentials("not a url")).toBe("not a url");
    });

    it("createChatClient applies the rule", () => {
        expect(() => createChatClient({ sdkAppId: 1, secretKey: "k", endpoint: "http://u:p@127.0.0.1:1" })).toThrow(
            /must not contain a user name or password/,
        );
    });
});

/** Any UTF-16 code units: controls, lone surrogates, bidi marks. (`unit: "binary"` is far slower to generate here.) */
const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

describe("no API error ever shows the SecretKey", () => {
    it("whatever Tencent's text, the target or the problem holds around it", () => {
        fc.assert(
            fc.property(
                fc.string(),
                fc.string(),
                anyUtf16,
                fc.option(fc.integer({ min: 1, max: 200_000 })),
                (before, after, noise, code) => {
                    const text = `${before}${KEY}${after}${noise}`;
                    const error = new TencentChatError({
                        api: "get_subscriber_info",
                        ...(code === null ? { problem: text } : { code, tencentMessage: text }),
                        target: text,
                        attempts: 2,
                        ambiguous: false,
                        secrets: [KEY],
                    }).withNote(`note ${noise}`);
                    for (const out of [error.message, error.tencentMessage ?? "", String(error.stack), JSON.stringify(error)]) {
                        expect(out).not.toContain(KEY);
                        expect(out).not.toContain(KEY.slice(0, 24));
                    }
                },
            ),
            { numRuns: 200 },
        );
    });
});
