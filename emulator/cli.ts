#!/usr/bin/env node
/**
 * `npm run emulator -- --port 8080 --state .emulator.json`: runs the emulator in the foreground and
 * prints the exact settings a shell or a Pulumi stack needs to use it.
 */
import { parseArgs } from "node:util";
import { TencentCode } from "../provider/tencent/codes";
import { echo, rememberSecret } from "../provider/tencent/display";
import { FAULT_KINDS, type FaultKind } from "./faults";
import { isLoopbackName } from "./guard";
import { type EmulatorHandle, type EmulatorOptions, DEMO_SECRET_KEY, startEmulator } from "./index";

/** The usage text `--help` prints; `tencent-chat emulator --help` prints it with its own usage line. */
export const HELP = `Usage: node dist/emulator/cli.js [options]

Runs a local emulator of Tencent Cloud Chat's official-channel REST API.

Options:
  --port <n>             port to listen on, in decimal (default 8080; 0 picks a free one)
  --host <addr>          interface (default 127.0.0.1); a non-loopback one is refused unless
                         --allow-remote is given, since /__emulator/ needs no auth
  --allow-remote         allow a non-loopback --host (e.g. 0.0.0.0 in a container) and control
                         requests under any Host name: anyone who can reach the port can then
                         change channels and faults
  --state <file>         JSON file to load and save channels to (default: in memory only); its
                         directory must exist, and a .lock beside the real file (symlinks
                         followed) keeps a second emulator off it
  --latency <ms>         delay before answering each API call (default 0)
  --rate <n>             calls per second per API before ${TencentCode.RATE_LIMITED}; 0 disables (default 200)
  --users <a,b,...>      UserIDs to import besides the admin (owners, subscribers)
  --fault-rate <p>       probability in [0,1] of injecting a fault into an API call (default 0)
  --fault-kinds <k,...>  fault kinds: ${FAULT_KINDS.join(", ")} (default all; needs --fault-rate)
  --fault-seed <n>       seed for reproducible faults (needs --fault-rate)
  --sdkappid <n>         SDKAppID (default 1400000000)
  --secret-key <hex>     SecretKey UserSigs are checked with (default: the demo key)
  --admin <id>           app admin UserID (default administrator)
  --max-channels <n>     channel quota before ${TencentCode.CHANNEL_QUOTA_REACHED} (default 10000)
  --service-disabled     answer ${TencentCode.SERVICE_NOT_ENABLED} to every official-channel call
  --no-reuse-ids         refuse (${TencentCode.CHANNEL_ID_IN_USE}) custom IDs of destroyed channels
  --verbose              log every call
  --help                 show this help
`;

/** Plain decimal notation (no sign, exponent, 0x/0o/0b prefix or spaces): digits, for a number with an optional fraction. */
const WHOLE_DECIMAL = /^\d+$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

function number(
    name: string,
    value: string | undefined,
    min: number,
    max = Number.MAX_SAFE_INTEGER,
    whole = true,
): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    const kind = whole ? "a whole number" : "a number";
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
        throw new Error(`--${name} must be ${kind} from ${min} to ${max} (got ${echo(value)})`);
    }
    // Number() also reads "0x50", "1e2", "0b1" and " 80 ": `--port 0x50` must not bind port 80.
    if (!(whole ? WHOLE_DECIMAL : DECIMAL).test(value)) {
        throw new Error(`--${name} must be ${kind} from ${min} to ${max}, written in decimal digits only (got ${echo(value)})`);
    }
    return n;
}

/** A string flag that must not be empty (`--admin=` would otherwise mean "no admin"). */
function text(name: string, value: string | undefined, what: string): string | undefined {
    if (value === undefined) return undefined;
    if (value.trim() === "") throw new Error(`--${name} must not be empty; give ${what}`);
    return value;
}

/** A comma-separated list; empty entries (`a,,b`, a trailing comma) are mistakes, not skipped. */
function list(name: string, value: string | undefined): string[] | undefined {
    if (value === undefined) return undefined;
    const items = value.split(",").map((s) => s.trim());
    if (items.some((item) => item === ""))
        throw new Error(`--${name} must be a comma-separated list without empty entries (got ${echo(value)})`);
    return items;
}

