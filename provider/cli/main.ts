#!/usr/bin/env node
/**
 * `tencent-chat`: manifest checks, drift reports and lookups from a shell or CI, plus the emulator.
 * Settings come from the TENCENT_CHAT_* variables. Nothing printed ever contains the SecretKey or a
 * UserSig: API errors are redacted by the client, and settings errors never echo values.
 */
import { echo } from "../tencent/display";
import { rememberConfiguredSecrets } from "../config";
import { packageVersion } from "../kit/version";
import { EXIT, UsageError, messageForCli, releaseConnections, wantsHelp, type Command, type Io } from "./command";
import { drift } from "./commands/drift";
import { emulator } from "./commands/emulator";
import { schema } from "./commands/schema";
import { exitOnWriteFailure } from "./streams";
import { subscribed } from "./commands/subscribed";
import { validate } from "./commands/validate";

/** Every subcommand, in the order the top-level help lists them. */
export const COMMANDS: readonly Command[] = [validate, schema, drift, subscribed, emulator];

function topHelp(): string {
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    return `Usage: tencent-chat <command> [options]

Tencent Cloud Chat official channels from the command line (pulumi-tencent-chat ${packageVersion()}).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Options:
  --help, -h     show help (also after a command: tencent-chat drift --help)
  --version, -v  print the version

Settings (drift, subscribed): TENCENT_CHAT_SDKAPPID, TENCENT_CHAT_SECRET_KEY, TENCENT_CHAT_ADMIN
(default administrator), and TENCENT_CHAT_REGION or TENCENT_CHAT_ENDPOINT (required: there is no
default data center).
`;
}

/**
 * Runs `tencent-chat` with `argv` (the arguments after the program name) and returns the exit
 * status ({@link EXIT}); it does not throw for command errors, which are printed to `io.err`
 * with secrets masked. Keep-alive connections are closed before it returns.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t), env: process.env };
 * const status = await main(["validate", "channels.yaml"], io); // 0 valid, 1 problems
 * ```
 */
export async function main(argv: string[], io: Io): Promise<number> {
    // Before any file is read: a SecretKey pasted into a manifest is masked in messages about it.
    rememberConfiguredSecrets(io.env);
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
        (name === undefined ? io.err : io.out)(topHelp());
        return name === undefined ? EXIT.error : EXIT.ok;
    }
    if (name === "--version" || name === "-v") {
        io.out(`${packageVersion()}\n`);
        return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) {
        const names = COMMANDS.map((c) => c.name).join(", ");
        io.err(`tencent-chat: unknown command ${echo(name)}. Commands: ${names}. See tencent-chat --help.\n`);
        return EXIT.error;
    }
    if (wantsHelp(rest)) {
        io.out(command.help);
        return EXIT.ok;
    }
    try {
        return await command.run(rest, io);
    } catch (error) {
        const hint = error instanceof UsageError ? `. See tencent-chat ${name} --help.` : "";
        io.err(`tencent-chat ${name}: ${messageForCli(error)}${hint}\n`);
        return EXIT.error;
    } finally {
        await releaseConnections();
    }
}

if (require.main === module) {
    // `| head`, `> /dev/full`: end as a Unix tool does, not with a stack trace (cli/streams.ts).
    // The emulator is a server: lost output must not stop it.
    exitOnWriteFailure(process, process.argv[2] === "emulator");
    const io: Io = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text), env: process.env };
    main(process.argv.slice(2), io).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`tencent-chat: ${messageForCli(error)}\n`);
            process.exitCode = EXIT.error;
        },
    );
}
