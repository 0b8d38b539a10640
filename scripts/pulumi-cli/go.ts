/**
 * Running the go command the way every Go build of this repository does (the Pulumi CLI in
 * build.ts, the SDK generator in scripts/sdkgen): the machine's own toolchain, modules exactly as
 * go.sum pins them, static binaries, and progress while a cold build works for minutes.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** A Go build failed; the message says what to do, naming the command to re-run. */
export class GoBuildFailure extends Error {}
/** Go itself is missing: the one failure a caller may turn into a loud skip outside CI. */
export class NoGo extends GoBuildFailure {}

/** `go1.26.8` → [1, 26, 8]. */
const versionParts = (text: string) => (text.match(/\d+/g) ?? []).map(Number);
const atLeast = (have: number[], need: number[]) => {
    for (let i = 0; i < need.length; i++) if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i]!;
    return true;
};

/**
 * The go command's version, refused when Go is missing or older than one of `goMods` asks.
 * `command` is what the user re-runs once Go is there (`npm run pulumi-cli`).
 */
export function checkGo(goMods: readonly { name: string; file: string }[], command: string): string {
    const found = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8" });
    if (found.error || found.status !== 0)
        throw new NoGo(
            `Go is not installed (no \`go\` command on PATH), and \`${command}\` compiles Go programs: ` +
                `install Go (the golang package of your distribution, or https://go.dev/dl/) and re-run \`${command}\`.`,
        );
    const have = found.stdout.trim();
    for (const { name, file } of goMods) {
        const need = /^go (\S+)$/m.exec(readFileSync(file, "utf8"))?.[1] ?? "0";
        if (!atLeast(versionParts(have), versionParts(need)))
            throw new GoBuildFailure(
                `${name} needs Go ${need} or newer; this machine has ${have}. Install a newer Go and re-run \`${command}\`.`,
            );
    }
    return have;
}

/** The environment of every go command: no toolchain download, modules exactly as go.sum pins them, static binaries. */
export const goEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    GOTOOLCHAIN: "local",
    GOFLAGS: "-mod=readonly",
    // Static binaries, as Pulumi's release builds are.
    CGO_ENABLED: "0",
});

/** `3m07s`: the time since `started`. */
export const clock = (started: number) => {
    const s = Math.round((Date.now() - started) / 1000);
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
};

/** How runGo reports progress, and the command named in its failure messages. */
export interface GoRun {
    say: (text: string) => void;
    command: string;
    env?: NodeJS.ProcessEnv;
}

/**
 * Runs one go command in `cwd`, printing a progress line every 20 s (the packages compiled so far,
 * from `-v`) so a cold build never looks hung. Fails with the end of go's output.
 */
export function runGo(label: string, args: string[], cwd: string, { say, command, env = goEnv() }: GoRun): Promise<void> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn("go", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let packages = 0;
        const tail: string[] = [];
        const take = (chunk: Buffer) => {
            for (const line of chunk.toString("utf8").split("\n")) {
                if (!line.trim()) continue;
                if (/^[\w.-]+(\/[\w.@~+-]+)*$/.test(line.trim())) packages++;
                tail.push(line);
                if (tail.length > 40) tail.shift();
            }
        };
        child.stdout.on("data", take);
        child.stderr.on("data", take);
        const ticker = setInterval(
            () => say(`  … ${label}: ${packages > 0 ? `${packages} packages compiled, ` : ""}${clock(started)}`),
            20_000,
        );
        child.on("error", (error) => {
            clearInterval(ticker);
            reject(new GoBuildFailure(`${label}: could not run go: ${error.message}`));
        });
        child.on("close", (code) => {
            clearInterval(ticker);
            if (code === 0) {
                say(`  ✓ ${label} (${clock(started)})`);
                resolve();
                return;
            }
            reject(new GoBuildFailure(goFailure(label, code, tail.join("\n"), command)));
        });
    });
}

function goFailure(label: string, code: number | null, output: string, command: string): string {
    const proxy = process.env.GOPROXY || "https://proxy.golang.org";
    const unreachable = /dial tcp|no such host|i\/o timeout|403 Forbidden|404 Not Found|connection refused/.test(output);
    return (
        `${label} failed (go exited with ${code}).\n${output}\n` +
        (unreachable
            ? `The Go module proxy (${proxy}) could not serve a module above: check the network and GOPROXY, then re-run \`${command}\`.`
            : `See go's output above; re-run \`${command}\` after fixing it.`)
    );
}
