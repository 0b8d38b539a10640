/** `npm run demo` without the Pulumi CLI: the root program through the real dynamic-provider host. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

describe("npm run demo (no Pulumi CLI)", () => {
    const run = () =>
        spawnSync(process.execPath, ["dist/scripts/demo/main.js", "--mode", "host"], {
            cwd: repoRoot,
            encoding: "utf8",
            timeout: 60_000,
        });

    it("creates the manifest's channels, shows console drift, restores it and leaves zero channels", () => {
        const result = run();
        const output = result.stdout + result.stderr;
        expect(result.status, output).toBe(0);
        expect(output).toContain("runs the same root program through");
        expect(output).toMatch(/\+\s+create\s+@TOA#_news/);
        // an up with nothing changed costs nothing
        expect(output).toMatch(/nothing to do\n\s+3 same\n\s+API calls: none/);
        // refresh reads all three channels in one batched call and shows the console's edit, field by field
        expect(output).toMatch(/drift\s+@TOA#_news\n(\s+\w+: .*\n)*\s+name: "Company News" → "Renamed in the console"/);
        expect(output).toMatch(/1 drift, 2 in sync\n\s+API calls: get_official_account_info ×1\n/);
        // the next up puts the manifest's values back
        expect(output).toMatch(/update\s+@TOA#_news\n(\s+\w+: .*\n)*\s+name: "Renamed in the console" → "Company News"/);
        expect(output).toContain('@TOA#_news is back to name="Company News" on Tencent');
        expect(output).toContain("Channels left on the emulator: 0");
        expect(output).not.toContain("✗");
    });
});
