/**
 * The lint rules hold what they claim (eslint.config.mjs; `npm run lint` runs them over the tree).
 * Each case feeds ESLint a file that breaks one rule, at a path where the rule applies, and expects
 * that rule's finding: a config that silently stopped matching would otherwise pass forever.
 */
import { ESLint } from "eslint";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

const eslint = new ESLint({ cwd: repoRoot });

async function findings(file: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
    return (result?.messages ?? []).map((m) => `${m.line} ${m.ruleId}`);
}

describe("lint rules", () => {
    it("refuse a function over 80 lines in provider/ and emulator/, counted from its first line to its last", async () => {
        const body = (n: number) => Array.from({ length: n }, (_, i) => `    console.log(${i});`).join("\n");
        const source = (n: number) => `/** Documented. */\nexport function f(): void {\n${body(n)}\n}\n`;
        for (const file of ["provider/api/sample.ts", "emulator/sample.ts"]) {
            expect(await findings(file, source(78))).toEqual([]);
            expect(await findings(file, source(79))).toEqual(["2 max-lines-per-function"]);
        }
        expect(await findings("scripts/sample.ts", source(79))).toEqual([]);
    });

    it("want a doc comment on every exported declaration, and none on private ones", async () => {
        const source = [
            "/** The file's header is not the first export's comment. */",
            "",
            "export type Flag = 'a' | 'b';",
            "/** Documented. */",
            "export const documented = 1;",
            "export const arrow = (): number => 1;",
            "export function plain(): void {}",
            "export interface Shape { a: Flag }",
            "export class Thing {}",
            "export enum Kind { A }",
            "const local = 2;",
            "function helper(): number { return local; }",
            "export const used = helper();",
        ].join("\n");
        expect(await findings("provider/kit/sample.ts", source)).toEqual([
            "3 jsdoc/require-jsdoc",
            "6 jsdoc/require-jsdoc",
            "7 jsdoc/require-jsdoc",
            "8 jsdoc/require-jsdoc",
            "9 jsdoc/require-jsdoc",
            "10 jsdoc/require-jsdoc",
            "13 jsdoc/require-jsdoc",
        ]);
    });

    it("find an import cycle", async () => {
        // fields/channel.ts imports tencent/wire.ts: wire importing it back closes a cycle (and climbs a floor).
        const source = `import { CHANNEL_FIELD_TABLE } from "../fields/channel";\n/** Re-export. */\nexport const table = CHANNEL_FIELD_TABLE;\n`;
        const found = await findings("provider/tencent/wire.ts", source);
        expect(found).toContain("1 import-x/no-cycle");
        expect(found).toContain("1 import-x/no-restricted-paths");
    });

    it("keep each floor from importing the floors above it", async () => {
        const imports = (from: string) => `import * as m from "${from}";\n/** Re-export. */\nexport const x = m;\n`;
        const refused: Array<[string, string]> = [
            ["provider/tencent/display.ts", "../api/client"],
            ["provider/tencent/codes.ts", "../fields/types"],
            ["provider/api/client.ts", "../kit/unknown"],
            ["provider/kit/unknown.ts", "../config"],
            ["provider/config.ts", "./manifest/load"],
            ["provider/channel/operations.ts", "../config"],
            ["provider/channel/diff.ts", "../subscription/diff"],
            ["provider/subscription/diff.ts", "../channel/diff"],
            ["provider/channel/diff.ts", "../manifest/load"],
            ["provider/manifest/load.ts", "../lookups"],
            ["provider/lookups.ts", "./manifest/load"],
            ["provider/manifest/load.ts", "../dynamic/channel-set"],
            ["provider/plugin/component.ts", "../dynamic/channel-set"],
            ["provider/dynamic/channel-set.ts", "../cli/main"],
            ["provider/plugin/server.ts", "../index"],
            ["provider/fields/types.ts", "../api/mapping"],
            ["provider/fields/types.ts", "../kit/unknown"],
            ["provider/api/endpoint.ts", "../config"],
            ["provider/kit/unknown.ts", "../channel/diff"],
            ["provider/channel/diff.ts", "../plugin/server"],
            ["provider/subscription/diff.ts", "../dynamic/subscription"],
            ["provider/host/load.ts", "../channel/operations"],
            ["provider/host/load.ts", "../dynamic/channel"],
            ["provider/channel/operations.ts", "../dynamic/results"],
            ["provider/channel/operations.ts", "../host/load"],
            ["provider/dynamic/channel.ts", "../plugin/resources"],
            ["provider/plugin/resources.ts", "../dynamic/channel"],
            ["provider/plugin/server.ts", "../host/channel"],
            ["provider/dynamic/runtime.ts", "../cli/main"],
        ];
        for (const [file, from] of refused) {
            const found = await findings(file, imports(from));
            expect([file, from, found]).toEqual([file, from, expect.arrayContaining(["1 import-x/no-restricted-paths"])]);
        }
        expect(await findings("provider/host/channel.ts", imports("./load"))).toEqual([]);
        expect(await findings("provider/dynamic/channel-provider.ts", imports("../host/channel"))).toEqual([]);
        expect(await findings("provider/plugin/component.ts", imports("../manifest/load"))).toEqual([]);
        expect(await findings("provider/fields/types.ts", imports("../tencent/wire"))).toEqual([]);
        expect(await findings("provider/channel/diff.ts", imports("../kit/unknown"))).toEqual([]);
    });

    it("keep the emulator to provider/tencent/", async () => {
        const imports = (from: string) => `import * as m from "${from}";\n/** Re-export. */\nexport const x = m;\n`;
        expect(await findings("emulator/server.ts", imports("../provider/api/client"))).toContain(
            "1 import-x/no-restricted-paths",
        );
        expect(await findings("emulator/server.ts", imports("../provider/fields/channel"))).toContain(
            "1 import-x/no-restricted-paths",
        );
        expect(await findings("emulator/server.ts", imports("../provider/tencent/codes"))).toEqual([]);
    });

    it("keep Pulumi out of api/ and the core, and the emulator out of provider/", async () => {
        expect(await findings("provider/api/client.ts", `import "@pulumi/pulumi";\n`)).toEqual(["1 no-restricted-imports"]);
        expect(await findings("provider/tencent/wire.ts", `import "@pulumi/pulumi";\n`)).toEqual(["1 no-restricted-imports"]);
        for (const file of ["provider/channel/operations.ts", "provider/subscription/operations.ts", "provider/kit/outcomes.ts"])
            for (const from of ["@pulumi/pulumi", "@grpc/grpc-js", "google-protobuf/google/protobuf/struct_pb"])
                expect([file, from, await findings(file, `import "${from}";\n`)]).toEqual([
                    file,
                    from,
                    ["1 no-restricted-imports"],
                ]);
        expect(await findings("provider/dynamic/results.ts", `import "@pulumi/pulumi";\n`)).toEqual([]);
        expect(await findings("provider/cli/main.ts", `import "../../emulator/index";\n`)).toContain("1 no-restricted-imports");
    });
});
