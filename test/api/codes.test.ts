import { describe, expect, it } from "vitest";

import { describeCode, ERROR_CODES, TencentCode, TRANSIENT_CODES } from "../../provider/tencent/codes";
import { hasCode, TencentChatError } from "../../provider/api/errors";

const rows = Object.values(ERROR_CODES);

describe("the error-code table", () => {
    it("gives every code a name, a meaning and advice, and names each code once", () => {
        expect(rows.length).toBeGreaterThan(30);
        for (const row of rows) {
            expect(row.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
            expect(row.meaning.length, row.name).toBeGreaterThan(5);
            // Meanings go inside a sentence ("Tencent error 130004 (the official channel …)").
            expect(row.meaning, row.name).not.toMatch(/\.$/);
            expect(row.advice, row.name).toMatch(/\.$/);
            expect(TencentCode[row.name as keyof typeof TencentCode]).toBe(row.code);
        }
        expect(Object.keys(TencentCode)).toHaveLength(rows.length);
        expect(new Set(Object.values(TencentCode)).size).toBe(rows.length);
    });

    it("marks exactly the retried codes transient, and only rate limits as rejected before processing", () => {
        for (const row of rows) {
            expect(row.transient, row.name).toBe(row.recovery === "retry");
            expect(TRANSIENT_CODES.has(row.code), row.name).toBe(row.transient);
            if (row.rejectedBeforeProcessing) expect(row.transient, row.name).toBe(true);
        }
        expect([...TRANSIENT_CODES].sort()).toEqual([10004, 20005, 60007, 60008, 60011, 60013, 60014, 60018, 60019, 70050]);
        expect(rows.filter((row) => row.rejectedBeforeProcessing).map((row) => row.code)).toEqual([
            60007, 60011, 60018, 60019, 70050,
        ]);
        expect(describeCode(TencentCode.USERSIG_EXPIRED).recovery).toBe("renew-usersig");
    });

    it("keeps the codes the features rely on", () => {
        expect(TencentCode.CHANNEL_NOT_FOUND).toBe(130004);
        expect(TencentCode.CHANNEL_ID_IN_USE).toBe(130008);
        expect(TencentCode.ACCOUNT_NOT_IMPORTED).toBe(70107);
        expect(TencentCode.INVALID_PARAMETER).toBe(6017);
    });

    it("answers an undocumented code with a pointer to Tencent's page, never a retry", () => {
        expect(describeCode(99999)).toEqual({
            name: "UNDOCUMENTED",
            code: 99999,
            meaning: "undocumented error code",
            advice: expect.stringContaining("https://www.tencentcloud.com/document/product/1047/34348"),
            recovery: "fail",
            transient: false,
            rejectedBeforeProcessing: false,
        });
    });

    it("puts the meaning and advice of a code into TencentChatError's message", () => {
        const error = new TencentChatError({
            api: "destroy_official_account",
            code: TencentCode.CHANNEL_NOT_FOUND,
            attempts: 1,
            ambiguous: false,
        });
        expect(error.message).toBe(
            "destroy_official_account failed: Tencent error 130004 (the official channel does not exist or has been destroyed). " +
                "Run `pulumi refresh` to drop it from state, or check the channel ID.",
        );
    });
});

describe("hasCode", () => {
    const tencent = (code: number | undefined) => new TencentChatError({ api: "x", code, attempts: 1, ambiguous: false });
    const cases: [string, unknown, number, boolean][] = [
        ["a TencentChatError with that code", tencent(130004), TencentCode.CHANNEL_NOT_FOUND, true],
        ["a TencentChatError with another code", tencent(130008), TencentCode.CHANNEL_NOT_FOUND, false],
        ["a TencentChatError without a code (network failure)", tencent(undefined), TencentCode.CHANNEL_NOT_FOUND, false],
        [
            "a plain Error carrying the same code",
            Object.assign(new Error("x"), { code: 130004 }),
            TencentCode.CHANNEL_NOT_FOUND,
            false,
        ],
        ["a plain object carrying the same code", { code: 130004 }, TencentCode.CHANNEL_NOT_FOUND, false],
        ["undefined", undefined, TencentCode.CHANNEL_NOT_FOUND, false],
        ["null", null, TencentCode.CHANNEL_NOT_FOUND, false],
    ];
    it.each(cases)("%s → %s", (_label, error, code, expected) => {
        expect(hasCode(error, code)).toBe(expected);
    });
});
