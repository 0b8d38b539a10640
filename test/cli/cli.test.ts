/**
 * The `tencent-chat` CLI as a user runs it: `node dist/provider/cli/main.js …` in a child process,
 * with TENCENT_CHAT_* pointing at the emulator. Asserts what is printed and the exit status.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import { emulatorModule, pkg, repoRoot } from "../support/dist";
import { USERSIG_PATTERN } from "../support/secrets";

const CLI = path.join(repoRoot, "dist/provider/cli/main.js");
/** Not the emulator's public demo key, so a leak would be noticed. */
const SECRET = "0123456789abcdef".repeat(4);

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}
const runs: Run[] = [];

let emulator: EmulatorHandle;
let dir: string;
let env: NodeJS.ProcessEnv;

function tencentChat(args: string[], extraEnv: NodeJS.ProcessEnv = env): Promise<Run> {
    return new Promise((resolve, reject) => {
        // Only what the test sets: a developer's own TENCENT_CHAT_* must not leak in.
        const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TENCENT_CHAT_")));
        const child = spawn(process.execPath, [CLI, ...args], {
            cwd: dir,
            env: { ...clean, ...extraEnv },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => {
            const run = { code, stdout, stderr };
            runs.push(run);
            resolve(run);
        });
    });
}

const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return name;
};

beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "tencent-chat-cli-"));
    emulator = await emulatorModule.startEmulator({ users: ["ops", "ops2", "u1"], secretKey: SECRET });
    env = {
        TENCENT_CHAT_SDKAPPID: String(emulator.settings.sdkAppId),
        TENCENT_CHAT_SECRET_KEY: SECRET,
        TENCENT_CHAT_ENDPOINT: emulator.url,
    };
    const client = pkg.createChatClient({ sdkAppId: emulator.settings.sdkAppId, secretKey: SECRET, endpoint: emulator.url });
    await client.createChannel({
        channelId: "@TOA#_news",
        owner: "ops",
        name: "Company News",
        organization: "Acme",
        maxSubscribers: 10,
    });
    await client.createChannel({ channelId: "@TOA#_alerts", owner: "ops", name: "Alerts", organization: "Acme" });
    await client.createChannel({
        channelId: "@TOA#_drifted",
        owner: "ops2",
        name: "Edited",
        introduction: "edited intro",
        faceUrl: "https://example.com/new.png",
        organization: "Other",
        customString: "{}",
    });
    await client.addSubscribers("@TOA#_news", ["u1"]);
    await client.modifySubscriber("@TOA#_news", "u1", "vip");
    await client.addSubscribers("@TOA#_alerts", ["u1"]);
});

afterAll(async () => {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
});

const IN_SYNC = `defaults:
  owner: ops
  organization: Acme
channels:
  - channelId: "@TOA#_news"
    name: Company News
    maxSubscribers: 5000   # differs from the live 10, but Tencent cannot report it
  - channelId: "@TOA#_alerts"
    name: Alerts
`;

describe.concurrent("help and version", () => {
    it("prints the top-level help listing every command", async () => {
        const run = await tencentChat(["--help"]);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^Usage: tencent-chat <command> \[options\]/);
        for (const command of ["validate", "schema", "drift", "subscribed", "emulator"])
            expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, "m"));
    });

    it("prints the help to stderr and exits 1 without a command", async () => {
        const run = await tencentChat([]);
        expect([run.code, run.stdout]).toEqual([1, ""]);
        expect(run.stderr).toContain("Usage: tencent-chat <command>");
    });

    it("prints the package version", async () => {
        const version = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
        expect(await tencentChat(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
    });

    it.each(["validate", "schema", "drift", "subscribed", "emulator"])("prints %s --help", async (command) => {
        const run = await tencentChat([command, "--help"]);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(new RegExp(`^Usage: tencent-chat ${command}`));
    });

    it("rejects an unknown command and a wrong call, pointing at --help", async () => {
        expect(await tencentChat(["drfit"])).toMatchObject({
            code: 1,
            stderr: expect.stringContaining('unknown command "drfit"'),
        });
        const run = await tencentChat(["subscribed", "--jsn", "u1"]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/tencent-chat subscribed: Unknown option '--jsn'.*See tencent-chat subscribed --help\./s);
        expect(await tencentChat(["validate"])).toMatchObject({
            code: 1,
            stderr: expect.stringContaining("expected <manifest>, got none"),
        });
    });
});

describe.concurrent("validate", () => {
    it("accepts a valid manifest (exit 0)", async () => {
        expect(await tencentChat(["validate", file("ok.yaml", IN_SYNC)])).toEqual({
            code: 0,
            stdout: "ok.yaml: valid (2 channels)\n",
            stderr: "",
        });
    });

    it("lists every problem with file:line:column (exit 1)", async () => {
        const bad = file(
            "bad.yaml",
            `channels:
  - channelId: "@TOA#_a"
    owner: ops
    name: ""
  - channelId: "news"
    owner: ops
    name: News
    maxSubscriber: 5
`,
        );
        const run = await tencentChat(["validate", bad]);
        expect(run.code).toBe(1);
        const lines = run.stdout.trimEnd().split("\n");
        expect(lines).toHaveLength(3);
        expect(lines).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^bad\.yaml:4:\d+: channels\[0\]\.name: must not be empty/),
                expect.stringMatching(/^bad\.yaml:5:\d+: channels\[1\]\.channelId: "news" must start with "@TOA#_"/),
                expect.stringMatching(/^bad\.yaml:8:\d+: channels\[1\]\.maxSubscriber: .*maxSubscribers/),
            ]),
        );
        expect(run.stderr).toBe("bad.yaml: 3 problems\n");
    });

    it("reports a file it cannot read (exit 1)", async () => {
        const run = await tencentChat(["validate", "nope.yaml"]);
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/^nope\.yaml: cannot read the manifest/);
    });
});

