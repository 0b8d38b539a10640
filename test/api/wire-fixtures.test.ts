/**
 * The client against a scripted HTTP server that answers with the sample packets of Tencent's docs
 * (fixtures/seed-packets.json): request bodies must match the samples, responses must map cleanly.
 * Also covers server behaviours the emulator does not produce (non-JSON bodies, 404, slow answers).
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createChatClient } from "../../provider/api/client";
import { TencentChatError } from "../../provider/api/errors";
import type { ChatClient } from "../../provider/api/types";
import { decodeUserSig, verifyUserSig } from "../../provider/api/usersig";

interface Packet {
    request: Record<string, unknown>;
    response: Record<string, unknown>;
}
const seeds = JSON.parse(readFileSync(join(__dirname, "fixtures", "seed-packets.json"), "utf8")) as Record<string, Packet>;
const seed = (command: string): Packet => {
    const packet = seeds[command];
    if (packet === undefined) throw new Error(`no fixture for ${command}`);
    return packet;
};

const KEY = "fixture-secret-key-0123456789abcdef";
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let url: string;
let handler: Handler;
let received: Array<{ path: string; query: URLSearchParams; body: unknown }> = [];

const json = (res: ServerResponse, value: unknown) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
};

beforeAll(async () => {
    server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        req.on("end", () => {
            const parsed = new URL(req.url ?? "/", "http://x");
            received.push({ path: parsed.pathname, query: parsed.searchParams, body: JSON.parse(body || "null") });
            handler(req, body, res);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
    received = [];
});

const client = (extra: Partial<Parameters<typeof createChatClient>[0]> = {}): ChatClient =>
    createChatClient({
        sdkAppId: 88888888,
        secretKey: KEY,
        admin: "admin",
        endpoint: url,
        retryBaseMs: 2,
        callsPerSecond: 0,
        ...extra,
    });

describe("requests and responses match the documented samples", () => {
    it("create_official_account: sample body in, sample ID out, with the documented query string", async () => {
        const packet = seed("create_official_account");
        handler = (_req, _body, res) => json(res, packet.response);
        const result = await client().createChannel({
            channelId: "@TOA#_test_id",
            owner: "107867",
            customString: "test_custom_string",
            faceUrl: "http://this.is.face.url",
            introduction: "This is test Introduction",
            maxSubscribers: 1000,
            name: "test_official_account",
            organization: "test_organization",
        });
        expect(result).toEqual({ channelId: "@TOA#_test_id" });
        const [request] = received;
        expect(request?.path).toBe("/v4/official_account_open_http_svc/create_official_account");
        expect(request?.body).toEqual(packet.request);
        const query = request?.query ?? new URLSearchParams();
        expect([...query.keys()]).toEqual(["sdkappid", "identifier", "usersig", "random", "contenttype"]);
        expect(query.get("sdkappid")).toBe("88888888");
        expect(query.get("identifier")).toBe("admin");
        expect(query.get("contenttype")).toBe("json");
        const random = Number(query.get("random"));
        expect(Number.isInteger(random) && random >= 0 && random <= 0xffffffff).toBe(true);
        const sig = query.get("usersig") ?? "";
        expect(verifyUserSig(sig, KEY)).toBe(true);
        expect(decodeUserSig(sig)).toMatchObject({ "TLS.identifier": "admin", "TLS.sdkappid": 88888888, "TLS.expire": 86400 });
    });

    it("get_official_account_info: sample filter and ID list, sample items mapped to camelCase", async () => {
        const packet = seed("get_official_account_info");
        handler = (_req, _body, res) => json(res, packet.response);
        const lookups = await client().getChannels(
            ["@TOA#_test_for_penn", "@TOA#_@TOA#dZDP"],
            [
                "createTime",
                "name",
                "owner",
                "lastMessageTime",
                "subscriberCount",
                "introduction",
                "faceUrl",
                "organization",
                "customString",
            ],
        );
        expect(received[0]?.body).toEqual(packet.request);
        expect(lookups).toEqual([
            {
                channelId: "@TOA#_test_for_penn",
                channel: {
                    channelId: "@TOA#_test_for_penn",
                    name: "test_modify_official_account3",
                    createTime: 1696577604,
                    owner: "107867",
                    lastMessageTime: 1699501664,
                    subscriberCount: 780031,
                    introduction: "test compare introduction",
                    faceUrl: "http://this.is.face.url1",
                    organization: "test compare organization",
                    customString: "modify_custom_string",
                },
            },
            {
                channelId: "@TOA#_@TOA#dZDP",
                channel: {
                    channelId: "@TOA#_@TOA#dZDP",
                    name: "Test Environment Test Official Account",
                    createTime: 1694514910,
                    owner: "109635",
                    lastMessageTime: 1698894911,
                    subscriberCount: 1004,
                    introduction: "waynezou",
                    faceUrl: "",
                    organization: "Tencent",
                    customString: "",
                },
            },
        ]);
    });

    it("get_subscribed_official_account_list: sample filters sent, TotalCount/SelfInfo/CompleteFlag/Next mapped", async () => {
        const packet = seed("get_subscribed_official_account_list");
        handler = (_req, _body, res) => json(res, packet.response);
        const page = await client().getSubscribedChannels("107867", {
            limit: 200,
            offset: 0,
            channelFields: [
                "createTime",
                "name",
                "owner",
                "lastMessageTime",
                "subscriberCount",
                "introduction",
                "faceUrl",
                "organization",
                "customString",
            ],
            selfFields: ["subscribeTime", "customString"],
        });
        expect(received[0]?.body).toEqual(packet.request);
        expect(page).toEqual({
            totalCount: 8,
            complete: true,
            next: 0,
            channels: [
                {
                    channelId: "@TOA#_test_mill_subscriber_OA",
                    name: "test_mill_subscriber_OA",
                    owner: "107867",
                    lastMessageTime: 1698894911,
                    subscriberCount: 499800,
                    introduction: "This is test Introduction",
                    faceUrl: "http://this.is.face.url",
                    organization: "Tencent",
                    customString: "test_custom_string",
                    self: { subscribeTime: 1700655351, customString: "" },
                },
            ],
        });
    });

    it("omits the ResponseFilter when no fields are asked for", async () => {
        handler = (_req, _body, res) =>
            json(res, {
                ActionStatus: "OK",
                ErrorCode: 0,
                ErrorInfo: "",
                TotalCount: 0,
                OfficialAccountInfoList: [],
                CompleteFlag: 1,
                Next: 0,
            });
        await client().getSubscribedChannels("u1");
        expect(received[0]?.body).toEqual({ Subscriber_Account: "u1", Limit: 200, Offset: 0 });
    });
});

describe("unusual server answers", () => {
    it("re-asks each ID alone when a multi-ID read fails with a top-level 130004", async () => {
        handler = (_req, body, res) => {
            const list = (JSON.parse(body) as { OfficialAccountIdList: Array<{ Official_Account: string }> })
                .OfficialAccountIdList;
            const missing = list.some((item) => item.Official_Account === "@TOA#_gone");
            if (missing) json(res, { ActionStatus: "FAIL", ErrorCode: 130004, ErrorInfo: "not exist" });
            else
                json(res, {
                    ActionStatus: "OK",
                    ErrorCode: 0,
                    ErrorInfo: "",
                    OfficialAccountInfoList: list.map((item) => ({
                        ErrorCode: 0,
                        Official_Account: item.Official_Account,
                        Name: "n",
                    })),
                });
        };
        const c = client({ batchWindowMs: 1 });
        const results = await Promise.allSettled([c.loadChannel("@TOA#_here"), c.loadChannel("@TOA#_gone")]);
        expect(results[0]).toMatchObject({ status: "fulfilled", value: { channelId: "@TOA#_here", name: "n" } });
        expect(results[1]).toMatchObject({ status: "rejected", reason: { code: 130004 } });
        expect(c.callCounts().get_official_account_info).toBe(3);
    });

    it("fails at once, without retrying, on a 200 whose body is not JSON", async () => {
        handler = (_req, _body, res) => {
            res.writeHead(200, { "content-type": "text/html" });
            res.end("<html>maintenance</html>");
        };
        const c = client();
        const error = (await c.destroyChannel("@TOA#_x").catch((e: unknown) => e)) as TencentChatError;
        expect(error).toBeInstanceOf(TencentChatError);
        expect(error.code).toBeUndefined();
        expect(error.message).toMatch(/destroy_official_account failed: response body is not JSON/);
        expect(c.callCounts().destroy_official_account).toBe(1);
    });

    it("fails at once on HTTP 404 and reports the status", async () => {
        handler = (_req, _body, res) => {
            res.writeHead(404);
            res.end("not found");
        };
        const error = (await client()
            .destroyChannel("@TOA#_x")
            .catch((e: unknown) => e)) as TencentChatError;
        expect(error.httpStatus).toBe(404);
        expect(error.ambiguous).toBe(false);
    });

    it("retries a request that timed out", async () => {
        let calls = 0;
        handler = (_req, _body, res) => {
            calls += 1;
            if (calls === 1) return; // never answer: the client's timeout fires
            json(res, { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
        };
        const c = client({ requestTimeoutMs: 100 });
        await c.destroyChannel("@TOA#_x");
        expect(c.callCounts().destroy_official_account).toBe(2);
    });

    it("gives up when the retry budget is spent, saying how many attempts were made", async () => {
        handler = (_req, _body, res) => json(res, { ActionStatus: "FAIL", ErrorCode: 60008, ErrorInfo: "timeout" });
        const c = client({ retryBudgetMs: 150, retryBaseMs: 10, retryMaxDelayMs: 40 });
        const started = Date.now();
        const error = (await c.destroyChannel("@TOA#_x").catch((e: unknown) => e)) as TencentChatError;
        expect(Date.now() - started).toBeLessThan(1000);
        expect(error.code).toBe(60008);
        expect(error.attempts).toBeGreaterThan(1);
        expect(error.attempts).toBe(c.callCounts().destroy_official_account);
        expect(error.message).toContain(`after ${error.attempts} attempts`);
        expect(error.ambiguous).toBe(true);
    });

    it("reports accounts multiaccount_import could not import", async () => {
        handler = (_req, _body, res) => json(res, { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", FailAccounts: ["bad"] });
        await expect(client().importAccounts(["good", "bad"])).rejects.toThrow(/1 account\(s\) were not imported: "bad"\./);
        // Only this test's own request: an attempt the previous test abandoned at its budget may
        // still reach the server after this test began.
        const imports = received.filter((r) => r.path === "/v4/im_open_login_svc/multiaccount_import");
        expect(imports.map((r) => r.body)).toEqual([{ Accounts: ["good", "bad"] }]);
    });
});
