/**
 * Output stays bounded whatever the input: a 5,000-character path, a 5,000-character key, a
 * 5,000-character option and a generated manifest with thousands of problems are each shown cut, with
 * their size or the count of what was left out. Runs main() from dist in-process (offline commands).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

type Main = typeof import("../../provider/cli/main");
type Subscribed = typeof import("../../provider/cli/commands/subscribed");
type Load = typeof import("../../provider/manifest/load");
const { main } = require(path.join(repoRoot, "dist/provider/cli/main.js")) as Main;
const { renderTable } = require(path.join(repoRoot, "dist/provider/cli/commands/subscribed.js")) as Subscribed;
const { loadManifest } = require(path.join(repoRoot, "dist/provider/manifest/load.js")) as Load;

let dir: string;
beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "tencent-chat-bounded-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { out: (text) => (stdout += text), err: (text) => (stderr += text), env: {} });
    return { code, stdout, stderr };
}

const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
};

describe("bounded output", () => {
    it("cuts a 5,000-character path to 200 characters with its size", async () => {
        const long = "a/".repeat(2_500);
        const result = await run(["validate", long]);
        const shown = `${"a/".repeat(100)}… (5,000 bytes in all)`;
        // Before: the 5,000 characters, twice.
        expect(result).toEqual({
            code: 1,
            stdout: `${shown}: cannot read the manifest: the path or one of its names is too long (ENAMETOOLONG)\n`,
            stderr: `${shown}: 1 problem\n`,
        });
    });

    it("lists the first 100 of 5,000 problems and counts the rest", async () => {
        // The file had 90,000 (9.3 MB printed); 5,000 show the same bound in a fraction of the time.
        const file = write("generated.yaml", `channels:\n${"  - 1\n".repeat(5_000)}`);
        const result = await run(["validate", file]);
        expect(result.code).toBe(1);
        const lines = result.stdout.trimEnd().split("\n");
        // Before: one line per problem.
        expect(lines).toHaveLength(101);
        expect(lines[0]).toBe(`${file}:2:5: channels[0]: must be a mapping of channel fields (got number 1)`);
        expect(lines[100]).toBe("… and 4,900 more problems");
        expect(result.stderr).toBe(`${file}: 5,000 problems\n`);
        // The error a program gets is bounded the same way, and still holds every problem as data.
        let error: Error & { problems?: unknown[] } = new Error("accepted");
        try {
            loadManifest(file);
        } catch (thrown) {
            error = thrown as typeof error;
        }
        expect(error.problems).toHaveLength(5_000);
        expect(error.message.split("\n")).toHaveLength(102);
        expect(error.message.split("\n")[0]).toBe(`Channel manifest ${file} has 5,000 problems:`);
        expect(error.message.split("\n")[101]).toBe("… and 4,900 more problems");
    });

    it("quotes and cuts a 1,000-character unknown key in the problem's path", async () => {
        // YAML allows implicit keys up to 1,024 characters.
        const key = "k".repeat(1_000);
        const file = write("long-key.yaml", `channels:\n  - channelId: "@TOA#_x"\n    owner: ops\n    name: n\n    ${key}: 1\n`);
        const result = await run(["validate", file]);
        expect(result.stdout).toBe(
            `${file}:5:5: channels[0]["${"k".repeat(80)}…" (1,000 bytes in all)]: unknown key; expected one of \`channelId\`, \`owner\`, \`name\`, \`introduction\`, \`faceUrl\`, \`maxSubscribers\`, \`organization\`, \`customString\`, \`adopt\`, \`allowReplace\`\n`,
        );
    });

    it("cuts an unknown 5,000-character option in the usage error", async () => {
        const result = await run(["validate", `--${"x".repeat(5_000)}`]);
        expect(result.code).toBe(1);
        expect(result.stderr.length).toBeLessThan(500);
        // parseArgs quotes the option twice (10,136 bytes); the first 300 characters are kept.
        expect(result.stderr).toBe(
            `tencent-chat validate: Unknown option '--${"x".repeat(282)}… (10,136 bytes in all). See tencent-chat validate --help.\n`,
        );
    });

    it("cuts a channel name from Tencent in the subscribed table", () => {
        const table = renderTable("u1", [{ channelId: "@TOA#_x", name: "N".repeat(5_000), self: { subscribeTime: 0 } }]);
        expect(table.split("\n")[1]).toBe(`@TOA#_x  ${"N".repeat(80)}… (5,000 bytes in all)  -`);
    });
});
