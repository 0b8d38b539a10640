/**
 * The plugin as an installed plugin package under the real Pulumi CLI: `npm run plugin-package`'s
 * tarball, `pulumi plugin install resource tencent-chat <version> --file` into the project's
 * PULUMI_HOME, then examples/yaml-manifest with no `plugins` section through up and destroy.
 * (The other way in, `plugins.providers[].path`, is what plugin-yaml.test.ts and
 * yaml-manifest.test.ts run.)
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildPluginPackage } from "../../scripts/plugin-package/main";
import { repoRoot } from "../support/dist";
import { builtCli, CliProject } from "./support";

const cli = builtCli("installed plugin package");
const EXAMPLE = path.join(repoRoot, "examples/yaml-manifest");
const VERSION = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version as string;

describe.skipIf(!cli)("the plugin installed with pulumi plugin install --file", () => {
    let project: CliProject | undefined;
    afterEach(async () => {
        await project?.dispose();
        project = undefined;
    });

    it("installs offline from the tarball and serves a YAML program that names no plugin path", async () => {
        const source = readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8");
        const program = source.replace(/^plugins:\n(?:  .*\n|\s*\n)*/m, "");
        expect(program).not.toContain("plugins:");
        project = new CliProject(cli!, program);
        copyFileSync(path.join(EXAMPLE, "channels.yaml"), path.join(project.dir, "channels.yaml"));
        const tarball = buildPluginPackage(repoRoot, project.scratch("package"));
        expect(path.basename(tarball)).toBe(`pulumi-resource-tencent-chat-v${VERSION}-linux-amd64.tar.gz`);
        const entries = execFileSync("tar", ["-tzf", tarball], { maxBuffer: 64 << 20 })
            .toString()
            .split("\n");
        // No PulumiPlugin.yaml: the CLI would then need the nodejs language host to npm install at install time.
        expect(entries).toContain("./pulumi-resource-tencent-chat");
        expect(entries.filter((e) => e.endsWith("PulumiPlugin.yaml"))).toEqual([]);
        expect(entries).toContain("./node_modules/@pulumi/pulumi/package.json");

        const app = await project.emulator({ sdkAppId: 1400000000, users: ["ops"] });
        await project.ok("stack", "init", "dev");
        await project.ok("config", "set", "endpoint", app.url);
        await project.ok("config", "set", "--secret", "secretKey", app.settings.secretKey);
        // Before the install nothing provides tencent-chat: what runs below is the installed package.
        const before = await project.run(["preview"]);
        expect(before.status, before.output).not.toBe(0);
        expect(before.output).toContain("tencent-chat");

        await project.ok("plugin", "install", "resource", "tencent-chat", VERSION, "--file", tarball);
        expect(await project.ok("plugin", "ls")).toMatch(
            new RegExp(`tencent-chat\\s+resource\\s+${VERSION.replace(/\./g, "\\.")}`),
        );
        const up = await project.ok("up", "--yes");
        expect(up).toMatch(/\+ 5 created/);
        // The engine creates the children in parallel: their order on the emulator is not fixed.
        expect(
            app
                .channels()
                .map((c) => c.channelId)
                .sort(),
        ).toEqual(["@TOA#_engineering", "@TOA#_news"]);
        await project.ok("preview", "--expect-no-changes");
        expect(await project.ok("destroy", "--yes")).toMatch(/- 5 deleted/);
        expect(app.channels()).toEqual([]);
    }, 600_000);
});