/** Turns argv into emulator options; `help` is true when the usage should be printed instead. */
export function parseCliArgs(argv: string[]): { help: boolean; options: EmulatorOptions } {
    const { values } = parseArgs({
        args: argv,
        strict: true,
        options: {
            port: { type: "string" },
            host: { type: "string" },
            "allow-remote": { type: "boolean" },
            state: { type: "string" },
            latency: { type: "string" },
            rate: { type: "string" },
            users: { type: "string" },
            "fault-rate": { type: "string" },
            "fault-kinds": { type: "string" },
            "fault-seed": { type: "string" },
            sdkappid: { type: "string" },
            "secret-key": { type: "string" },
            admin: { type: "string" },
            "max-channels": { type: "string" },
            "service-disabled": { type: "boolean" },
            "no-reuse-ids": { type: "boolean" },
            verbose: { type: "boolean" },
            help: { type: "boolean", short: "h" },
        },
    });
    const admin = text("admin", values.admin, "an app admin UserID");
    if (values["secret-key"]) rememberSecret(values["secret-key"]);
    const options: EmulatorOptions = {
        port: number("port", values.port, 0, 65535) ?? 8080,
        host: text("host", values.host, "an interface such as 127.0.0.1"),
        allowRemote: values["allow-remote"] ? true : undefined,
        statePath: text("state", values.state, "a file path"),
        latencyMs: number("latency", values.latency, 0, 600_000, false),
        callsPerSecond: number("rate", values.rate, 0, Number.MAX_SAFE_INTEGER, false),
        users: list("users", values.users),
        sdkAppId: number("sdkappid", values.sdkappid, 1),
        // Never echoed: it is a key.
        secretKey: text("secret-key", values["secret-key"], "the SecretKey (or leave the flag out for the demo key)"),
        admins: admin === undefined ? undefined : [admin],
        maxChannels: number("max-channels", values["max-channels"], 0),
        serviceEnabled: values["service-disabled"] ? false : undefined,
        reuseDestroyedIds: values["no-reuse-ids"] ? false : undefined,
        log: values.verbose ? (line) => console.log(line) : undefined,
    };
    const faultRate = number("fault-rate", values["fault-rate"], 0, 1, false);
    const kinds = list("fault-kinds", values["fault-kinds"]);
    const unknown = kinds?.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
    if (unknown?.length)
        throw new Error(
            `--fault-kinds: unknown kind${unknown.length === 1 ? "" : "s"} ${unknown.map((k) => echo(k)).join(", ")}; use ${FAULT_KINDS.join(", ")}`,
        );
    const seed = number("fault-seed", values["fault-seed"], 0, 2 ** 32 - 1);
    if (!faultRate && (kinds !== undefined || seed !== undefined)) {
        throw new Error(`--${kinds !== undefined ? "fault-kinds" : "fault-seed"} has no effect without --fault-rate above 0`);
    }
    if (faultRate) options.faults = { rate: faultRate, kinds: kinds as FaultKind[] | undefined, seed };
    // Drop undefined so the emulator's own defaults apply.
    for (const key of Object.keys(options) as Array<keyof EmulatorOptions>) {
        if (options[key] === undefined) delete options[key];
    }
    return { help: values.help ?? false, options };
}

/** What the banner says about who can reach the unauthenticated control endpoints: the truth, either way. */
function controlLine(options: EmulatorOptions): string {
    const host = options.host ?? "127.0.0.1";
    if (!options.allowRemote) return "Control (no auth; loopback only: other Host names and web pages are refused):";
    if (isLoopbackName(host)) return "Control (no auth; loopback, but --allow-remote accepts any Host name):";
    return `Control (no auth; --allow-remote: anyone who can reach ${host} on this port can change channels and faults):`;
}

/** The text printed at start-up: where it listens and exactly how to point a client at it. */
export function describe(handle: EmulatorHandle, options: EmulatorOptions): string {
    const { sdkAppId, secretKey, admin } = handle.settings;
    // A key the user passed in is theirs to know; only the public demo key is echoed.
    const key = secretKey === DEMO_SECRET_KEY ? secretKey : "<the --secret-key you passed>";
    const lines = [
        `Tencent Chat emulator listening on ${handle.url}`,
        `  state: ${options.statePath ?? "in memory (use --state <file> to keep channels between runs)"}`,
        `  rate limit: ${options.callsPerSecond ?? 200}/s per API, latency: ${options.latencyMs ?? 0} ms` +
            (options.faults ? `, random faults: ${options.faults.rate}` : ""),
        "",
        "Use it from a shell:",
        `  export TENCENT_CHAT_ENDPOINT=${handle.url}`,
        `  export TENCENT_CHAT_SDKAPPID=${sdkAppId}`,
        `  export TENCENT_CHAT_SECRET_KEY=${key}`,
        `  export TENCENT_CHAT_ADMIN=${admin}`,
        "",
        "or from a Pulumi stack:",
        `  pulumi config set tencent-chat:endpoint ${handle.url}`,
        `  pulumi config set tencent-chat:sdkAppId ${sdkAppId}`,
        `  pulumi config set --secret tencent-chat:secretKey ${key}`,
        `  pulumi config set tencent-chat:admin ${admin}`,
        "",
        controlLine(options),
        `  GET ${handle.url}/__emulator/stats, GET ${handle.url}/__emulator/channels, POST (Content-Type: application/json)`,
        `  ${handle.url}/__emulator/faults, ${handle.url}/__emulator/reset-stats, ${handle.url}/__emulator/import-users`,
        "Press Ctrl+C to stop.",
    ];
    return lines.join("\n");
}

async function main(): Promise<void> {
    let parsed: ReturnType<typeof parseCliArgs>;
    try {
        parsed = parseCliArgs(process.argv.slice(2));
    } catch (error) {
        console.error(`error: ${(error as Error).message}\n\n${HELP}`);
        process.exitCode = 2;
        return;
    }
    if (parsed.help) {
        console.log(HELP);
        return;
    }
    const handle = await serveUntilSignal(parsed.options, (text) => console.log(text));
    handle.stop().then(
        () => process.exit(0),
        (error: unknown) => {
            console.error(`error while stopping: ${(error as Error).message}`);
            process.exit(1);
        },
    );
}

/**
 * Starts the emulator, prints how to use it, and resolves once SIGINT or SIGTERM asks it to stop;
 * the caller then stops it (which writes the state file). Shared with `tencent-chat emulator`.
 */
export async function serveUntilSignal(options: EmulatorOptions, print: (text: string) => void): Promise<EmulatorHandle> {
    const handle = await startEmulator(options);
    print(describe(handle, options));
    const signal = await new Promise<string>((resolve) => {
        process.once("SIGINT", () => resolve("SIGINT"));
        process.once("SIGTERM", () => resolve("SIGTERM"));
    });
    print(`\n${signal}: stopping${options.statePath ? ` and saving ${options.statePath}` : ""}…`);
    return handle;
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(`error: ${(error as Error).message}`);
        process.exit(1);
    });
}
