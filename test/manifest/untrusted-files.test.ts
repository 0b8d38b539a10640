/**
 * Manifest files are untrusted input: whatever path a user passes (a device, a FIFO, a .env, a
 * Latin-1 export, a UTF-16 file from a Windows editor), loading ends at once with a message that
 * says what is wrong and never echoes the file or the SecretKey.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rememberSecret } from "../../provider/tencent/display";
import { rememberConfiguredSecrets } from "../../provider/config";
import { loadManifest } from "../../provider/manifest/load";
import { formatProblem } from "../../provider/manifest/problems";
import { MAX_MANIFEST_BYTES, decodeManifestBytes, firstInvalidUtf8, readManifestFile } from "../../provider/manifest/read-file";
import { rejection } from "./helpers";

const KEY = "8f3a1c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a";
const dir = mkdtempSync(path.join(tmpdir(), "manifest-untrusted-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
}

/** What `tencent-chat validate` prints for the file: its problem lines. */
const lines = (source: string) => rejection(source).problems.map(formatProblem);

describe("manifest files that are not manifests", () => {
    it("refuses /dev/zero at once, without reading it", () => {
        const started = Date.now();
        expect(lines("/dev/zero")).toEqual([
            "/dev/zero: is a character device, not a manifest file; pass the path of a .yaml or .json file",
        ]);
        expect(Date.now() - started).toBeLessThan(1000);
    });

    it("refuses a named pipe without blocking on it", () => {
        const fifo = path.join(dir, "pipe.yaml");
        execFileSync("mkfifo", [fifo]);
        expect(lines(fifo)).toEqual([
            `${fifo}: is a named pipe (FIFO), not a manifest file; pass the path of a .yaml or .json file`,
        ]);
    });

    it("refuses a directory", () => {
        expect(lines(dir)).toEqual([`${dir}: is a directory, not a manifest file; pass the path of a .yaml or .json file`]);
    });

    it("refuses a file over 16 MiB from its size, before reading it", () => {
        const big = path.join(dir, "big.yaml");
        closeSync(openSync(big, "w"));
        truncateSync(big, MAX_MANIFEST_BYTES + 1); // sparse: costs no disk and no reading
        expect(lines(big)).toEqual([`${big}: is 16,777,217 bytes; a manifest may be at most 16 MiB (16,777,216 bytes)`]);
    });

    it("reads a file of exactly 16 MiB", () => {
        const almost = write("almost.yaml", Buffer.alloc(MAX_MANIFEST_BYTES, 0x20));
        expect(lines(almost)).toEqual([`${almost}:1:1: the manifest is empty; it needs a \`channels:\` list`]);
    });

    it("stops reading a file that reports no size (/proc) once it passes the limit", () => {
        // /proc/self/environ stats as 0 bytes; a 16 byte limit stands in for 16 MiB.
        expect(readManifestFile("/proc/self/environ", 16)).toEqual({
            ok: false,
            problem: { line: 0, column: 0, message: "holds more than 16 bytes; a manifest may be at most that" },
        });
    });

    it("refuses /proc/self/environ as binary data instead of dumping the environment", () => {
        const problems = lines("/proc/self/environ");
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(
            /^\/proc\/self\/environ:1:\d+: control character "\\x00" here; a manifest is YAML or JSON text, not binary data$/,
        );
    });

    it("says which line and column hold a control character", () => {
        const file = write("bell.yaml", "channels:\n  - name: a\x07b\n");
        expect(lines(file)).toEqual([
            `${file}:2:12: control character "\\x07" here; a manifest is YAML or JSON text, not binary data`,
        ]);
    });
});

