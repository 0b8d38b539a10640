/**
 * Upgrade test, as providertest runs one: a stack written by an earlier release of this package
 * (its `pulumi stack export` and the emulator state it left, under test/fixtures/upgrade/), imported
 * into a new stack and previewed with today's build: no changes, for dynamic and plugin resources.
 *
 * To record new fixtures with the code checked out now (when cutting a release):
 * `TENCENT_CHAT_RECORD_UPGRADE=<version> npm run test:cli -- test/cli-e2e/upgrade.test.ts`.
 * Settings come from the TENCENT_CHAT_* variables, so the stack export holds no secret of its own.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PLUGIN_DIR } from "../../scripts/engine/plugin-host";
import { repoRoot } from "../support/dist";
import { builtCli, CliProject } from "./support";

const cli = builtCli("upgrade from an earlier release's state");
const FIXTURES = path.join(repoRoot, "test/fixtures/upgrade");
const recording = process.env.TENCENT_CHAT_RECORD_UPGRADE;
const releases = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((name) => /^\d+\.\d+\.\d+$/.test(name)) : [];

/** The two programs every release's fixture holds: name → Pulumi.yaml and the Node.js program (if any). */
const PROGRAMS: Record<string, { yaml: string; program?: string }> = {
    dynamic: {
        yaml: "name: tencent-chat-typescript-program\nruntime: nodejs\n",
        program: path.join(repoRoot, "dist/examples/typescript-program/index.js"),
    },
    plugin: {
        yaml: `name: tencent-chat-upgrade-yaml
runtime: yaml
plugins:
  providers:
    - name: tencent-chat
      path: ${PLUGIN_DIR}
resources:
  news:
    type: tencent-chat:index:OfficialChannel
    properties:
      channelId: "@TOA#_news"
      owner: ops
      name: Company News
      maxSubscribers: 50000
  alerts:
    type: tencent-chat:index:OfficialChannel
    properties:
      owner: ops
      name: Alerts
  newsU1:
    type: tencent-chat:index:ChannelSubscription
    properties:
      channelId: \${news.channelId}
      userId: u1
      customString: vip
`,
    },
};

describe.skipIf(!cli)("state written by an earlier release, under today's build", () => {
    let project: CliProject | undefined;
    afterEach(async () => {
        await project?.dispose();
        project = undefined;
    });

    /**
     * A project for one program whose settings come from the environment, against an emulator
     * whose state starts as `initialState` (a fixture's; copied, since the emulator writes it back).
     */
    async function projectFor(kind: string, initialState?: string) {
        const { yaml, program } = PROGRAMS[kind]!;
        project = new CliProject(cli!, yaml, program);
        const statePath = project.scratch("emulator.json");
        if (initialState) copyFileSync(initialState, statePath);
        const emulator = await project.emulator({ users: ["ops", "u1"], statePath });
        project.setEnv({
            TENCENT_CHAT_SDKAPPID: String(emulator.settings.sdkAppId),
            TENCENT_CHAT_SECRET_KEY: emulator.settings.secretKey,
            TENCENT_CHAT_ENDPOINT: emulator.url,
        });
        await project.ok("stack", "init", "upgrade");
        return { project, emulator, statePath };
    }

    if (recording !== undefined)
        it(`records this checkout's state as release ${recording}'s fixture`, async () => {
            const into = path.join(FIXTURES, recording!);
            mkdirSync(into, { recursive: true });
            for (const kind of Object.keys(PROGRAMS)) {
                const { project, statePath } = await projectFor(kind);
                await project.ok("up", "--yes");
                await project.ok("stack", "export", "--file", path.join(into, `${kind}.stack.json`));
                await project.stopEmulators();
                copyFileSync(statePath, path.join(into, `${kind}.emulator.json`));
                await project.dispose();
            }
        });

    for (const release of releases)
        for (const kind of Object.keys(PROGRAMS))
            it(`${kind} resources from ${release}: stack import, then preview --expect-no-changes and a no-op refresh`, async () => {
                const fixture = path.join(FIXTURES, release);
                const { project, emulator } = await projectFor(kind, path.join(fixture, `${kind}.emulator.json`));
                const before = JSON.stringify(emulator.channels());
                await project.ok("stack", "import", "--file", path.join(fixture, `${kind}.stack.json`));
                await project.ok("preview", "--expect-no-changes", "--diff");
                await project.ok("refresh", "--yes", "--expect-no-changes");
                await project.ok("up", "--yes", "--expect-no-changes");
                expect(JSON.stringify(emulator.channels())).toBe(before);
                await project.ok("destroy", "--yes");
                expect(emulator.channels()).toEqual([]);
            });
});
