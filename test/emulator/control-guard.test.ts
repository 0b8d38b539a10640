/**
 * The emulator as a hostile web page or a careless command line meets it (issue 18): the control
 * endpoints need no UserSig, so a page must not reach them (cross-origin `text/plain` POSTs, a
 * foreign Origin, a rebound Host name), a non-loopback interface needs `--allow-remote`, and bad
 * control bodies (a fault with code 0, a command that names no API, over 4 MiB) are refused.
 */
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { describe as describeCli, parseCliArgs } from "../../emulator/cli";
import { isLoopbackName, refusal } from "../../emulator/guard";
import { type Json, emulatorsPerTest } from "./helpers";

const emulator = emulatorsPerTest();

interface Answer {
    status: number;
    json: Json;
}

/** One request by node:http, which (unlike fetch) sends any Host and Origin it is given. */
function send(
    url: string,
    path: string,
    opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const req = request(`${url}${path}`, { method: opts.method ?? "POST", headers: opts.headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () =>
                resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) }),
            );
        });
        req.on("error", reject);
        req.end(opts.body);
    });
}

const JSON_TYPE = { "content-type": "application/json" };
const FAULT = JSON.stringify({ script: [{ kind: "drop" }] });

describe("the control endpoints refuse web pages", () => {
    it("refuse a text/plain POST (what a page can send to any address without asking), changing nothing", async () => {
        const { emu } = await emulator();
        const answer = await send(emu.url, "/__emulator/faults", { headers: { "content-type": "text/plain" }, body: FAULT });
        expect(answer).toEqual({
            status: 415,
            json: {
                error: 'emulator: POST /__emulator/faults needs Content-Type: application/json (got "text/plain"); a web page can send other types to any address without asking, so the control endpoints refuse them',
            },
        });
        expect(emu.faults.pending()).toBe(0);
    });

    it("refuse a POST without a content type (a bodiless page form), importing nobody", async () => {
        const { emu, api } = await emulator();
        const answer = await send(emu.url, "/__emulator/import-users", { body: JSON.stringify({ users: ["page-user"] }) });
        expect(answer.status).toBe(415);
        expect(answer.json.error).toContain("needs Content-Type: application/json (got none)");
        const check = await api.call("account_check", { CheckItem: [{ UserID: "page-user" }] }, { service: "im_open_login_svc" });
        expect(check.ResultItem[0].AccountStatus).toBe("NotImported");
    });

    it("refuse a request from a foreign Origin, on control and API paths alike", async () => {
        const { emu, api } = await emulator();
        const origin = { ...JSON_TYPE, origin: "https://evil.example" };
        const control = await send(emu.url, "/__emulator/faults", { headers: origin, body: FAULT });
        expect(control).toEqual({
            status: 403,
            json: {
                error: `emulator: refused: the request comes from a web page (Origin "https://evil.example"); the emulator answers programs and its own origin (http://127.0.0.1:${emu.port}) only, so a page open in a browser cannot drive it`,
            },
        });
        const body = JSON.stringify({ OfficialAccountUserID: "@TOA#_page", Owner_Account: "owner", Name: "page" });
        const apiCall = await send(emu.url, `/v4/official_account_open_http_svc/create_official_account?${api.query()}`, {
            headers: origin,
            body,
        });
        expect(apiCall.status).toBe(403);
        expect(emu.channels()).toEqual([]);
        expect(emu.faults.pending()).toBe(0);
    });

    it("refuse a rebound name's own origin (DNS rebinding) and Origin: null", async () => {
        const { emu } = await emulator();
        for (const origin of [`http://evil.example:${emu.port}`, "null", `http://127.0.0.1:${emu.port + 1}`]) {
            const answer = await send(emu.url, "/__emulator/faults", {
                headers: { ...JSON_TYPE, origin, host: `127.0.0.1:${emu.port}` },
                body: FAULT,
            });
            expect(answer.status).toBe(403);
        }
        expect(emu.faults.pending()).toBe(0);
    });

    it("accept the emulator's own loopback origins", async () => {
        const { emu } = await emulator();
        for (const origin of [`http://127.0.0.1:${emu.port}`, `http://localhost:${emu.port}`]) {
            const answer = await send(emu.url, "/__emulator/faults", { headers: { ...JSON_TYPE, origin }, body: FAULT });
            expect(answer.status).toBe(200);
        }
        expect(emu.faults.pending()).toBe(2);
    });

    it("refuse a Host that is not a loopback name with the emulator's port, for reads too", async () => {
        const { emu } = await emulator();
        const rebound = await send(emu.url, "/__emulator/channels", {
            method: "GET",
            headers: { host: `evil.example:${emu.port}` },
        });
        expect(rebound).toEqual({
            status: 403,
            json: {
                error: `emulator: refused: Host "evil.example:${emu.port}" is not a loopback name or address with port ${emu.port} (such as 127.0.0.1:${emu.port} or localhost:${emu.port}). The control endpoints need no authentication, so other names are refused (a defence against DNS rebinding); start the emulator with --allow-remote (allowRemote: true) to serve them`,
            },
        });
        const otherPort = await send(emu.url, "/__emulator/faults", {
            headers: { ...JSON_TYPE, host: `127.0.0.1:${emu.port + 1}` },
            body: FAULT,
        });
        expect(otherPort.status).toBe(403);
        expect(emu.faults.pending()).toBe(0);
        for (const host of [`localhost:${emu.port}`, `[::1]:${emu.port}`, `127.1.2.3:${emu.port}`]) {
            expect((await send(emu.url, "/__emulator/stats", { method: "GET", headers: { host } })).status).toBe(200);
        }
    });

    it("with allowRemote accept any Host name and its own origin, but still no foreign origin", async () => {
        const { emu } = await emulator({ allowRemote: true });
        const host = `ci-runner.internal:${emu.port}`;
        const own = await send(emu.url, "/__emulator/faults", {
            headers: { ...JSON_TYPE, host, origin: `http://${host}` },
            body: FAULT,
        });
        expect(own.status).toBe(200);
        const foreign = await send(emu.url, "/__emulator/faults", {
            headers: { ...JSON_TYPE, host, origin: "https://evil.example" },
            body: FAULT,
        });
        expect(foreign.status).toBe(403);
        expect(emu.faults.pending()).toBe(1);
    });
});

