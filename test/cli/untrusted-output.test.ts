/**
 * What the `tencent-chat` CLI prints when the data is hostile or the settings are wrong: channel
 * names from Tencent cannot steer the terminal or forge a table row, --json stays JSON, and the
 * advice names the TENCENT_CHAT_* variables the CLI reads. Runs main() from dist in-process against
 * the emulator (the child-process tests in cli.test.ts cover the process itself).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import { emulatorModule, pkg, repoRoot } from "../support/dist";

type Main = typeof import("../../provider/cli/main");
type Config = typeof import("../../provider/config");
const { main } = require(path.join(repoRoot, "dist/provider/cli/main.js")) as Main;
const { resolveSettings, SettingsError } = require(path.join(repoRoot, "dist/provider/config.js")) as Config;

const SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
/** Colours the terminal, forges a row, hides with a bidi override and a C1 CSI. */
const EVIL = "Evil\x1b[31mRED\x1b[0m\nFAKE-ROW  x\u202e\u009b2J";
const EVIL_SHOWN = "Evil\\x1b[31mRED\\x1b[0m\\nFAKE-ROW  x\\u202e\\x9b2J";

let emulator: EmulatorHandle;
let dir: string;
let env: NodeJS.ProcessEnv;

async function run(argv: string[], runEnv: NodeJS.ProcessEnv = env): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { out: (text) => (stdout += text), err: (text) => (stderr += text), env: runEnv });
    return { code, stdout, stderr };
}

beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "tencent-chat-untrusted-"));
    emulator = await emulatorModule.startEmulator({ users: ["ops", "u1"], secretKey: SECRET });
    env = {
        TENCENT_CHAT_SDKAPPID: String(emulator.settings.sdkAppId),
        TENCENT_CHAT_SECRET_KEY: SECRET,
        TENCENT_CHAT_ENDPOINT: emulator.url,
    };
    const client = pkg.createChatClient({ sdkAppId: emulator.settings.sdkAppId, secretKey: SECRET, endpoint: emulator.url });
    await client.createChannel({ channelId: "@TOA#_evil", owner: "ops", name: EVIL, customString: `x\x07${SECRET}` });
    await client.addSubscribers("@TOA#_evil", ["u1"]);
    await client.modifySubscriber("@TOA#_evil", "u1", "vip\x1b[2J");
});

afterAll(async () => {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
});

describe("API data on the terminal", () => {
    it("escapes control characters in the subscribed table, so a name cannot forge a row", async () => {
        const result = await run(["subscribed", "u1"]);
        expect(result.code).toBe(0);
        const lines = result.stdout.split("\n");
        expect(lines).toHaveLength(4); // header, one row, the count, and the final newline
        expect(lines[1]).toMatch(
            new RegExp(
                `^@TOA#_evil  ${EVIL_SHOWN.replace(/[\\[\]]/g, "\\$&")}  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  "vip\\\\x1b\\[2J"$`,
            ),
        );
        expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
        expect(lines[2]).toBe('"u1" follows 1 channel.');
    });

    it("keeps --json valid JSON with the same data, escaping what JSON leaves raw", async () => {
        const result = await run(["subscribed", "u1", "--json"]);
        expect(result.code).toBe(0);
        expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
        expect(result.stdout).toContain("\\u009b2J");
        const parsed = JSON.parse(result.stdout) as Array<{ name: string; customString: string; self: { customString: string } }>;
        expect(parsed[0]!.name).toBe(EVIL);
        expect(parsed[0]!.self.customString).toBe("vip\x1b[2J");
        // The SecretKey never reaches the terminal, even when Tencent's data carries it.
        expect(parsed[0]!.customString).toBe("x\x07<redacted>");
        expect(result.stdout).not.toContain(SECRET);
    });

    it("escapes live values in drift lines, one line per difference", async () => {
        const manifest = path.join(dir, "drift.yaml");
        writeFileSync(manifest, 'channels:\n  - channelId: "@TOA#_evil"\n    owner: ops\n    name: Safe\n');
        const result = await run(["drift", manifest]);
        expect(result.code).toBe(2);
        expect(result.stdout.split("\n").slice(0, 2)).toEqual([
            `@TOA#_evil name: manifest="Safe" live="${EVIL_SHOWN}"`,
            `@TOA#_evil customString: manifest="" live="x\\x07<redacted>"`,
        ]);
        expect(result.stdout).not.toContain(SECRET);
    });

    it("escapes a hostile command name and arguments in usage errors", async () => {
        expect(await run(["\x1b[31mred"])).toEqual({
            code: 1,
            stdout: "",
            stderr: 'tencent-chat: unknown command "\\x1b[31mred". Commands: validate, schema, drift, subscribed, emulator. See tencent-chat --help.\n',
        });
        expect((await run(["validate", "a\nb", `c${SECRET}`])).stderr).toBe(
            'tencent-chat validate: expected <manifest>, got "a\\nb" "c<redacted>". See tencent-chat validate --help.\n',
        );
    });
});

