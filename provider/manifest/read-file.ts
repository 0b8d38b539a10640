/**
 * Reading a manifest file as untrusted input: only regular files, at most MAX_MANIFEST_BYTES,
 * decoded strictly as UTF-8. A path a user mistypes or points at the wrong thing (/dev/zero, a FIFO,
 * a binary, a Latin-1 export) ends at once with a message that says what the file is, never with a
 * hang, a memory blow-up or a silently mangled value.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { echo } from "../tencent/display";
import type { Position } from "./yaml-source";

/** 16 MiB: a manifest of the largest app (10,000 channels at the byte limits) is under 10 MiB. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** The decoded text, or why the file is refused (line and column 0 when the problem is the file as a whole). */
export type ManifestBytes = { ok: true; text: string } | { ok: false; problem: Position & { message: string } };

const nowhere = { line: 0, column: 0 };

function kindOfFile(stats: Stats): string {
    if (stats.isDirectory()) return "a directory";
    if (stats.isFIFO()) return "a named pipe (FIFO)";
    if (stats.isCharacterDevice()) return "a character device";
    if (stats.isBlockDevice()) return "a block device";
    if (stats.isSocket()) return "a socket";
    return "not a regular file";
}

const sizeText = (bytes: number) => `${bytes.toLocaleString("en-US")} bytes`;
const limitText = (limit: number) => (limit === MAX_MANIFEST_BYTES ? `16 MiB (${sizeText(limit)})` : sizeText(limit));

/** Why `stats` cannot be a manifest, or undefined when it can. */
function refusal(stats: Stats, limit: number): string | undefined {
    if (!stats.isFile()) return `is ${kindOfFile(stats)}, not a manifest file; pass the path of a .yaml or .json file`;
    if (stats.size > limit) return `is ${sizeText(stats.size)}; a manifest may be at most ${limitText(limit)}`;
    return undefined;
}

/**
 * The file's text. Checks the path before opening it (opening a FIFO would block), opens without
 * blocking, checks what was opened (the path may have changed in between), and reads at most one
 * byte past the limit (files in /proc report size 0 whatever they hold).
 */
export function readManifestFile(file: string, limit = MAX_MANIFEST_BYTES): ManifestBytes {
    const fail = (message: string): ManifestBytes => ({ ok: false, problem: { ...nowhere, message } });
    let fd: number | undefined;
    try {
        const before = refusal(statSync(file), limit);
        if (before) return fail(before);
        // O_NONBLOCK does not exist on Windows, where FIFOs cannot sit at a file path anyway.
        fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
        const after = refusal(fstatSync(fd), limit);
        if (after) return fail(after);
        const chunks: Buffer[] = [];
        let length = 0;
        for (;;) {
            const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1));
            const read = readSync(fd, chunk, 0, chunk.length, null);
            if (read === 0) break;
            chunks.push(chunk.subarray(0, read));
            length += read;
            // Checked per chunk: a file that reports no size (/proc) or grows is never read whole.
            if (length > limit) return fail(`holds more than ${limitText(limit)}; a manifest may be at most that`);
        }
        return decodeManifestBytes(Buffer.concat(chunks, length));
    } catch (error) {
        return fail(`cannot read the manifest: ${describeFsError(error as NodeJS.ErrnoException)}`);
    } finally {
        if (fd !== undefined) closeSync(fd);
    }
}

function describeFsError(error: NodeJS.ErrnoException): string {
    // An fs error's own message repeats the path; the code says what happened.
    const meaning: Record<string, string> = {
        ENOENT: "no such file",
        EACCES: "permission denied",
        EPERM: "permission denied",
        ENOTDIR: "a part of the path is not a directory",
        ELOOP: "too many symbolic links",
        EISDIR: "it is a directory",
        ENAMETOOLONG: "the path or one of its names is too long",
    };
    const code = error.code ?? "unknown error";
    return meaning[code] ? `${meaning[code]} (${code})` : code;
}

