/** What every `tencent-chat` command shares: its shape, exit codes, output, and the client from the environment. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { clip, echo, REMOTE_TEXT_LIMIT, safeText } from "../tencent/display";
import { redact } from "../tencent/redact";
import type { ChatClient } from "../api/types";
import { forEnvironmentUsers, resolveClientOptions } from "../config";

/**
 * The CLI's exit statuses, which CI scripts branch on: 0 success (or in sync), 1 any error (usage,
 * settings, bad manifest, API failure), 2 drift found by `tencent-chat drift`.
 */
export const EXIT = { ok: 0, error: 1, drift: 2 } as const;

/** Where a command writes, and the environment it reads settings from (tests pass their own). */
export interface Io {
    /** The command's answer (stdout): results, help, `validate`'s problem list. Text is already escaped for a terminal. */
    out(text: string): void;
    /** Diagnostics (stderr): errors and failure summaries. */
    err(text: string): void;
    /** Where the TENCENT_CHAT_* settings are read (and PULUMI_CONFIG, only to mask a SecretKey in it). */
    env: NodeJS.ProcessEnv;
}

/**
 * One `tencent-chat` subcommand. `run` returns an {@link EXIT} status; it may throw, and main prints
 * the error (a {@link UsageError} with a pointer to `--help`) and exits 1.
 */
export interface Command {
    /** The word typed after `tencent-chat`, e.g. "drift". */
    name: string;
    /** One line for the top-level help. */
    summary: string;
    /** The full `--help` text. */
    help: string;
    /** Runs with the arguments after the command name; never called for `--help`. */
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
        // parseArgs quotes the offending argument (twice, and whole): escaped and bounded here.
        throw new UsageError(clip((error as Error).message, REMOTE_TEXT_LIMIT));
    }
    if (parsed.positionals.length !== positionals.length) {
        const expected = positionals.map((p) => `<${p}>`).join(" ") || "no arguments";
        const got = parsed.positionals.length;
        const shown =
            got === 0
                ? "none"
                : parsed.positionals
                      .slice(0, 5)
                      .map((p) => echo(p))
                      .join(" ") + (got > 5 ? ` … (${got} in all)` : "");
        throw new UsageError(`expected ${expected}, got ${shown}`);
    }
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

let connected = false;

/**
 * A client from the TENCENT_CHAT_* variables; a SettingsError names the variables to set. The HTTP
 * stack is loaded here, not at start-up, so the offline commands and --help start fast.
 */
export function clientFromEnv(env: NodeJS.ProcessEnv): ChatClient {
    const settings = resolveClientOptions(() => undefined, env, "environment");
    const { createChatClient } = require("../api/client") as typeof import("../api/client");
    connected = true;
    return createChatClient(settings);
}

/**
 * Any error's message as the CLI prints it: secrets masked, control characters escaped (line by
 * line: our own multi-line messages keep their lines; values quoted in them were escaped where they
 * were quoted), and settings named by their TENCENT_CHAT_* variables (the API layer words its
 * advice in config keys).
 */
export function messageForCli(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return forEnvironmentUsers(message.split("\n").map(safeText).join("\n"));
}

/** The program lookups, loaded on use: the client and its HTTP stack are not needed for --help. */
export const lookups = () => require("../lookups") as typeof import("../lookups");

/** Closes keep-alive connections, which would otherwise hold the process open after the answer. */
export async function releaseConnections(): Promise<void> {
    if (connected) await (require("../api/transport") as typeof import("../api/transport")).closeAllPools();
}

/**
 * Text for a value in drift lines and tables: quoted (so "" and " " are visible), control
 * characters escaped, secrets masked, cut at `limit` characters with the full size noted.
 */
export const show = (value: unknown, limit?: number): string => echo(value ?? "", limit);

/**
 * JSON for stdout that stays JSON: the same data, with the control and invisible formatting
 * characters JSON.stringify leaves raw (DEL, C1, bidi overrides) written as \u escapes, and
 * secrets masked.
 */
export function terminalJson(value: unknown): string {
    const json = redact(JSON.stringify(value, null, 2));
    return json.replace(
        /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}
