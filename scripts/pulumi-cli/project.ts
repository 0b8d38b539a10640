/**
 * A temp Pulumi project for the CLI that `npm run pulumi-cli` built: a file backend, its own
 * PULUMI_HOME, a passphrase and every offline setting, and the emulators it talks to (started in
 * this process). Commands are spawned asynchronously, since the emulators answer from this
 * process's event loop while `pulumi` runs. Used by the real-CLI suite (test/cli-e2e), the
 * bench's --cli scenarios and the demo's CLI mode.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator/index";

import { repoRoot } from "../repo-root";

/** The compiled runner that serves a Node.js program to the CLI over --client (scripts/pulumi-cli/node-program.ts). */
const NODE_PROGRAM = path.join(repoRoot, "dist/scripts/pulumi-cli/node-program.js");

/** What one command printed and how it ended. */
export interface CommandResult {
    status: number;
    stdout: string;
    stderr: string;
    /** stdout and stderr together, for messages. */
    output: string;
}

/**
 * A runner that serves a program to the CLI over `--client` and runs `pulumi` itself:
 * `<command> <args…> -- <pulumi arguments…>` (node-program.ts, python-program.py, go-program.ts).
 */
export interface ProgramRunner {
    command: string;
    args: string[];
}

/** A compiled Node.js program is served by node-program.ts; Python and Go bring their own runner. */
function runnerOf(program: string | ProgramRunner | undefined): ProgramRunner | undefined {
    return typeof program === "string" ? { command: process.execPath, args: [NODE_PROGRAM, program] } : program;
}

/**
 * Commands that run the program, and so go through the program runner when the project has one
 * (each takes `--client`). `import` does not run it: it asks the project's language host for code.
 */
const RUNS_PROGRAM = new Set(["preview", "up", "update", "refresh", "destroy"]);

/**
 * The environment every real-CLI command runs in: the built CLI first on PATH, its own PULUMI_HOME,
 * and nothing fetched from the network (no update check, plugin download or registry look-up).
 */
export function offlinePulumiEnv(cliDir: string, pulumiHome: string): NodeJS.ProcessEnv {
    return {
        ...process.env,
        PATH: `${cliDir}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: pulumiHome,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
        npm_config_audit: "false",
        npm_config_fund: "false",
    };
}

/** A temp Pulumi project with its own backend and PULUMI_HOME, and the emulators it talks to. */
export class CliProject {
    readonly dir: string;
    private readonly root: string;
    private env: NodeJS.ProcessEnv;
    private readonly emulators: EmulatorHandle[] = [];
    private runner: ProgramRunner | undefined;

    /**
     * @param cliDir the built CLI's folder (put first on PATH)
     * @param pulumiYaml the project file's text
     * @param program a compiled Node.js program (CommonJS) for `runtime: nodejs` projects, served
     *   by node-program.ts, or the runner of a Python or Go program (languages.ts); leave it out
     *   where the CLI has a language host of its own for the project's runtime (YAML)
     * @param under the folder to make the project's temp folder in (the OS temp dir by default)
     */
    constructor(cliDir: string, pulumiYaml: string, program?: string | ProgramRunner, under = tmpdir()) {
        this.runner = runnerOf(program);
        this.root = mkdtempSync(path.join(under, "tencent-chat-cli-"));
        this.dir = path.join(this.root, "project");
        const backend = path.join(this.root, "backend");
        mkdirSync(this.dir);
        mkdirSync(backend);
        writeFileSync(path.join(this.dir, "Pulumi.yaml"), pulumiYaml);
        // The project resolves @pulumi/pulumi and pulumi-tencent-chat by name, as a user's does.
        symlinkSync(path.join(repoRoot, "node_modules"), path.join(this.dir, "node_modules"), "dir");
        this.env = {
            ...offlinePulumiEnv(cliDir, path.join(this.root, "home")),
            PULUMI_BACKEND_URL: `file://${backend}`,
            PULUMI_CONFIG_PASSPHRASE: "real-cli-suite",
            PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        };
    }

    /** A file path in the project's temp folder, beside (not inside) the project directory. */
    scratch(name: string): string {
        return path.join(this.root, name);
    }

    /**
     * Switches the Node.js program later commands run (undefined: none, for a project file whose
     * runtime the CLI runs itself, e.g. a stack moving from a TypeScript program to Pulumi YAML).
     */
    setProgram(program: string | ProgramRunner | undefined): void {
        this.runner = runnerOf(program);
    }

    /** Adds environment variables for every later command. */
    setEnv(vars: Record<string, string>): void {
        this.env = { ...this.env, ...vars };
    }

    /** Stops the emulators started so far (each writes its state file, if it has one). */
    async stopEmulators(): Promise<void> {
        await Promise.all(this.emulators.splice(0).map((e) => e.stop()));
    }

    /** Copies a file or folder into the project. */
    copyIn(source: string, as = path.basename(source)): void {
        cpSync(source, path.join(this.dir, as), { recursive: true });
    }

    /** Links a folder into the project (the program's `main` may point into it). */
    linkIn(source: string, as = path.basename(source)): void {
        symlinkSync(source, path.join(this.dir, as), "dir");
    }

    /** Starts an emulator that lives as long as the project. */
    async emulator(options: EmulatorOptions): Promise<EmulatorHandle> {
        const emulator = await startEmulator(options);
        this.emulators.push(emulator);
        return emulator;
    }

    /**
     * Runs `pulumi <args>` (through the program runner for commands that run the program).
     * `echo` also streams its output to this process's, as it comes, for a person watching.
     */
    run(args: string[], { timeoutMs = 240_000, echo = false } = {}): Promise<CommandResult> {
        const runner = RUNS_PROGRAM.has(args[0]!) ? this.runner : undefined;
        const [command, argv] = runner
            ? [runner.command, [...runner.args, "--", ...args, "--non-interactive"]]
            : ["pulumi", [...args, "--non-interactive"]];
        return new Promise((resolve) => {
            const child = spawn(command, argv, { cwd: this.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (chunk: Buffer) => {
                stdout += chunk.toString("utf8");
                if (echo) process.stdout.write(chunk);
            });
            child.stderr.on("data", (chunk: Buffer) => {
                stderr += chunk.toString("utf8");
                if (echo) process.stderr.write(chunk);
            });
            const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
            child.on("close", (status) => {
                clearTimeout(timer);
                resolve({ status: status ?? 128, stdout, stderr, output: `${stdout}\n${stderr}` });
            });
        });
    }

    /** Runs `pulumi <args>` and fails, with its output, unless it exits 0. */
    async ok(...args: string[]): Promise<string> {
        const result = await this.run(args);
        if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} exited with ${result.status}:\n${result.output}`);
        return result.output;
    }

    /** `pulumi stack init`, then the stack config of the default provider for `emulator` (its key as a secret). */
    async initStack(stack: string, emulator: EmulatorHandle): Promise<void> {
        await this.ok("stack", "init", stack);
        await this.ok("config", "set", "tencent-chat:sdkAppId", String(emulator.settings.sdkAppId));
        await this.ok("config", "set", "--secret", "tencent-chat:secretKey", emulator.settings.secretKey);
        await this.ok("config", "set", "tencent-chat:endpoint", emulator.url);
    }

    /** Stops the emulators and removes every file the project wrote. */
    async dispose(): Promise<void> {
        await this.stopEmulators();
        rmSync(this.root, { recursive: true, force: true });
    }
}