describe("files the user points the CLI at", () => {
    it("ends `validate /dev/zero` at once with a clear message", async () => {
        const started = Date.now();
        expect(await run(["validate", "/dev/zero"])).toEqual({
            code: 1,
            stdout: "/dev/zero: is a character device, not a manifest file; pass the path of a .yaml or .json file\n",
            stderr: "/dev/zero: 1 problem\n",
        });
        expect(Date.now() - started).toBeLessThan(2000);
    });

    it("does not print the SecretKey of a .env passed to drift", async () => {
        // A key nothing else in this process has seen: only the CLI's own start-up can mask it.
        const key = "7e".repeat(32);
        const dotenv = path.join(dir, ".env");
        writeFileSync(dotenv, `TENCENT_CHAT_SDKAPPID=1400000000\nTENCENT_CHAT_SECRET_KEY=${key}\n`);
        expect(await run(["drift", dotenv], { TENCENT_CHAT_SECRET_KEY: key })).toEqual({
            code: 1,
            stdout: "",
            stderr:
                `${dotenv}:1:1: must be a mapping with a \`channels:\` list (got string "TENCENT_CHAT_SDKAPPID=1400000000 TENCENT_CHAT_SECRET_KEY=<redacted>")\n` +
                `${dotenv} is not a valid manifest; fix it first (tencent-chat validate ${dotenv}).\n`,
        });
    });
});

describe("settings advice names what the user sets", () => {
    const REGIONS = "china, singapore, seoul, tokyo, frankfurt, silicon-valley, jakarta, mumbai";

    it("names the TENCENT_CHAT_* variables in the CLI", async () => {
        const manifest = path.join(dir, "ok.yaml");
        writeFileSync(manifest, 'channels:\n  - channelId: "@TOA#_ok"\n    owner: ops\n    name: Ok\n');
        expect((await run(["drift", manifest], {})).stderr).toBe(
            "tencent-chat drift: Tencent Chat settings are incomplete:\n" +
                "  - TENCENT_CHAT_SDKAPPID is not set: set TENCENT_CHAT_SDKAPPID.\n" +
                "  - TENCENT_CHAT_SECRET_KEY is not set: set TENCENT_CHAT_SECRET_KEY.\n" +
                `  - TENCENT_CHAT_REGION is not set: set TENCENT_CHAT_REGION (one of ${REGIONS}), or set TENCENT_CHAT_ENDPOINT. There is no default data center.\n`,
        );
        expect(
            (await run(["drift", manifest], { ...env, TENCENT_CHAT_ENDPOINT: undefined, TENCENT_CHAT_REGION: "mars\x1b" }))
                .stderr,
        ).toBe(
            `tencent-chat drift: Tencent Chat settings are incomplete:\n  - TENCENT_CHAT_REGION "mars\\x1b" is not one of ${REGIONS}: set TENCENT_CHAT_REGION.\n`,
        );
        // `in` would find Object.prototype's members: "toString" is not a data center.
        expect(
            (await run(["drift", manifest], { ...env, TENCENT_CHAT_ENDPOINT: undefined, TENCENT_CHAT_REGION: "toString" }))
                .stderr,
        ).toBe(
            `tencent-chat drift: Tencent Chat settings are incomplete:\n  - TENCENT_CHAT_REGION "toString" is not one of ${REGIONS}: set TENCENT_CHAT_REGION.\n`,
        );
        expect((await run(["drift", manifest], { ...env, TENCENT_CHAT_SDKAPPID: "1.5" })).stderr).toBe(
            `tencent-chat drift: Tencent Chat settings are incomplete:\n  - TENCENT_CHAT_SDKAPPID must be the numeric SDKAppID (got "1.5"): set TENCENT_CHAT_SDKAPPID.\n`,
        );
        const badUrl = await run(["drift", manifest], { ...env, TENCENT_CHAT_ENDPOINT: "ftp://127.0.0.1/" });
        expect(badUrl.stderr).toMatch(/^tencent-chat drift: Tencent Chat settings are incomplete:\n {2}- TENCENT_CHAT_ENDPOINT /);
        expect(badUrl.stderr).not.toContain("tencent-chat:");
    });

    it("names the tencent-chat:* config keys in the provider, and says which settings are wrong", () => {
        let error: unknown;
        try {
            resolveSettings(() => undefined, { TENCENT_CHAT_SDKAPPID: "1400000000", TENCENT_CHAT_SECRET_KEY: SECRET });
        } catch (caught) {
            error = caught;
        }
        expect(error).toBeInstanceOf(SettingsError);
        expect((error as InstanceType<typeof SettingsError>).settings).toEqual(["region"]);
        expect((error as Error).message).toBe(
            "Tencent Chat settings are incomplete:\n" +
                `  - tencent-chat:region is not set: use \`pulumi config set tencent-chat:region singapore\` or the environment variable TENCENT_CHAT_REGION (one of ${REGIONS}), or set tencent-chat:endpoint. There is no default data center.`,
        );
    });

    it("uses one default admin", () => {
        const settings = resolveSettings(() => undefined, {
            TENCENT_CHAT_SDKAPPID: "1400000000",
            TENCENT_CHAT_SECRET_KEY: SECRET,
            TENCENT_CHAT_REGION: "tokyo",
        });
        expect(settings.admin).toBe(require(path.join(repoRoot, "dist/provider/tencent/wire.js")).DEFAULT_ADMIN);
        expect(settings.admin).toBe("administrator");
        expect(emulatorModule.DEMO_SECRET_KEY).not.toBe(SECRET);
    });
});