describe.concurrent("schema", () => {
    it("prints the manifest JSON Schema", async () => {
        const run = await tencentChat(["schema"]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toEqual(pkg.manifestJsonSchema());
    });
});

describe.concurrent("drift", () => {
    it("exits 0 when the live channels match, saying maxSubscribers was not compared", async () => {
        const run = await tencentChat(["drift", file("sync.yaml", IN_SYNC)]);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(
            `In sync: all 2 channels of sync.yaml match Tencent (${emulator.url}).\n` +
                "Note: maxSubscribers is not compared: Tencent does not report it back.\n",
        );
    });

    it("exits 2 listing each differing field and each missing channel", async () => {
        const manifest = file(
            "drift.yaml",
            `${IN_SYNC}  - channelId: "@TOA#_drifted"
    name: Original
    introduction: original intro
    faceUrl: https://example.com/old.png
    customString: '{"v":1}'
  - channelId: "@TOA#_gone"
    name: Gone
`,
        );
        const run = await tencentChat(["drift", manifest]);
        expect(run.code).toBe(2);
        expect(run.stdout.split("\n")).toEqual([
            '@TOA#_drifted owner: manifest="ops" live="ops2"',
            '@TOA#_drifted name: manifest="Original" live="Edited"',
            '@TOA#_drifted introduction: manifest="original intro" live="edited intro"',
            '@TOA#_drifted faceUrl: manifest="https://example.com/old.png" live="https://example.com/new.png"',
            '@TOA#_drifted organization: manifest="Acme" live="Other"',
            '@TOA#_drifted customString: manifest="{\\"v\\":1}" live="{}"',
            "@TOA#_gone: missing on Tencent: the official channel does not exist or has been destroyed (Tencent error 130004)",
            `Drift: 2 of 4 channels of drift.yaml differ from Tencent (${emulator.url}).`,
            "Note: maxSubscribers is not compared: Tencent does not report it back.",
            "",
        ]);
    });

    it("exits 1 naming the variables when settings are missing", async () => {
        const run = await tencentChat(["drift", file("sync2.yaml", IN_SYNC)], { TENCENT_CHAT_SECRET_KEY: SECRET });
        expect(run.code).toBe(1);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(/^tencent-chat drift: Tencent Chat settings are incomplete:/);
        expect(run.stderr).toContain("TENCENT_CHAT_SDKAPPID");
        expect(run.stderr).toContain("TENCENT_CHAT_REGION");
    });

    it("exits 1 with Tencent's code and advice when the key is wrong", async () => {
        const run = await tencentChat(["drift", file("sync3.yaml", IN_SYNC)], {
            ...env,
            TENCENT_CHAT_SECRET_KEY: "f".repeat(64),
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/70009.*Check that TENCENT_CHAT_SECRET_KEY is the SecretKey of this SDKAppID/s);
        expect(run.stderr).not.toContain("tencent-chat:");
        expect(run.stderr).not.toContain("f".repeat(64));
    });
});

describe.concurrent("subscribed", () => {
    it("prints a table of the user's channels", async () => {
        const run = await tencentChat(["subscribed", "u1"]);
        expect(run.code).toBe(0);
        const [header, ...rows] = run.stdout.trimEnd().split("\n");
        expect(header).toMatch(/^CHANNEL +NAME +SUBSCRIBED \(UTC\) +CUSTOM STRING$/);
        expect(rows[0]).toMatch(/^@TOA#_news +Company News +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +"vip"$/);
        expect(rows[1]).toMatch(/^@TOA#_alerts +Alerts +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(rows[2]).toBe('"u1" follows 2 channels.');
    });

    it("prints JSON with --json", async () => {
        const run = await tencentChat(["subscribed", "u1", "--json"]);
        expect(run.code).toBe(0);
        const channels = JSON.parse(run.stdout) as Array<{ channelId: string; self: { customString?: string } }>;
        expect(channels.map((c) => [c.channelId, c.self.customString])).toEqual([
            ["@TOA#_news", "vip"],
            ["@TOA#_alerts", ""],
        ]);
    });

    it("says so when the user follows nothing", async () => {
        expect(await tencentChat(["subscribed", "ops"])).toMatchObject({
            code: 0,
            stdout: '"ops" follows no official channels.\n',
        });
    });
});

// Not concurrent: it asserts that no call reached the emulator while it ran.
describe("drift on a bad manifest", () => {
    it("exits 1 on an invalid manifest without calling Tencent", async () => {
        const before = emulator.stats().calls as Record<string, number>;
        const run = await tencentChat(["drift", file("broken.yaml", "channels: []\n")]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^broken\.yaml:1:\d+: channels: /);
        expect(emulator.stats().calls).toEqual(before);
    });
});

describe("emulator", () => {
    it("starts the emulator, prints how to use it, and stops on SIGTERM", async () => {
        const child = spawn(process.execPath, [CLI, "emulator", "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        const url = await new Promise<string>((resolve, reject) => {
            child.stdout.on("data", (chunk) => {
                stdout += chunk;
                const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
                if (match && stdout.includes("Press Ctrl+C")) resolve(match[1]!);
            });
            child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
        });
        expect(stdout).toContain(`export TENCENT_CHAT_ENDPOINT=${url}`);
        const stats = await fetch(`${url}/__emulator/stats`);
        expect(stats.status).toBe(200);
        const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
    });
});

it("never prints the SecretKey or a UserSig", () => {
    expect(runs.length).toBeGreaterThan(15);
    for (const run of runs) {
        for (const text of [run.stdout, run.stderr]) {
            expect(text).not.toContain(SECRET);
            expect(text).not.toMatch(USERSIG_PATTERN);
        }
    }
});
