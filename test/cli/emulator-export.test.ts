/**
 * The CLI's emulator command loads the emulator through the package's own export
 * (`pulumi-tencent-chat/emulator/cli`), never by a relative path out of provider/: the package's
 * modules import only one another, so provider/ can ship and be read without emulator/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as cliModule from "../../emulator/cli";
import type { EmulatorCli } from "../../provider/cli/commands/emulator";
import { repoRoot } from "../support/dist";

/** Every .ts file under `dir`, recursively. */
function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
        .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("the emulator command's module boundary", () => {
    it("emulator/cli.ts provides what the command declares it uses", () => {
        // A compile-time check (test/tsconfig.json): the module must be assignable to the interface.
        const module: EmulatorCli = cliModule;
        expect(module.HELP).toMatch(/^Usage: /);
    });

    it("resolves pulumi-tencent-chat/emulator/cli by package name to the compiled emulator CLI", () => {
        const resolved = createRequire(path.join(repoRoot, "dist/provider/cli/commands/emulator.js")).resolve(
            "pulumi-tencent-chat/emulator/cli",
        );
        expect(resolved).toBe(path.join(repoRoot, "dist/emulator/cli.js"));
    });

    it("no module in provider/ imports or requires a path outside provider/", () => {
        const root = path.join(repoRoot, "provider");
        const outside: string[] = [];
        for (const file of sources(root)) {
            const text = readFileSync(file, "utf8");
            for (const match of text.matchAll(/(?:from\s+|require\(|import\()\s*"(\.{1,2}\/[^"]*)"/g)) {
                const target = path.resolve(path.dirname(file), match[1]!);
                if (!target.startsWith(root + path.sep)) outside.push(`${path.relative(repoRoot, file)} → ${match[1]}`);
            }
        }
        expect(outside).toEqual([]);
    });
});
