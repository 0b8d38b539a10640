/**
 * `pulumi import` in a TypeScript project under the real Pulumi CLI: the engine reads a console-made
 * channel through the plugin with only its ID, writes PCL, and asks the project's language host for
 * TypeScript. That host is scripts/sdkgen/codegen-host (Pulumi's nodejs program generator at the CLI's
 * release, wrapped as the released pulumi-language-nodejs wraps it; the released binary cannot be
 * built here, see its main.go), named in the project's `plugins.languages`, as a user names a local
 * language plugin. The generated file is then compiled with tsc, strict, and run as the program:
 * `preview --expect-no-changes` proves the code matches the channel.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PLUGIN_DIR } from "../../scripts/engine/plugin-host";
import { codegenHostDir } from "../../scripts/sdkgen/generate";
import { repoRoot } from "../support/dist";
import { importConsoleChannel } from "./sequence";
import { builtCli, CliProject } from "./support";

const cli = builtCli("pulumi import with TypeScript code");

const projectFile = (languageHost: string) => `name: chat-ts-import
runtime: nodejs
plugins:
  providers:
    - name: tencent-chat
      path: ${PLUGIN_DIR}
  languages:
    - name: nodejs
      path: ${languageHost}
`;

/** What `pulumi new typescript` writes today (nodenext), strict, no skipLibCheck. */
const TSCONFIG = {
    compilerOptions: { strict: true, target: "es2020", module: "nodenext", moduleResolution: "nodenext", outDir: "bin" },
    files: ["index.ts"],
};

describe.skipIf(!cli)("pulumi import under the real Pulumi CLI, TypeScript code", () => {
    let languageHost: string;
    let project: CliProject | undefined;
    beforeAll(async () => {
        languageHost = await codegenHostDir("npm run test:cli", () => undefined);
    }, 600_000);
    afterEach(async () => {
        await project?.dispose();
        project = undefined;
    });

    it("imports a console-made channel: TypeScript that compiles, then no changes, then it is managed", async () => {
        project = new CliProject(cli!, projectFile(languageHost));
        const emulator = await project.emulator({ users: ["ops", "u1"] });
        await project.initStack("dev", emulator);
        const indexTs = path.join(project.dir, "index.ts");
        await importConsoleChannel(project, emulator, indexTs, { customString: "team=ops" });
        const code = readFileSync(indexTs, "utf8");
        expect(code).toContain('import * as tencent_chat from "pulumi-tencent-chat/plugin-sdk";');
        expect(code).toContain('new tencent_chat.OfficialChannel("consoleChannel", {');
        for (const line of [
            'channelId: "@TOA#_console"',
            'name: "Made in the console"',
            'owner: "ops"',
            'customString: "team=ops"',
        ])
            expect(code).toContain(line);
        expect(code).toMatch(/protect: true/);

        writeFileSync(path.join(project.dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
        const tsc = spawnSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", project.dir], {
            encoding: "utf8",
        });
        expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).toBe(0);
        project.setProgram(path.join(project.dir, "bin/index.js"));
        await project.ok("preview", "--expect-no-changes");
        await project.ok("refresh", "--yes", "--expect-no-changes");

        // Imported resources are protected; once unprotected, the stack manages the channel to the end.
        await project.ok("state", "unprotect", "--all", "--yes");
        await project.ok("destroy", "--yes");
        expect(emulator.channels()).toEqual([]);
    }, 600_000);
});
