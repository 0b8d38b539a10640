/**
 * `npm run bench [-- --n 1000 --parallel 64 --latency 50 --no-baseline --json]`
 *
 * Drives OfficialChannel through Pulumi's dynamic-provider host against the emulator and prints,
 * per scenario, API calls, wall time, the floor the API limits imply, rejections, per-operation
 * latency and memory. Targets are reported with ✓/✗, never asserted: the exit code is 0 unless the
 * run itself broke.
 */
import { parseArgs } from "node:util";
import { formatReport, runBench } from "./bench";

const USAGE = `Usage: npm run bench -- [--n N] [--parallel P] [--latency MS] [--no-baseline] [--json]

  --n           channels per scenario (default 1000)
  --parallel    operations in flight, like pulumi up --parallel (default 64)
  --latency     emulator latency per API call in ms (default 50)
  --no-baseline skip the batching-off refresh baseline (and its create/delete)
  --json        print machine-readable JSON only`;

function positive(name: string, text: string | undefined, fallback: number, allowZero = false): number {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
        console.error(`--${name} must be a ${allowZero ? "non-negative" : "positive"} integer (got ${JSON.stringify(text)})\n\n${USAGE}`);
        process.exit(2);
    }
    return value;
}

async function main(): Promise<void> {
    let args;
    try {
        args = parseArgs({
            options: {
                n: { type: "string" },
                parallel: { type: "string" },
                latency: { type: "string" },
                "no-baseline": { type: "boolean", default: false },
                json: { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
        }).values;
    } catch (error) {
        console.error(`${(error as Error).message}\n\n${USAGE}`);
        process.exit(2);
    }
    if (args.help) {
        console.log(USAGE);
        return;
    }
    const json = args.json === true;
    const report = await runBench({
        n: positive("n", args.n, 1000),
        parallel: positive("parallel", args.parallel, 64),
        latencyMs: positive("latency", args.latency, 50, true),
        baseline: !args["no-baseline"],
        progress: json ? () => undefined : (line) => console.error(line),
    });
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
});
