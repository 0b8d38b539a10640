/** `npm run demo` without the Pulumi CLI: the root program through the real dynamic-provider host. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

describe("npm run demo (no Pulumi CLI)", () => {
    const run = () =>
        spawnSync(process.execPath, ["dist/scripts/demo/main.js", "--mode", "host"], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });

    it("creates the manifest's channels, shows console drift, restores it and leaves zero channels", () => {
        const result = run();
        const output = result.stdout + result.stderr;
        expect(result.status, output).toBe(0);
        expect(output).toContain("runs the same root program through");
        expect(output).toMatch(/\+\s+create\s+@TOA#_news/);
        // refresh shows the console's edit, field by field
        expect(output).toMatch(/drift\s+@TOA#_news\s*\n\s+name: "Company News" → "Renamed in the console"/);
        // the next up puts the manifest's values back
        expect(output).toMatch(/update\s+@TOA#_news\s*\n\s+(introduction|name): /);
        expect(output).toContain("Channels left on the emulator: 0");
        expect(output).not.toContain("✗");
    });
});
