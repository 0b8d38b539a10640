/**
 * The emulator's state file and flags as a careless user meets them: a typo in the directory, a
 * second emulator on the same file, a hand-edited file, a flag with a wrong value. Each fails at
 * start with a message naming the file or the flag; nothing is lost silently.
 */
import { spawnSync } from "node:child_process";
import {
    existsSync,
    lstatSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    readdirSync,
    readlinkSync,
    realpathSync,
    rmSync,
    symlinkSync,
    truncateSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { parseCliArgs } from "../../emulator/cli";
import { resolveOptions } from "../../emulator/options";
import { Api } from "./helpers";

// Real path: the lock and the messages name the file behind any symlink (macOS's /tmp is one).
const dir = realpathSync(mkdtempSync(path.join(tmpdir(), "emulator-state-test-")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID_CHANNEL = {
    channelId: "@TOA#_a",
    owner: "ops",
    name: "A",
    introduction: "",
    faceUrl: "",
    organization: "",
    customString: "",
    maxSubscribers: 10,
    subscriberCount: 0,
    createTime: 1700000000,
    lastMessageTime: 0,
    subscribers: [],
};
const SUBSCRIBER = (userId: string, seq: number) => ({
    userId,
    subscribeTime: 1700000000,
    customString: "",
    msgFlag: "AcceptAndNotify",
    lastSendMsgTime: 0,
    seq,
});
const VALID_STATE = { version: 1, nextSeq: 1, users: ["ops"], destroyedIds: [], channels: [VALID_CHANNEL] };

function stateFile(name: string, content: unknown): string {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
}

describe("the state path", () => {
    it("must be writable at start: a --state in a missing directory fails before anything is created", async () => {
        const statePath = path.join(dir, "no-such-dir", "state.json");
        await expect(startEmulator({ statePath })).rejects.toThrow(
            `emulator state file ${statePath}: its directory ${path.join(dir, "no-such-dir")} does not exist; create it first or choose another --state path`,
        );
    });

    it("must not be a directory", async () => {
        const statePath = path.join(dir, "a-directory");
        mkdirSync(statePath);
        await expect(startEmulator({ statePath })).rejects.toThrow(
            `emulator state file ${statePath}: is a directory; --state takes a file path`,
        );
    });

    it("must be a regular file: --state /dev/zero fails at once instead of reading forever", async () => {
        await expect(startEmulator({ statePath: "/dev/zero" })).rejects.toThrow(
            "emulator state file /dev/zero: is not a regular file (a device, pipe or socket); --state takes a file path",
        );
        expect(existsSync("/dev/zero.lock")).toBe(false);
    });

    it("reports a failed save at once, not at stop", async () => {
        const sub = path.join(dir, "vanishing");
        mkdirSync(sub);
        const statePath = path.join(sub, "state.json");
        const reported: string[] = [];
        let heard: () => void = () => undefined;
        const failed = new Promise<void>((resolve) => (heard = resolve));
        const emu = await startEmulator({
            statePath,
            onStateError: (message) => {
                reported.push(message);
                heard();
            },
        });
        // Let the save that start-up schedules land, then take the directory away.
        await new Promise((r) => setTimeout(r, 150));
        rmSync(sub, { recursive: true, force: true });
        emu.importUsers(["late"]);
        await failed;
        expect(reported[0]).toMatch(
            new RegExp(`^emulator: saving ${statePath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} failed: ENOENT`),
        );
        // The final save fails too, and stop says so instead of pretending the state was kept.
        await expect(emu.stop()).rejects.toThrow(/ENOENT/);
    });
});

describe("the state lock", () => {
    it("keeps a second emulator off a state file in use", async () => {
        const statePath = path.join(dir, "shared.json");
        const first = await startEmulator({ statePath });
        try {
            await expect(startEmulator({ statePath })).rejects.toThrow(
                `emulator state file ${statePath}: is already in use by an emulator in this process (lock ${statePath}.lock); stop it first`,
            );
            // Another live process holding the lock: the parent of this test process stands in for it.
            writeFileSync(`${statePath}.lock`, `${process.ppid}\n`);
            await expect(startEmulator({ statePath })).rejects.toThrow(
                `emulator state file ${statePath}: is in use by another emulator (pid ${process.ppid}, lock ${statePath}.lock); two emulators on one file would overwrite each other's channels. Stop the other one or use another --state file (if no emulator runs as pid ${process.ppid}, delete the lock)`,
            );
            writeFileSync(`${statePath}.lock`, `${process.pid}\n`);
        } finally {
            await first.stop();
        }
        expect(existsSync(`${statePath}.lock`)).toBe(false);
    });

    it("takes over a stale lock left by a process that has exited", async () => {
        const statePath = path.join(dir, "stale.json");
        const dead = spawnSync(process.execPath, ["-e", ""]).pid;
        writeFileSync(`${statePath}.lock`, `${dead}\n`);
        const emu = await startEmulator({ statePath });
        expect(readFileSync(`${statePath}.lock`, "utf8")).toBe(`${process.pid}\n`);
        await emu.stop();
        expect(existsSync(`${statePath}.lock`)).toBe(false);
    });

    it("treats an unreadable lock (not a pid) as stale", async () => {
        const statePath = path.join(dir, "garbage-lock.json");
        writeFileSync(`${statePath}.lock`, "not a pid");
        const emu = await startEmulator({ statePath });
        try {
            // Taken over: the lock now names this process, and a second emulator meets it.
            expect(readFileSync(`${statePath}.lock`, "utf8").trim()).toBe(String(process.pid));
            await expect(startEmulator({ statePath })).rejects.toThrow(/is already in use by an emulator in this process/);
        } finally {
            await emu.stop();
        }
        expect(existsSync(`${statePath}.lock`)).toBe(false);
    });

    it("refuses a state path under a regular file, naming the path and the system's reason", async () => {
        const file = stateFile("not-a-dir.json", {});
        const statePath = path.join(file, "state.json");
        await expect(startEmulator({ statePath })).rejects.toThrow(
            `emulator state file ${statePath}: cannot be resolved (ENOTDIR`,
        );
        expect(existsSync(`${statePath}.lock`)).toBe(false);
    });

    it("is released when the state file cannot be loaded", async () => {
        const statePath = stateFile("released.json", "null");
        await expect(startEmulator({ statePath })).rejects.toThrow(/must hold a JSON object/);
        expect(existsSync(`${statePath}.lock`)).toBe(false);
    });
});

describe("a symlinked state file", () => {
    /** A real file and a symlink to it from another directory. */
    function linked(name: string): { real: string; link: string } {
        const real = path.join(dir, `${name}.json`);
        mkdirSync(path.join(dir, `${name}-links`));
        const link = path.join(dir, `${name}-links`, "state.json");
        symlinkSync(path.join("..", `${name}.json`), link);
        return { real, link };
    }

    it("is locked by its real path: two emulators on one file conflict whichever path they use", async () => {
        const { real, link } = linked("locked-real");
        const first = await startEmulator({ statePath: real });
        try {
            await expect(startEmulator({ statePath: link })).rejects.toThrow(
                `emulator state file ${link} (which is ${real}): is already in use by an emulator in this process (lock ${real}.lock); stop it first`,
            );
        } finally {
            await first.stop();
        }
        const viaLink = await startEmulator({ statePath: link });
        try {
            await expect(startEmulator({ statePath: real })).rejects.toThrow(
                `emulator state file ${real}: is already in use by an emulator in this process (lock ${real}.lock); stop it first`,
            );
            expect(existsSync(`${link}.lock`)).toBe(false);
        } finally {
            await viaLink.stop();
        }
        // Another live process holding the real file's lock: the parent of this test process stands in for it.
        writeFileSync(`${real}.lock`, `${process.ppid}\n`);
        await expect(startEmulator({ statePath: link })).rejects.toThrow(
            `emulator state file ${link} (which is ${real}): is in use by another emulator (pid ${process.ppid}, lock ${real}.lock)`,
        );
        rmSync(`${real}.lock`);
    });

    it("is saved through the symlink, atomically, leaving the symlink in place", async () => {
        const { real, link } = linked("saved-real");
        // Dangling at first: the first save creates the real file behind it.
        const emu = await startEmulator({ statePath: link, users: ["ops"] });
        const api = new Api(emu);
        await api.create("@TOA#_through", { Owner_Account: "ops" });
        await emu.stop();
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        expect(readlinkSync(link)).toBe(path.join("..", "saved-real.json"));
        const saved = JSON.parse(readFileSync(real, "utf8"));
        expect(saved.channels.map((c: { channelId: string }) => c.channelId)).toEqual(["@TOA#_through"]);
        expect(readdirSync(path.dirname(link))).toEqual(["state.json"]);
        expect(readdirSync(dir).filter((f) => f.startsWith(".saved-real"))).toEqual([]);

        const again = await startEmulator({ statePath: link });
        expect(again.channels().map((c) => c.channelId)).toEqual(["@TOA#_through"]);
        await again.stop();
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
    });

    it("refuses a symlink loop, naming it", async () => {
        const loop = path.join(dir, "loop.json");
        symlinkSync("loop.json", loop);
        await expect(startEmulator({ statePath: loop })).rejects.toThrow(
            `emulator state file ${loop}: is a chain of more than 40 symlinks (ELOOP)`,
        );
    });
});

describe("a loaded state file is validated and named", () => {
    it.each([
        ["null", "null", `must hold a JSON object with "version": 1 (got null); fix or delete it`],
        ["a list", "[]", `must hold a JSON object with "version": 1 (got a list); fix or delete it`],
        [
            "a channel without subscribers",
            { ...VALID_STATE, channels: [{ ...VALID_CHANNEL, subscribers: undefined }] },
            "is not an emulator state (channels[0].subscribers is missing (it must be a list)); fix or delete it",
        ],
        [
            '"users":"ops"',
            { ...VALID_STATE, users: "ops" },
            `is not an emulator state (users must be a list (got string "ops")); fix or delete it`,
        ],
        [
            "another version",
            { ...VALID_STATE, version: 2 },
            "is not an emulator state (version must be 1 (got number 2)); fix or delete it",
        ],
        [
            "a fractional subscriber seq",
            {
                ...VALID_STATE,
                channels: [
                    {
                        ...VALID_CHANNEL,
                        subscribers: [
                            { userId: "u", subscribeTime: 1, customString: "", msgFlag: "Discard", lastSendMsgTime: 0, seq: 1.5 },
                        ],
                    },
                ],
            },
            "is not an emulator state (channels[0].subscribers[0].seq must be a whole number (got number 1.5)); fix or delete it",
        ],
        [
            "one channel twice",
            { ...VALID_STATE, channels: [VALID_CHANNEL, VALID_CHANNEL] },
            `channels[1].channelId "@TOA#_a" appears twice; fix or delete it`,
        ],
        ["broken JSON", "{ nope", /^is not valid JSON \(.*\); fix or delete it$/],
        [
            "a channel ID Tencent would refuse",
            { ...VALID_STATE, channels: [{ ...VALID_CHANNEL, channelId: "news" }] },
            'is not an emulator state (channels[0].channelId must start with "@TOA#_" followed by at least one character (got string "news")); fix or delete it',
        ],
        [
            "a name over its byte limit",
            { ...VALID_STATE, channels: [{ ...VALID_CHANNEL, name: "名".repeat(51) }] },
            `is not an emulator state (channels[0].name must be at most 150 bytes of UTF-8, not 153 (got string "${"名".repeat(51)}")); fix or delete it`,
        ],
        [
            "an empty name",
            { ...VALID_STATE, channels: [{ ...VALID_CHANNEL, name: "" }] },
            'is not an emulator state (channels[0].name must not be empty (got string "")); fix or delete it',
        ],
        [
            "a user ID over 32 bytes",
            { ...VALID_STATE, users: ["ops", "u".repeat(33)] },
            `is not an emulator state (users[1] is 33 bytes; the limit is 32 (got string "${"u".repeat(33)}")); fix or delete it`,
        ],
        [
            "an owner who is not an imported user",
            { ...VALID_STATE, users: [] },
            'channels[0].owner "ops" is not in users (an owner must be an imported user); fix or delete it',
        ],
        [
            "a subscriber who is not an imported user, twice, and a wrong count",
            {
                ...VALID_STATE,
                nextSeq: 3,
                channels: [
                    { ...VALID_CHANNEL, subscriberCount: 5, subscribers: [SUBSCRIBER("ghost", 1), SUBSCRIBER("ghost", 2)] },
                ],
            },
            'channels[0].subscribers[0].userId "ghost" is not in users (a subscriber must be an imported user); channels[0].subscribers[1].userId "ghost" is not in users (a subscriber must be an imported user); channels[0].subscribers[1].userId "ghost" subscribes twice; channels[0].subscriberCount is 5 but the channel lists 2 subscribers; fix or delete it',
        ],
        [
            "a seq used twice and a nextSeq behind it",
            {
                ...VALID_STATE,
                nextSeq: 2,
                channels: [
                    { ...VALID_CHANNEL, subscriberCount: 1, subscribers: [SUBSCRIBER("ops", 4)] },
                    { ...VALID_CHANNEL, channelId: "@TOA#_b", subscriberCount: 1, subscribers: [SUBSCRIBER("ops", 4)] },
                ],
            },
            "channels[1].subscribers[0].seq 4 is used twice (each subscription has its own); nextSeq 2 is not above the highest subscriber seq 4; fix or delete it",
        ],
        [
            "an ID both live and destroyed, and users twice",
            { ...VALID_STATE, users: ["ops", "ops"], destroyedIds: ["@TOA#_a"] },
            'users[1] "ops" appears twice; destroyedIds[0] "@TOA#_a" is also a live channel; fix or delete it',
        ],
        [
            "more than five problems",
            {
                ...VALID_STATE,
                users: [],
                destroyedIds: ["@TOA#_a", "@TOA#_a"],
                channels: [VALID_CHANNEL, VALID_CHANNEL, VALID_CHANNEL],
            },
            'destroyedIds[1] "@TOA#_a" appears twice; channels[1].channelId "@TOA#_a" appears twice; channels[2].channelId "@TOA#_a" appears twice; destroyedIds[0] "@TOA#_a" is also a live channel; destroyedIds[1] "@TOA#_a" is also a live channel; and 3 more; fix or delete it',
        ],
    ])("%s", async (name, content, problem) => {
        const statePath = stateFile(`bad-${name.replace(/\W+/g, "-")}.json`, content);
        const before = readFileSync(statePath, "utf8");
        const error = await startEmulator({ statePath }).then(
            () => {
                throw new Error("expected the emulator to refuse the state file");
            },
            (e: Error) => e,
        );
        const prefix = `emulator state file ${statePath}: `;
        expect(error.message.startsWith(prefix)).toBe(true);
        if (typeof problem === "string") expect(error.message.slice(prefix.length)).toBe(problem);
        else expect(error.message.slice(prefix.length)).toMatch(problem);
        expect(readFileSync(statePath, "utf8")).toBe(before);
    });

    it("refuses a file over 256 MiB before reading it", async () => {
        const statePath = path.join(dir, "huge.json");
        writeFileSync(statePath, "");
        truncateSync(statePath, 256 * 1024 * 1024 + 1); // sparse: nothing is written
        await expect(startEmulator({ statePath })).rejects.toThrow(
            `emulator state file ${statePath}: is 268435457 bytes; the limit is 268435456 bytes (256 MiB); fix or delete it`,
        );
        rmSync(statePath);
    });

    it("holds every way in to the rules it loads by: a UserID over 32 bytes is not imported", async () => {
        const long = "u".repeat(33);
        expect(() => resolveOptions({ users: ["ops", long] })).toThrow(
            `emulator: users must hold UserIDs of at most 32 bytes (got "${long}", 33 bytes)`,
        );
        const emu = await startEmulator();
        try {
            const answer = await fetch(`${emu.url}/__emulator/import-users`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ users: ["ok", long] }),
            });
            expect(answer.status).toBe(400);
            expect(await answer.json()).toEqual({ error: `users[1] "${long}" is 33 bytes; the limit is 32` });
        } finally {
            await emu.stop();
        }
    });

    it("loads a file the emulator wrote, with subscribers, destroyed IDs and a server-assigned ID", async () => {
        const statePath = path.join(dir, "round-trip.json");
        const first = await startEmulator({ statePath, users: ["ops", "fan"] });
        const api = new Api(first);
        await api.create("@TOA#_kept", { Owner_Account: "ops" });
        await api.ok("create_official_account", { Owner_Account: "ops", Name: "generated" });
        await api.ok("add_subscriber", { Official_Account: "@TOA#_kept", SubscriberList: [{ Subscriber_Account: "fan" }] });
        await api.create("@TOA#_gone", { Owner_Account: "ops" });
        await api.ok("destroy_official_account", { Official_Account: "@TOA#_gone" });
        const before = first.channels();
        await first.stop();
        const second = await startEmulator({ statePath });
        expect(second.channels()).toEqual(before);
        await second.stop();
    });

    it("loads a valid file", async () => {
        const statePath = stateFile("good.json", VALID_STATE);
        const emu = await startEmulator({ statePath });
        expect(emu.channels().map((c) => c.channelId)).toEqual(["@TOA#_a"]);
        await emu.stop();
    });
});

