/**
 * `npm run pulumi-cli`: compiles the real Pulumi CLI and its YAML language host from their Go
 * modules (the release in release.ts), adds the dynamic-provider launcher from @pulumi/pulumi, and
 * keeps the result in one cached folder under the user's cache directory. A second run finds the
 * folder and takes well under a second; a cold build takes many minutes on two cores, so the go
 * command's progress is reported as it works. Nothing downloaded or built is written into the checkout.
 *
 * The language hosts for Node.js, Python and Go (`pulumi-language-nodejs` …) are Go modules
 * without tags, published only at commit pseudo-versions, and the module proxy these machines reach
 * serves none of them. So programs run under this CLI through each SDK's own language server, the
 * one its Automation API starts for inline programs (node-program.ts, python-program.py,
 * go-program.ts), and code generation (`pulumi package gen-sdk`, `pulumi import` in TypeScript)
 * through scripts/sdkgen/codegen-host, the hosts' code-generation methods over pkg/codegen.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseScriptArgs } from "../script-args";
import { checkGo, clock, GoBuildFailure, NoGo, runGo } from "./go";
import {
    BINARIES,
    BUILD_COMMAND,
    DYNAMIC_PROVIDER_LAUNCHER,
    PULUMI_RELEASE,
    SOURCE_DIR,
    STAMP,
    YAML_RELEASE,
    cliDir,
    locatePulumiCli,
    type GoBinary,
} from "./release";
import { repoRoot } from "../repo-root";

const USAGE = `Usage: ${BUILD_COMMAND} [-- --force] [--print-dir] [--when-go]

Builds the Pulumi CLI v${PULUMI_RELEASE} and pulumi-language-yaml v${YAML_RELEASE} from their Go modules
into ${cliDir()}
(once; later runs reuse it). Needs Go and the Go module proxy.

  --force      rebuild even when the cached folder is complete
  --print-dir  print only the folder on stdout (after building it if needed), for scripts
  --when-go    where Go is missing outside CI, say so loudly and exit 0 (npm run test:cli then
               skips its tests, naming this command); in CI (CI=true) a missing Go still fails`;

/** The go.mod of every binary, for checkGo's version check. */
const goMods = () => BINARIES.map((b) => ({ name: b.name, file: path.join(SOURCE_DIR, "modules", b.module, "go.mod") }));

/** The @pulumi/pulumi version package-lock.json pins, which the CLI release should match. */
function lockedSdkVersion(): string | undefined {
    const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
    return lock.packages?.["node_modules/@pulumi/pulumi"]?.version;
}

const go = (label: string, args: string[], cwd: string) => runGo(label, args, cwd, { say, command: BUILD_COMMAND });

async function buildBinary(binary: GoBinary, into: string): Promise<void> {
    const cwd = path.join(SOURCE_DIR, "modules", binary.module);
    await go(`download the modules of ${binary.name}`, ["mod", "download"], cwd);
    const ldflags = `-s -w -X ${binary.versionFlag}`;
    await go(
        `compile ${binary.name}`,
        ["build", "-v", "-trimpath", "-ldflags", ldflags, "-o", path.join(into, binary.name), binary.pkg],
        cwd,
    );
}

/** Copies @pulumi/pulumi's launcher of the dynamic-provider host beside the CLI, where the engine looks for it. */
function addLauncher(into: string): void {
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] }));
    const source = path.join(sdk, DYNAMIC_PROVIDER_LAUNCHER);
    if (!existsSync(source))
        throw new GoBuildFailure(`@pulumi/pulumi at ${sdk} has no ${DYNAMIC_PROVIDER_LAUNCHER}: run npm ci first.`);
    copyFileSync(source, path.join(into, DYNAMIC_PROVIDER_LAUNCHER));
    chmodSync(path.join(into, DYNAMIC_PROVIDER_LAUNCHER), 0o755);
}

/** `pulumi version` of the new build, which must be the release asked for. */
function checkVersion(into: string): string {
    const result = spawnSync(path.join(into, "pulumi"), ["version"], {
        encoding: "utf8",
        env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_HOME: path.join(into, ".home") },
    });
    rmSync(path.join(into, ".home"), { recursive: true, force: true });
    const printed = result.stdout.trim();
    if (printed !== `v${PULUMI_RELEASE}`)
        throw new GoBuildFailure(`the built pulumi reports ${JSON.stringify(printed)}, not v${PULUMI_RELEASE}`);
    return printed;
}

/** Progress goes to stderr under --print-dir, so stdout carries only the folder. */
let say: (text: string) => void = (text) => console.log(text);

async function build(): Promise<string> {
    const goVersion = checkGo(goMods(), BUILD_COMMAND);
    const locked = lockedSdkVersion();
    if (locked !== PULUMI_RELEASE)
        console.warn(
            `⚠ package-lock.json pins @pulumi/pulumi ${locked}, this builder the CLI v${PULUMI_RELEASE}: ` +
                "the SDK and the engine then come from different releases. Update PULUMI_RELEASE in scripts/pulumi-cli/release.ts.",
        );
    const dir = cliDir();
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const started = Date.now();
    say(`Building the Pulumi CLI v${PULUMI_RELEASE} and pulumi-language-yaml v${YAML_RELEASE} with ${goVersion} into ${dir}`);
    say("A cold build downloads about 300 modules and compiles for many minutes; later runs reuse the folder.");
    try {
        for (const binary of BINARIES) await buildBinary(binary, partial);
        addLauncher(partial);
        const version = checkVersion(partial);
        const stamp = {
            pulumi: version,
            yaml: `v${YAML_RELEASE}`,
            go: goVersion,
            builtAt: new Date().toISOString(),
            seconds: Math.round((Date.now() - started) / 1000),
        };
        writeFileSync(path.join(partial, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
        rmSync(dir, { recursive: true, force: true });
        renameSync(partial, dir);
    } catch (error) {
        rmSync(partial, { recursive: true, force: true });
        throw error;
    }
    say(`Built in ${clock(started)}.`);
    return dir;
}

async function main(): Promise<number> {
    const flags = parseScriptArgs(USAGE, {
        force: { type: "boolean", default: false },
        "print-dir": { type: "boolean", default: false },
        "when-go": { type: "boolean", default: false },
    });
    if (flags === undefined) return 0;
    const quiet = flags["print-dir"] === true;
    if (quiet) say = (text) => console.error(text);
    try {
        const cached = flags.force === true ? undefined : locatePulumiCli();
        const dir = cached?.dir ?? (await build());
        if (quiet) console.log(dir);
        else {
            if (cached) console.log(`The Pulumi CLI v${PULUMI_RELEASE} is built already (cached): ${dir}`);
            console.log(`To use it in a shell: export PATH="${dir}:$PATH"`);
        }
        return 0;
    } catch (error) {
        if (error instanceof NoGo && flags["when-go"] === true && !process.env.CI) {
            console.warn(`\n⚠ SKIPPING the real-CLI suite: ${error.message}\n`);
            return 0;
        }
        console.error(`✗ ${error instanceof GoBuildFailure ? error.message : String(error)}`);
        return 1;
    }
}

main().then((code) => process.exit(code));