/**
 * Strict UTF-8 (a leading BOM is dropped): the text, or the first bad byte's line and column.
 * UTF-16 and UTF-32 files, and files with control characters YAML forbids (NUL in a binary or in
 * /proc/self/environ), are refused with their own message instead of being parsed as garbage.
 */
export function decodeManifestBytes(bytes: Uint8Array): ManifestBytes {
    const wide = wideEncoding(bytes);
    if (wide) {
        return {
            ok: false,
            problem: {
                line: 1,
                column: 1,
                message: `is encoded as ${wide}, not UTF-8; save it as UTF-8 (e.g. iconv -f ${wide.replace(/ .*/, "")} -t UTF-8)`,
            },
        };
    }
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const bad = firstInvalidUtf8(bytes, start);
    if (bad !== undefined) {
        const at = positionOf(bytes, start, bad);
        const hex = bytes[bad]!.toString(16).padStart(2, "0").toUpperCase();
        return {
            ok: false,
            problem: {
                ...at,
                message: `invalid UTF-8: byte 0x${hex} here; save the file as UTF-8 (Latin-1 and Windows-1252 are not accepted)`,
            },
        };
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString("utf8");
    // YAML 1.2 allows only tab, LF and CR among the C0 controls (and no DEL, C1 or surrogates in
    // documents); a NUL means this is not a text file at all.
    const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
    if (control) {
        const at = positionOfText(text, control.index);
        return {
            ok: false,
            problem: {
                ...at,
                message: `control character ${echo(control[0])} here; a manifest is YAML or JSON text, not binary data`,
            },
        };
    }
    return { ok: true, text };
}

/** "UTF-16 little-endian" etc. when a BOM or the NUL pattern of ASCII in UTF-16/32 says so. */
function wideEncoding(bytes: Uint8Array): string | undefined {
    const [a, b, c, d] = bytes;
    if (a === 0xff && b === 0xfe && c === 0 && d === 0) return "UTF-32LE (little-endian)";
    if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return "UTF-32BE (big-endian)";
    if (a === 0xff && b === 0xfe) return "UTF-16LE (little-endian)";
    if (a === 0xfe && b === 0xff) return "UTF-16BE (big-endian)";
    // Without a BOM: YAML and JSON start with ASCII, which UTF-16 pads with a NUL on one side.
    if (bytes.length >= 4) {
        if (a !== 0 && b === 0 && c !== 0 && d === 0) return "UTF-16LE (little-endian)";
        if (a === 0 && b !== 0 && c === 0 && d !== 0) return "UTF-16BE (big-endian)";
    }
    return undefined;
}

/** Index of the first byte that does not begin or continue a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0): number | undefined {
    let i = start;
    while (i < bytes.length) {
        const lead = bytes[i]!;
        if (lead < 0x80) {
            i += 1;
            continue;
        }
        let length: number;
        let min = 0x80;
        let max = 0xbf;
        // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
        if (lead >= 0xc2 && lead <= 0xdf) length = 2;
        else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            if (lead === 0xe0) min = 0xa0;
            if (lead === 0xed) max = 0x9f;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            if (lead === 0xf0) min = 0x90;
            if (lead === 0xf4) max = 0x8f;
        } else return i;
        for (let k = 1; k < length; k++) {
            const next = bytes[i + k];
            const low = k === 1 ? min : 0x80;
            const high = k === 1 ? max : 0xbf;
            // A truncated or broken sequence: the lead byte is where the text stops being UTF-8.
            if (next === undefined || next < low || next > high) return i;
        }
        i += length;
    }
    return undefined;
}

/** 1-based line and column (in characters) of byte `offset`; the bytes before it are valid UTF-8. */
function positionOf(bytes: Uint8Array, start: number, offset: number): Position {
    const before = Buffer.from(bytes.buffer, bytes.byteOffset + start, offset - start).toString("utf8");
    return positionOfText(before, before.length);
}

function positionOfText(text: string, index: number): Position {
    const before = text.slice(0, index);
    const lineStart = before.lastIndexOf("\n") + 1;
    return { line: before.split("\n").length, column: [...before.slice(lineStart)].length + 1 };
}
