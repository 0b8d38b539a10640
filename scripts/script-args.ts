/** Argument handling shared by the npm scripts (bench, chaos): usage on --help, exit 2 on bad input. */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Flags = Record<string, string | boolean | undefined>;

/** The parsed flags, or undefined after printing the usage for --help. Exits 2 on an unknown flag. */
export function parseScriptArgs(usage: string, options: NonNullable<ParseArgsConfig["options"]>): Flags | undefined {
    let values: Flags;
    try {
        values = parseArgs({ options: { ...options, help: { type: "boolean", short: "h", default: false } } }).values as Flags;
    } catch (error) {
        exitWithUsage((error as Error).message, usage);
    }
    if (values.help === true) {
        console.log(usage);
        return undefined;
    }
    return values;
}

/** `text` as a number that passes `valid`, or undefined when the flag is absent. Exits 2 otherwise. */
export function numberArg(
    usage: string,
    name: string,
    text: unknown,
    valid: (value: number) => boolean,
    expected: string,
): number | undefined {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (typeof text !== "string" || !Number.isFinite(value) || !valid(value))
        exitWithUsage(`--${name} must be ${expected} (got ${JSON.stringify(text)})`, usage);
    return value;
}

function exitWithUsage(message: string, usage: string): never {
    console.error(`${message}\n\n${usage}`);
    process.exit(2);
}

/** Runs a script's main, printing an unexpected failure with its stack and exiting 1. */
export function runScript(main: () => Promise<void>): void {
    main().catch((error: unknown) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        process.exit(1);
    });
}