describe("encodings", () => {
    it("names the line and column of the first byte that is not UTF-8 (a Latin-1 café)", () => {
        const file = write("latin1.yaml", Buffer.from('channels:\n  - channelId: "@TOA#_x"\n    name: caf\xe9\n', "latin1"));
        expect(lines(file)).toEqual([
            `${file}:3:14: invalid UTF-8: byte 0xE9 here; save the file as UTF-8 (Latin-1 and Windows-1252 are not accepted)`,
        ]);
    });

    it("counts the column in characters, not bytes", () => {
        const file = write("after-cjk.yaml", Buffer.concat([Buffer.from("name: 公司"), Buffer.from([0xff])]));
        expect(lines(file)).toEqual([
            `${file}:1:9: invalid UTF-8: byte 0xFF here; save the file as UTF-8 (Latin-1 and Windows-1252 are not accepted)`,
        ]);
    });

    it.each([
        [
            "UTF-16LE with a BOM",
            Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("channels: []\n", "utf16le")]),
            "UTF-16LE (little-endian)",
        ],
        ["UTF-16LE without a BOM", Buffer.from("channels: []\n", "utf16le"), "UTF-16LE (little-endian)"],
        ["UTF-16BE with a BOM", Buffer.from("\ufeffchannels: []\n", "utf16le").swap16(), "UTF-16BE (big-endian)"],
        ["UTF-16BE without a BOM", Buffer.from("channels: []\n", "utf16le").swap16(), "UTF-16BE (big-endian)"],
        ["UTF-32LE with a BOM", Buffer.from([0xff, 0xfe, 0, 0, 0x63, 0, 0, 0]), "UTF-32LE (little-endian)"],
    ])("refuses %s with its own message, without echoing the file", (_, bytes, encoding) => {
        const file = write(`wide-${encoding.slice(0, 8)}.yaml`, bytes);
        const short = encoding.replace(/ .*/, "");
        expect(lines(file)).toEqual([
            `${file}:1:1: is encoded as ${encoding}, not UTF-8; save it as UTF-8 (e.g. iconv -f ${short} -t UTF-8)`,
        ]);
    });

    it("accepts a UTF-8 BOM and keeps positions right", () => {
        const file = write("bom.yaml", `\ufeffchannels:\n  - channelId: "@TOA#_bom"\n    owner: ops\n    name: Café\n`);
        expect(loadManifest(file).channels[0]).toMatchObject({ channelId: "@TOA#_bom", name: "Café" });
        const bad = write("bom-bad.yaml", `\ufeffchannels:\n  - channelId: "@TOA#_bom"\n    owner: ops\n    nmae: Café\n`);
        expect(lines(bad)[0]).toMatch(/^.*bom-bad\.yaml:4:5: channels\[0\]\.nmae: unknown key; did you mean `name`\?$/);
    });

    it.each([
        ["an overlong slash", [0x61, 0xc0, 0xaf], 1],
        ["an overlong 3-byte form", [0xe0, 0x80, 0xaf], 0],
        ["a UTF-16 surrogate", [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
        ["a code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
        ["a truncated sequence at the end", [0x61, 0xe5, 0x85], 1],
        ["a lone continuation byte", [0x80], 0],
    ])("finds %s", (_, bytes, index) => {
        expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(index);
    });

    it("accepts every well-formed sequence length", () => {
        expect(firstInvalidUtf8(Buffer.from("a é 公 😀 \u{10ffff}"))).toBeUndefined();
        expect(decodeManifestBytes(Buffer.from("a: é 公 😀"))).toEqual({ ok: true, text: "a: é 公 😀" });
    });
});

describe("echoed values", () => {
    it("masks the configured SecretKey when a .env is passed as a manifest", () => {
        const env = write(".env", `TENCENT_CHAT_SDKAPPID=1400000000\nTENCENT_CHAT_SECRET_KEY=${KEY}\n`);
        rememberConfiguredSecrets({ TENCENT_CHAT_SECRET_KEY: KEY });
        expect(lines(env)).toEqual([
            `${env}:1:1: must be a mapping with a \`channels:\` list (got string "TENCENT_CHAT_SDKAPPID=1400000000 TENCENT_CHAT_SECRET_KEY=<redacted>")`,
        ]);
    });

    it("takes the key from the stack config Pulumi passes to a program", () => {
        const other = "c0ffee".repeat(10) + "abcd";
        rememberConfiguredSecrets({ PULUMI_CONFIG: JSON.stringify({ "tencent-chat:config:secretKey": other }) });
        const file = write("pasted.yaml", `channels:\n  - channelId: "@TOA#_x"\n    owner: ops\n    name: n\n    ${other}: 1\n`);
        const problems = lines(file);
        expect(problems.join("\n")).not.toContain(other);
        expect(problems[0]).toBe(
            `${file}:5:5: channels[0].<redacted>: unknown key; expected one of \`channelId\`, \`owner\`, \`name\`, \`introduction\`, \`faceUrl\`, \`maxSubscribers\`, \`organization\`, \`customString\`, \`adopt\`, \`allowReplace\``,
        );
    });

    it("cuts a long value to one line with its size, escaping control characters", () => {
        const file = write("long.yaml", `channels: "${"x".repeat(500)}\\e[31m"\n`);
        expect(lines(file)).toEqual([
            `${file}:1:11: channels: must be a list of channel entries (got string "${"x".repeat(80)}…" (505 bytes in all))`,
        ]);
        const escaped = write("escape.yaml", `channels: "red\\e[31mRED\\nFAKE"\n`);
        expect(lines(escaped)).toEqual([
            `${escaped}:1:11: channels: must be a list of channel entries (got string "red\\x1b[31mRED\\nFAKE")`,
        ]);
    });

    it("escapes a file name that carries a newline", () => {
        rememberSecret(KEY);
        const file = write("two\nlines.yaml", "channels: 1\n");
        expect(lines(file)).toEqual([`${dir}/two\\nlines.yaml:1:11: channels: must be a list of channel entries (got number 1)`]);
    });
});

describe("nesting", () => {
    it("says a 100,000-deep nesting is nesting past the limit, where the limit is passed, not a syntax error", () => {
        const file = write("deep.json", `{"channels": ${"[".repeat(100_000)}${"]".repeat(100_000)}}\n`);
        expect(lines(file)).toEqual([
            `${file}:1:77: collections nest 100,001 levels deep; a manifest may nest at most 64 (its channels need 3), and level 65 starts here`,
        ]);
    });

    it("counts block nesting by indentation the same way", () => {
        const deep = Array.from({ length: 3_000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n");
        const file = write("deep.yaml", `${deep} 1\n`);
        expect(lines(file)).toEqual([
            `${file}:65:65: collections nest 3,000 levels deep; a manifest may nest at most 64 (its channels need 3), and level 65 starts here`,
        ]);
    });

    it("accepts nesting up to the limit (it is then the entries' own problem)", () => {
        // The top mapping and 63 lists: 64 levels.
        const file = write("deep-ok.yaml", `channels: ${"[".repeat(63)}${"]".repeat(63)}\n`);
        expect(lines(file)).toEqual([`${file}:1:12: channels[0]: must be a mapping of channel fields (got a list)`]);
    });
});
