import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ERROR_TEXTS, errorText } from "../../emulator/envelope";
import { DEFAULT_FAULT_CODES } from "../../emulator/faults";
import { describeCode, TencentCode } from "../../provider/tencent/codes";

const emulatorDir = path.join(__dirname, "../../emulator");
const sources = readdirSync(emulatorDir)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => ({ name, text: readFileSync(path.join(emulatorDir, name), "utf8") }));

describe("the emulator's error codes", () => {
    it("answers only codes of the api table, each with Tencent's text, a meaning and advice", () => {
        const named = new Set<string>();
        for (const { text } of sources) for (const match of text.matchAll(/TencentCode\.([A-Z0-9_]+)/g)) named.add(match[1]!);
        expect(named.size).toBeGreaterThan(15);
        for (const name of named) {
            expect(Object.keys(TencentCode), name).toContain(name);
            expect(Object.keys(ERROR_TEXTS), `${name} has no ErrorInfo text in emulator/envelope.ts`).toContain(name);
        }
        for (const name of Object.keys(ERROR_TEXTS)) {
            const info = describeCode(TencentCode[name as keyof typeof TencentCode]);
            expect(info.name).toBe(name);
            expect(info.meaning).not.toBe("undocumented error code");
            expect(info.advice.length).toBeGreaterThan(10);
        }
    });

    it("writes no code as a bare number", () => {
        for (const { name, text } of sources) {
            const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
            expect(code.match(/(ApiError|failEnvelope|errorText)\(\d|(ErrorCode|ResultCode|code): \d{4,}/g), name).toBeNull();
        }
    });

    it("injects only transient codes by default", () => {
        for (const code of DEFAULT_FAULT_CODES) expect(describeCode(code).transient, String(code)).toBe(true);
    });

    it("puts Tencent's text, then its own detail, in ErrorInfo, and a plain one for an injected code it has no text for", () => {
        expect(errorText(TencentCode.CHANNEL_NOT_FOUND, '"@TOA#_x" does not exist.')).toBe(
            'The official channel user does not exist, or once existed but has now been terminated. "@TOA#_x" does not exist.',
        );
        expect(errorText(TencentCode.ACCOUNT_BLACKLISTED)).toBe("Error 70051.");
        expect(errorText(12345)).toBe("Error 12345.");
    });
});
