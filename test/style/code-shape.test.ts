/**
 * The shipped code's shape rules (issue 13): no function in provider/ or emulator/ over 80 lines,
 * and a doc comment on every exported declaration. The rules live in scripts/lint/code-shape.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

type CodeShape = typeof import("../../scripts/lint/code-shape");
const shape = createRequire(path.join(repoRoot, "package.json"))("./dist/scripts/lint/code-shape.js") as CodeShape;
const files = shape.sourceFiles(repoRoot, ["provider", "emulator"]);

describe("shipped code shape", () => {
    it("has no function longer than 80 lines", () => {
        const long = shape.functionSpans(repoRoot, files).filter((s) => s.lines > shape.MAX_FUNCTION_LINES);
        expect(long.map((s) => `${s.file}:${s.line} ${s.name} (${s.lines} lines)`)).toEqual([]);
    });

    it("documents every exported declaration", () => {
        expect(shape.undocumentedExports(repoRoot, files)).toEqual([]);
    });

    it("the checker finds a long function and an undocumented export", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "code-shape-"));
        try {
            const body = Array.from({ length: 80 }, (_, i) => `    const v${i} = ${i};`).join("\n");
            const source = [
                "/** Documented. */",
                "export const documented = 1;",
                "export function undocumented(): void {",
                body,
                "}",
                "export const arrow = () => {",
                "    return 1;",
                "};",
            ].join("\n");
            mkdirSync(path.join(dir, "src"));
            writeFileSync(path.join(dir, "src", "sample.ts"), source);
            const sample = shape.sourceFiles(dir, ["src"]);
            expect(shape.functionSpans(dir, sample).filter((s) => s.lines > shape.MAX_FUNCTION_LINES)).toEqual([
                { file: path.join("src", "sample.ts"), line: 3, name: "undocumented", lines: 82 },
            ]);
            expect(shape.undocumentedExports(dir, sample)).toEqual([
                `${path.join("src", "sample.ts")}:3 undocumented`,
                `${path.join("src", "sample.ts")}:85 arrow`,
            ]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
