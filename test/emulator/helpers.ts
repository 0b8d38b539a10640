/**
 * Test helpers that talk to the emulator the way any outside client would: plain fetch over
 * 127.0.0.1, UserSigs from Tencent's own `tls-sig-api-v2` package. Nothing here uses our client.
 */
import { createRequire } from "node:module";
import { afterEach } from "vitest";
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from "../../emulator";

interface TlsSigApi {
    genSig(identifier: string, expire: number): string;
}
const TLSSigAPIv2 = createRequire(__filename)("tls-sig-api-v2") as {
    Api: new (sdkAppId: number, key: string) => TlsSigApi;
};

/** Tencent's reference signer. */
export function tencentSig(sdkAppId: number, key: string, identifier: string, expire = 86400): string {
    return new TLSSigAPIv2.Api(sdkAppId, key).genSig(identifier, expire);
}

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CallOptions {
    identifier?: string;
    usersig?: string;
    sdkappid?: string | null;
    /** Raw body text instead of JSON.stringify(body). */
    rawBody?: string;
    service?: string;
}

export class Api {
    private sig: string | undefined;

    constructor(readonly emu: EmulatorHandle) {}

    /** The query string a correct client sends, with overrides for the failure tests. */
    query(opts: CallOptions = {}): string {
        const { sdkAppId, secretKey, admin } = this.emu.settings;
        const identifier = opts.identifier ?? admin;
        this.sig ??= tencentSig(sdkAppId, secretKey, admin);
        const usersig = opts.usersig ?? (identifier === admin ? this.sig : tencentSig(sdkAppId, secretKey, identifier));
        const params = new URLSearchParams();
        if (opts.sdkappid !== null) params.set("sdkappid", opts.sdkappid ?? String(sdkAppId));
        params.set("identifier", identifier);
        params.set("usersig", usersig);
        params.set("random", String(Math.floor(Math.random() * 4294967295)));
        params.set("contenttype", "json");
        return params.toString();
    }

    async raw(command: string, body: unknown, opts: CallOptions = {}): Promise<Response> {
        const service = opts.service ?? "official_account_open_http_svc";
        return fetch(`${this.emu.url}/v4/${service}/${command}?${this.query(opts)}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: opts.rawBody ?? JSON.stringify(body),
        });
    }

    async call(command: string, body: unknown, opts: CallOptions = {}): Promise<Json> {
        const res = await this.raw(command, body, opts);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        return (await res.json()) as Json;
    }

    /** Calls and asserts success, returning the envelope. */
    async ok(command: string, body: unknown): Promise<Json> {
        const r = await this.call(command, body);
        if (r.ErrorCode !== 0) throw new Error(`${command} failed: ${r.ErrorCode} ${r.ErrorInfo}`);
        return r;
    }

    async importUser(userId: string): Promise<void> {
        const r = await this.call("account_import", { UserID: userId }, { service: "im_open_login_svc" });
        if (r.ErrorCode !== 0) throw new Error(`account_import failed: ${JSON.stringify(r)}`);
    }

    async importUsers(ids: string[]): Promise<void> {
        for (let i = 0; i < ids.length; i += 100) {
            const r = await this.call(
                "multiaccount_import",
                { Accounts: ids.slice(i, i + 100) },
                { service: "im_open_login_svc" },
            );
            if (r.ErrorCode !== 0 || r.FailAccounts.length) throw new Error(`multiaccount_import failed: ${JSON.stringify(r)}`);
        }
    }

    create(id: string, extra: Json = {}): Promise<Json> {
        return this.ok("create_official_account", { OfficialAccountUserID: id, Owner_Account: "owner", Name: id, ...extra });
    }

    get(ids: string[], filter?: string[]): Promise<Json> {
        return this.call("get_official_account_info", {
            OfficialAccountIdList: ids.map((id) => ({ Official_Account: id })),
            ...(filter ? { ResponseFilter: { OfficialAccountBaseInfoFilter: filter } } : {}),
        });
    }
}

/** Starts an emulator with an imported "owner" user and returns it with an API helper. */
export async function start(options: EmulatorOptions = {}): Promise<{ emu: EmulatorHandle; api: Api }> {
    const emu = await startEmulator({ users: ["owner", "107867"], ...options });
    return { emu, api: new Api(emu) };
}

/** Key order of a JSON object, for "shaped like the seed sample" assertions. */
export const keys = (o: object): string[] => Object.keys(o);

export const utf8 = (s: string): number => Buffer.byteLength(s, "utf8");

/** A string of exactly `bytes` UTF-8 bytes made of `unit` (CJK = 3 bytes, emoji = 4) padded with ASCII. */
export function bytesOf(bytes: number, unit: string): string {
    const u = utf8(unit);
    return unit.repeat(Math.floor(bytes / u)) + "a".repeat(bytes % u);
}

/**
 * Starts emulators for the tests of one file and stops them after each test. Call it at the top
 * level of the file; it returns what starts one.
 */
export function emulatorsPerTest(): (options?: EmulatorOptions) => ReturnType<typeof start> {
    let running: EmulatorHandle[] = [];
    afterEach(async () => {
        await Promise.all(running.map((e) => e.stop()));
        running = [];
    });
    return async (options = {}) => {
        const started = await start(options);
        running.push(started.emu);
        return started;
    };
}
