/** What every `tencent-chat` command shares: its shape, exit codes, output, and the client from the environment. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { ChatClient } from "../api/types";
import { SettingsError, resolveClientOptions } from "../config";

export const EXIT = { ok: 0, error: 1, drift: 2 } as const;

/** Where a command writes, and the environment it reads settings from (tests pass their own). */
export interface Io {
    out(text: string): void;
    err(text: string): void;
    env: NodeJS.ProcessEnv;
}

export interface Command {
    name: string;
    /** One line for the top-level help. */
    summary: string;
    /** The full `--help` text. */
    help: string;
    run(argv: string[], io: Io): Promise<number>;
}

/** A problem with how the command was called: printed with a pointer to `--help`, exit 1. */
export class UsageError extends Error {
    override name = "UsageError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `--help`/`-h` anywhere before `--`: main prints the command's help instead of running it. */
export function wantsHelp(argv: readonly string[]): boolean {
    const end = argv.indexOf("--");
    return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

/** parseArgs for one command; unknown options and wrong positional counts are UsageErrors. */
export function parseCommandArgs(
    argv: string[],
    options: Options,
    positionals: string[],
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (parsed.positionals.length !== positionals.length) {
        const expected = positionals.map((p) => `<${p}>`).join(" ") || "no arguments";
        throw new UsageError(`expected ${expected}, got ${parsed.positionals.length === 0 ? "none" : parsed.positionals.map((p) => JSON.stringify(p)).join(" ")}`);
    }
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

let connected = false;

/**
 * A client from the TENCENT_CHAT_* variables; a SettingsError says which are missing. The HTTP
 * stack is loaded here, not at start-up, so the offline commands and --help start fast.
 */
export function clientFromEnv(env: NodeJS.ProcessEnv): ChatClient {
    try {
        const settings = resolveClientOptions(() => undefined, env);
        const { createChatClient } = require("../api/client") as typeof import("../api/client");
        connected = true;
        return createChatClient(settings);
    } catch (error) {
        if (error instanceof SettingsError) {
            // The shared message also names `pulumi config set`; outside a stack only the variables count.
            throw new SettingsError(`${error.message}\n(The tencent-chat CLI reads only the TENCENT_CHAT_* environment variables.)`);
        }
        throw error;
    }
}

/** The program lookups, loaded on use: the client and its HTTP stack are not needed for --help. */
export const lookups = () => require("../lookups") as typeof import("../lookups");

/** Closes keep-alive connections, which would otherwise hold the process open after the answer. */
export async function releaseConnections(): Promise<void> {
    if (connected) await (require("../api/transport") as typeof import("../api/transport")).closeAllPools();
}

/** Text for a value in drift lines and tables: strings quoted, so "" and " " are visible. */
export const show = (value: unknown): string => JSON.stringify(value ?? "");