describe("every flag is validated", () => {
    it.each([
        [["--sdkappid", "1.5"], '--sdkappid must be a whole number from 1 to 9007199254740991 (got "1.5")'],
        [["--sdkappid", "0"], '--sdkappid must be a whole number from 1 to 9007199254740991 (got "0")'],
        [["--secret-key="], "--secret-key must not be empty; give the SecretKey (or leave the flag out for the demo key)"],
        [["--admin="], "--admin must not be empty; give an app admin UserID"],
        [["--state="], "--state must not be empty; give a file path"],
        [["--host", " "], "--host must not be empty; give an interface such as 127.0.0.1"],
        [["--port", "80.5"], '--port must be a whole number from 0 to 65535 (got "80.5")'],
        [["--port", "70000"], '--port must be a whole number from 0 to 65535 (got "70000")'],
        [["--port", "0x50"], '--port must be a whole number from 0 to 65535, written in decimal digits only (got "0x50")'],
        [["--port", "1e2"], '--port must be a whole number from 0 to 65535, written in decimal digits only (got "1e2")'],
        [["--port", " 80"], '--port must be a whole number from 0 to 65535, written in decimal digits only (got " 80")'],
        [["--port", "+80"], '--port must be a whole number from 0 to 65535, written in decimal digits only (got "+80")'],
        [
            ["--port", "0b1010000"],
            '--port must be a whole number from 0 to 65535, written in decimal digits only (got "0b1010000")',
        ],
        [["--latency", "0x10"], '--latency must be a number from 0 to 600000, written in decimal digits only (got "0x10")'],
        [["--max-channels", "1e400"], '--max-channels must be a whole number from 0 to 9007199254740991 (got "1e400")'],
        [["--latency=-1"], '--latency must be a number from 0 to 600000 (got "-1")'],
        [["--users", "a,,b"], '--users must be a comma-separated list without empty entries (got "a,,b")'],
        [["--fault-kinds", "bogus"], '--fault-kinds: unknown kind "bogus"; use code, http502, drop, lost-response'],
        [
            ["--fault-rate", "0.5", "--fault-kinds", "code,bogus,x\u001b[31m"],
            '--fault-kinds: unknown kinds "bogus", "x\\x1b[31m"; use code, http502, drop, lost-response',
        ],
        [["--fault-kinds", "code"], "--fault-kinds has no effect without --fault-rate above 0"],
        [["--fault-seed", "7"], "--fault-seed has no effect without --fault-rate above 0"],
        [["--fault-rate", "2"], '--fault-rate must be a number from 0 to 1 (got "2")'],
    ])("%j", (argv, message) => {
        expect(() => parseCliArgs(argv)).toThrow(message);
    });

    it("never echoes a --secret-key value", () => {
        const key = "f".repeat(64);
        let message = "";
        try {
            parseCliArgs(["--secret-key", key, "--port", key]);
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).toBe('--port must be a whole number from 0 to 65535 (got "<redacted>")');
    });

    it("accepts well-formed flags", () => {
        expect(
            parseCliArgs(["--fault-rate", "0.25", "--fault-kinds", "code, drop", "--fault-seed", "7", "--users", "a,b"]).options,
        ).toMatchObject({
            faults: { rate: 0.25, kinds: ["code", "drop"], seed: 7 },
            users: ["a", "b"],
        });
    });

    it("checks the options of startEmulator too, all at once", () => {
        expect(() => resolveOptions({ sdkAppId: 1.5, secretKey: "", users: "ops" as unknown as string[], admins: [] })).toThrow(
            'emulator: sdkAppId must be a whole number from 1 to 9007199254740991 (got 1.5); secretKey must be a non-empty string; admins must list at least one UserID; users must be a list of UserIDs (got string "ops")',
        );
    });
});
