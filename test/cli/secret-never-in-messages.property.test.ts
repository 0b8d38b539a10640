/**
 * Property: whatever bytes or strings a user feeds the tools — manifest files, manifest data, CLI
 * arguments, settings, emulator flags, emulator state files — no message they produce contains the
 * configured SecretKey, even when the input itself carries it (a .env passed as a manifest, a key
 * pasted into the wrong flag). Real SecretKeys are 64 hex characters.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parseCliArgs } from "../../emulator/cli";
import { loadState } from "../../emulator/persistence";
import { Store } from "../../emulator/store";
import { main } from "../../provider/cli/main";
import { resolveClientOptions, resolveSettings } from "../../provider/config";
import { loadManifest } from "../../provider/manifest/load";
import { ManifestError, formatProblem } from "../../provider/manifest/problems";

const dir = mkdtempSync(path.join(tmpdir(), "secret-property-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEX = [..."0123456789abcdef"];
const secretKey = fc.string({ unit: fc.constantFrom(...HEX), minLength: 64, maxLength: 64 });

/** Text with the key spliced in at arbitrary places, among arbitrary characters (controls included). */
const textWith = (key: string) =>
    fc
        .array(
            fc.oneof(
                fc.string({ unit: "binary", maxLength: 40 }),
                fc.constant(key),
                fc.constantFrom("\n", ": ", "- ", '"', "\x1b[31m", "channels:", "\t"),
            ),
            {
                maxLength: 12,
            },
        )
        .map((parts) => parts.join(""));

/** Arbitrary bytes with the key's bytes spliced in (invalid UTF-8, NULs and BOMs included). */
const bytesWith = (key: string) =>
    fc
        .array(
            fc.oneof(
                fc.uint8Array({ maxLength: 40 }),
                fc.constant(new Uint8Array(Buffer.from(key))),
                fc.constantFrom(Uint8Array.of(0xef, 0xbb, 0xbf), Uint8Array.of(0xff, 0xfe)),
            ),
            {
                maxLength: 10,
            },
        )
        .map((parts) => Buffer.concat(parts));

/** Manifest-shaped YAML with the key in keys, values, IDs and lists. */
const manifestWith = (key: string) =>
    fc
        .tuple(textWith(key), textWith(key), fc.constantFrom("channelId", "name", "owner", "customString", "maxSubscribers", key))
        .map(
            ([a, b, field]) =>
                `channels:\n  - channelId: ${JSON.stringify(`@TOA#_${a}`)}\n    ${field}: ${JSON.stringify(b)}\n    ${a.replace(/[:\n#]/g, "")}: 1\n`,
        );

let fileCount = 0;
function writeInput(content: string | Uint8Array): string {
    const file = path.join(dir, `input-${++fileCount}`);
    writeFileSync(file, content);
    return file;
}

/** Every message loadManifest produces: the error message and each printed problem line. */
function manifestMessages(source: string | object): string {
    try {
        loadManifest(source);
        return "";
    } catch (error) {
        if (!(error instanceof ManifestError)) throw error;
        return `${error.message}\n${error.problems.map(formatProblem).join("\n")}`;
    }
}

const configure = (key: string) =>
    resolveSettings(() => undefined, { TENCENT_CHAT_SDKAPPID: "1", TENCENT_CHAT_SECRET_KEY: key, TENCENT_CHAT_REGION: "tokyo" });

