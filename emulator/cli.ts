#!/usr/bin/env node
/**
 * `npm run emulator -- --port 8080 --state .emulator.json`: runs the emulator in the foreground and
 * prints the exact settings a shell or a Pulumi stack needs to use it.
 */
import { parseArgs } from "node:util";
import { FAULT_KINDS, type FaultKind } from "./faults";
import { type EmulatorHandle, type EmulatorOptions, DEMO_SECRET_KEY, startEmulator } from "./index";

export const HELP = `Usage: node dist/emulator/cli.js [options]

Runs a local emulator of Tencent Cloud Chat's official-channel REST API.

Options:
  --port <n>             port to listen on (default 8080; 0 picks a free one)
  --host <addr>          interface (default 127.0.0.1; keep it loopback: /__emulator/ needs no auth)
  --state <file>         JSON file to load and save channels to (default: in memory only)
  --latency <ms>         delay before answering each API call (default 0)
  --rate <n>             calls per second per API before 60007; 0 disables (default 200)
  --users <a,b,...>      UserIDs to import besides the admin (owners, subscribers)
  --fault-rate <p>       probability in [0,1] of injecting a fault into an API call (default 0)
  --fault-kinds <k,...>  fault kinds: ${FAULT_KINDS.join(", ")} (default all)
  --fault-seed <n>       seed for reproducible faults
  --sdkappid <n>         SDKAppID (default 1400000000)
  --secret-key <hex>     SecretKey UserSigs are checked with (default: the demo key)
  --admin <id>           app admin UserID (default administrator)
  --max-channels <n>     channel quota before 130010 (default 10000)
  --service-disabled     answer 131000 to every official-channel call
  --no-reuse-ids         refuse (130008) custom IDs of destroyed channels
  --verbose              log every call
  --help                 show this help
`;

function number(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
        throw new Error(`--${name} must be a number between ${min} and ${max} (got "${value}")`);
    }
    return n;
}

const list = (value: string | undefined): string[] | undefined =>
    value === undefined ? undefined : value.split(",").map((s) => s.trim()).filter((s) => s !== "");

/** Turns argv into emulator options; `help` is true when the usage should be printed instead. */
export function parseCliArgs(argv: string[]): { help: boolean; options: EmulatorOptions } {
    const { values } = parseArgs({
        args: argv,
        strict: true,
        options: {
            port: { type: "string" },
            host: { type: "string" },
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
    const options: EmulatorOptions = {
        port: number("port", values.port, 0, 65535) ?? 8080,
        host: values.host,
        statePath: values.state,
        latencyMs: number("latency", values.latency, 0),
        callsPerSecond: number("rate", values.rate, 0),
        users: list(values.users),
        sdkAppId: number("sdkappid", values.sdkappid, 1),
        secretKey: values["secret-key"],
        admins: values.admin === undefined ? undefined : [values.admin],
        maxChannels: number("max-channels", values["max-channels"], 0),
        serviceEnabled: values["service-disabled"] ? false : undefined,
        reuseDestroyedIds: values["no-reuse-ids"] ? false : undefined,
        log: values.verbose ? (line) => console.log(line) : undefined,
    };
    const faultRate = number("fault-rate", values["fault-rate"], 0, 1);
    if (faultRate) {
        const kinds = list(values["fault-kinds"]);
        const bad = kinds?.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
        if (bad?.length) throw new Error(`--fault-kinds: unknown kind(s) ${bad.join(", ")}; use ${FAULT_KINDS.join(", ")}`);
        options.faults = {
            rate: faultRate,
            kinds: kinds as FaultKind[] | undefined,
            seed: number("fault-seed", values["fault-seed"], 0, 2 ** 32 - 1),
        };
    }
    // Drop undefined so the emulator's own defaults apply.
    for (const key of Object.keys(options) as Array<keyof EmulatorOptions>) {
        if (options[key] === undefined) delete options[key];
    }
    return { help: values.help ?? false, options };
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
        `Control (no auth, loopback only): GET ${handle.url}/__emulator/stats, GET ${handle.url}/__emulator/channels,`,
        `  POST ${handle.url}/__emulator/faults, POST ${handle.url}/__emulator/reset-stats, POST ${handle.url}/__emulator/import-users`,
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