describe("the guard's decisions", () => {
    it("knows loopback names and addresses", () => {
        for (const name of [
            "localhost",
            "LOCALHOST.",
            "api.localhost",
            "127.0.0.1",
            "127.255.0.9",
            "::1",
            "[::1]",
            "0:0:0:0:0:0:0:1",
        ])
            expect([name, isLoopbackName(name)]).toEqual([name, true]);
        for (const name of ["0.0.0.0", "::", "10.0.0.1", "localhost.evil.example", "evil-localhost", "128.0.0.1", "::2"])
            expect([name, isLoopbackName(name)]).toEqual([name, false]);
        expect(isLoopbackName("::ffff:127.0.0.1")).toBe(true);
    });

    it("refuses a control request without a Host header", () => {
        const facts = { method: "GET", control: true, host: undefined, origin: undefined, contentType: undefined };
        expect(refusal(facts, { port: 8080, allowRemote: false }, "/__emulator/stats")?.error).toMatch(
            /^refused: the request has no Host header; it must be a loopback name or address with port 8080/,
        );
    });
});

describe("bad control bodies are refused, nothing changes", () => {
    it.each([
        [
            "a fault with code 0",
            { script: [{ kind: "code", code: 0 }] },
            "script[0].code must be a Tencent ErrorCode, a whole number above 0 (got 0); 0 means success, so a fault cannot carry it",
        ],
        [
            "a fault aimed at no API",
            { script: [{ kind: "drop", command: "create_channel" }] },
            `script[0].command "create_channel" names no API the emulator answers; use one of create_official_account, get_official_account_info, modify_official_account_base_info, destroy_official_account, get_subscriber_info, add_subscriber, delete_subscriber, modify_subscriber_info, get_subscribed_official_account_list, send_official_account_msg, account_import, multiaccount_import, account_check`,
        ],
        [
            "a code on a fault that is not kind code",
            { script: [{ kind: "drop", code: 60008 }] },
            'script[0].code applies only to kind "code" (this fault is kind "drop"); leave it out',
        ],
        [
            "a random code 0",
            { random: { rate: 1, codes: [60008, 0] } },
            "random.codes[1] must be a Tencent ErrorCode, a whole number above 0 (got 0); 0 means success, so a fault cannot carry it",
        ],
        [
            "a random policy aimed at no API",
            { random: { rate: 1, commands: ["get_official_account_info", "nope"] } },
            'random.commands[1] "nope" names no API the emulator answers; use one of create_official_account,',
        ],
    ])("%s", async (_name, body, message) => {
        const { emu, api } = await emulator();
        const answer = await send(emu.url, "/__emulator/faults", {
            headers: JSON_TYPE,
            body: JSON.stringify({ script: [{ kind: "drop" }], ...body }),
        });
        expect(answer.status).toBe(400);
        expect(answer.json.error).toContain(message);
        expect(emu.faults.pending()).toBe(0);
        expect((await api.get(["@TOA#_none"])).ErrorCode).toBe(0);
    });

    it("the handle and the options check faults the same way", async () => {
        const { emu } = await emulator();
        expect(() => emu.faults.script([{ kind: "code", code: 0 }])).toThrow(
            "script[0].code must be a Tencent ErrorCode, a whole number above 0 (got 0)",
        );
        expect(() => emu.faults.random({ rate: 1, commands: ["create"] })).toThrow(
            'random.commands[0] "create" names no API the emulator answers',
        );
        expect(emu.faults.pending()).toBe(0);
        await expect(startEmulator({ faults: { rate: 0.5, codes: [0] } })).rejects.toThrow(
            "emulator: faults.codes[0] must be a Tencent ErrorCode, a whole number above 0 (got 0)",
        );
    });

    it("answers 413 to a control body over 4 MiB, read and dropped rather than kept", async () => {
        const { emu } = await emulator();
        const size = 4 * 1024 * 1024 + 10;
        const body = JSON.stringify({ script: [{ kind: "drop" }], pad: "x".repeat(size) });
        const answer = await send(emu.url, "/__emulator/faults", { headers: JSON_TYPE, body });
        expect(answer).toEqual({
            status: 413,
            json: {
                error: `emulator: the body of POST /__emulator/faults is ${Buffer.byteLength(body)} bytes; the limit is 4194304 bytes (4 MiB). Nothing was changed`,
            },
        });
        expect(emu.faults.pending()).toBe(0);
    });

    it("cuts the connection of a body that goes on past 16 MiB", async () => {
        const { emu } = await emulator();
        const outcome = await new Promise<string>((resolve) => {
            const req = request(`${emu.url}/__emulator/faults`, { method: "POST", headers: JSON_TYPE }, (res) =>
                resolve(`answered ${res.statusCode}`),
            );
            req.on("error", () => resolve("cut"));
            const chunk = Buffer.alloc(1024 * 1024, 0x20);
            let sent = 0;
            const pump = () => {
                while (sent < 64 && req.write(chunk)) sent++;
                if (sent < 64) req.once("drain", pump);
                else req.end();
            };
            pump();
        });
        expect(outcome).toBe("cut");
    });

    it("an API body over 4 MiB still gets Tencent's 20001 envelope", async () => {
        const { api } = await emulator();
        const r = await api.call("get_official_account_info", undefined, { rawBody: `{"pad":"${"x".repeat(4 * 1024 * 1024)}"}` });
        expect(r).toMatchObject({
            ErrorCode: 20001,
            ErrorInfo: expect.stringContaining("The body is larger than 4194304 bytes"),
        });
    });
});