describe("no message contains the configured SecretKey", () => {
    it("from manifest files of arbitrary bytes", () => {
        fc.assert(
            fc.property(
                secretKey.chain((key) => fc.tuple(fc.constant(key), fc.oneof(bytesWith(key), textWith(key), manifestWith(key)))),
                ([key, content]) => {
                    configure(key);
                    expect(manifestMessages(writeInput(content))).not.toContain(key);
                },
            ),
            { numRuns: 80 },
        );
    });

    it("from manifest data passed as an object", () => {
        fc.assert(
            fc.property(
                secretKey.chain((key) =>
                    fc.tuple(
                        fc.constant(key),
                        fc.jsonValue().map((value) => ({
                            channels: [{ channelId: `@TOA#_${key}`, [key]: value, name: { key, value }, owner: [key] }],
                        })),
                    ),
                ),
                ([key, data]) => {
                    configure(key);
                    expect(manifestMessages(data)).not.toContain(key);
                },
            ),
            { numRuns: 100 },
        );
    });

    it("from settings of arbitrary strings", () => {
        fc.assert(
            fc.property(
                secretKey.chain((key) => fc.tuple(fc.constant(key), fc.array(textWith(key), { minLength: 6, maxLength: 6 }))),
                ([key, [sdkAppId, region, endpoint, admin, calls, batch]]) => {
                    let message = "";
                    try {
                        resolveClientOptions(
                            () => undefined,
                            {
                                TENCENT_CHAT_SECRET_KEY: key,
                                TENCENT_CHAT_SDKAPPID: sdkAppId,
                                TENCENT_CHAT_REGION: region,
                                TENCENT_CHAT_ENDPOINT: endpoint,
                                TENCENT_CHAT_ADMIN: admin,
                                TENCENT_CHAT_CALLS_PER_SECOND: calls,
                                TENCENT_CHAT_BATCH_READS: batch,
                            },
                            "environment",
                        );
                    } catch (error) {
                        message = (error as Error).message;
                    }
                    expect(message).not.toContain(key);
                },
            ),
            { numRuns: 150 },
        );
    });

    it("from tencent-chat arguments (offline commands)", async () => {
        await fc.assert(
            fc.asyncProperty(
                secretKey.chain((key) =>
                    fc.tuple(
                        fc.constant(key),
                        fc.constantFrom("validate", "schema", "drift", "subscribed", "nope", key),
                        fc.array(textWith(key), { maxLength: 4 }),
                    ),
                ),
                async ([key, command, rest]) => {
                    let printed = "";
                    const io = {
                        out: (text: string) => (printed += text),
                        err: (text: string) => (printed += text),
                        env: { TENCENT_CHAT_SECRET_KEY: key },
                    };
                    await main([command, ...rest], io);
                    expect(printed).not.toContain(key);
                },
            ),
            { numRuns: 100 },
        );
    });

    it("from emulator flags", () => {
        const flags = [
            "--port",
            "--host",
            "--state",
            "--latency",
            "--rate",
            "--users",
            "--fault-rate",
            "--fault-kinds",
            "--fault-seed",
            "--sdkappid",
            "--admin",
            "--max-channels",
        ];
        fc.assert(
            fc.property(
                secretKey.chain((key) =>
                    fc.tuple(
                        fc.constant(key),
                        fc.array(fc.tuple(fc.constantFrom(...flags), textWith(key)), { minLength: 1, maxLength: 4 }),
                    ),
                ),
                ([key, pairs]) => {
                    let message = "";
                    try {
                        parseCliArgs(["--secret-key", key, ...pairs.map(([flag, value]) => `${flag}=${value}`)]);
                    } catch (error) {
                        message = (error as Error).message;
                    }
                    expect(message).not.toContain(key);
                },
            ),
            { numRuns: 150 },
        );
    });

    it("from emulator state files", () => {
        const stateWith = (key: string) =>
            fc.oneof(
                bytesWith(key),
                textWith(key),
                fc.jsonValue().map((value) =>
                    JSON.stringify({
                        version: 1,
                        nextSeq: 1,
                        users: [key, value],
                        destroyedIds: key,
                        channels: [{ channelId: key, name: value }],
                    }),
                ),
            );
        fc.assert(
            fc.property(
                secretKey.chain((key) => fc.tuple(fc.constant(key), stateWith(key))),
                ([key, content]) => {
                    configure(key);
                    let message = "";
                    try {
                        loadState(new Store(), writeInput(content));
                    } catch (error) {
                        message = (error as Error).message;
                    }
                    expect(message).not.toContain(key);
                },
            ),
            { numRuns: 150 },
        );
    });
});
