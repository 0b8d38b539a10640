import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clip, echo, escapeControls, rememberSecret, safeText } from "../../provider/tencent/display";

const KEY = "5d2a9c0e7b1f4a6c8e3d0b2f9a7c5e1d3b6f8a0c2e4d6b8f0a1c3e5d7b9f1a2c";

describe("display: the one rule for echoing untrusted text", () => {
    it("escapes terminal control sequences and forged line breaks", () => {
        expect(escapeControls("Evil\x1b[31mRED\x1b[0m\nFAKE-ROW  x")).toBe("Evil\\x1b[31mRED\\x1b[0m\\nFAKE-ROW  x");
        expect(escapeControls("a\u202eb\u200bc\u0085")).toBe("a\\u202eb\\u200bc\\x85");
    });

    it("keeps ordinary text, CJK and emoji as they are", () => {
        expect(echo("公司新闻 📣")).toBe('"公司新闻 📣"');
    });

    it("quotes strings with escaped quotes and backslashes, and cuts long values noting their size", () => {
        expect(echo('say "hi" \\ \x07')).toBe('"say \\"hi\\" \\\\ \\x07"');
        expect(echo("x".repeat(3001))).toBe(`"${"x".repeat(80)}…" (3,001 bytes in all)`);
        expect(echo({ a: 1 })).toBe('{"a":1}');
        expect(echo(undefined)).toBe("undefined");
    });

    it("never cuts inside a surrogate pair", () => {
        const out = echo("a" + "😀".repeat(50), 4);
        expect(out).toBe('"a😀…" (201 bytes in all)');
    });

    it("clips remote text such as a 200 KB ErrorInfo", () => {
        const out = clip("E".repeat(200_000), 300);
        expect(out.length).toBeLessThan(340);
        expect(out).toMatch(/… \(200,000 bytes in all\)$/);
    });

    it("never shows a remembered SecretKey, whatever surrounds it", () => {
        rememberSecret(KEY);
        fc.assert(
            fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 200 }), (before, after, limit) => {
                const text = `${before}${KEY}${after}`;
                for (const out of [echo(text, limit), clip(text, limit), safeText(text), echo({ text }, limit)]) {
                    expect(out).not.toContain(KEY);
                    // Not even a long fragment of it.
                    expect(out).not.toContain(KEY.slice(0, 24));
                }
            }),
        );
    });
});