describe("a non-loopback host needs --allow-remote", () => {
    it.each([
        ["0.0.0.0", "every interface"],
        ["::", "every interface"],
    ])("refuses host %s, naming the flag", async (host, where) => {
        await expect(startEmulator({ host })).rejects.toThrow(
            `emulator: host "${host}" is not a loopback address (it would listen on ${where}): the control endpoints (/__emulator/) need no authentication and the demo key is public, so anyone who can reach that network could change the emulator's channels and faults. Use 127.0.0.1 (the default), or pass --allow-remote (allowRemote: true) to mean it`,
        );
    });

    it("accepts loopback names", async () => {
        const { emu } = await emulator({ host: "localhost" });
        expect(emu.url).toBe(`http://localhost:${emu.port}`);
    });

    it("the CLI takes --allow-remote, and the banner says who can reach the control endpoints", async () => {
        expect(parseCliArgs(["--host", "0.0.0.0", "--allow-remote"]).options).toMatchObject({
            host: "0.0.0.0",
            allowRemote: true,
        });
        expect(parseCliArgs([]).options.allowRemote).toBeUndefined();
        const { emu } = await emulator();
        expect(describeCli(emu, {})).toContain("Control (no auth; loopback only: other Host names and web pages are refused):");
        expect(describeCli(emu, { host: "0.0.0.0", allowRemote: true })).toContain(
            "Control (no auth; --allow-remote: anyone who can reach 0.0.0.0 on this port can change channels and faults):",
        );
        expect(describeCli(emu, { allowRemote: true })).toContain(
            "Control (no auth; loopback, but --allow-remote accepts any Host name):",
        );
        expect(describeCli(emu, {})).not.toContain("loopback only)");
    });
});
