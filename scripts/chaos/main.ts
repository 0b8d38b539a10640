/**
 * `npm run chaos [-- --n 200 --rate 0.2 --seed 1 --budget 25 --base 5 --parallel 32 --json]`
 *
 * Applies, updates and destroys a manifest-like set of channels under random faults, re-running
 * each phase like a user re-running `pulumi up`, and checks that the result converges. Exits 1 when
 * an invariant does not hold.
 */
import { parseArgs } from "node:util";
import { formatConvergence, runConvergence } from "./convergence";

const USAGE = `Usage: npm run chaos -- [--n N] [--rate R] [--seed S] [--budget MS] [--base MS] [--parallel P] [--latency MS] [--rounds K] [--json]

  --n         channels (default 200)
  --rate      fault probability per API request, 0..1 (default 0.2)
  --seed      fault sequence seed (default 20240601)
  --budget    client retry budget, tencent-chat:retryBudgetMs (default 25)
  --base      first retry delay ceiling, tencent-chat:retryBaseMs (default 5)
  --parallel  operations in flight (default 32)
  --latency   emulator latency per call in ms (default 2)
  --rounds    re-runs allowed per phase (default 12)
  --json      print machine-readable JSON only`;

function number(name: string, text: string | undefined, check: (v: number) => boolean): number | undefined {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || !check(value)) {
        console.error(`--${name}: invalid value ${JSON.stringify(text)}\n\n${USAGE}`);
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
                rate: { type: "string" },
                seed: { type: "string" },
                budget: { type: "string" },
                base: { type: "string" },
                parallel: { type: "string" },
                latency: { type: "string" },
                rounds: { type: "string" },
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
    const int = (v: number) => Number.isInteger(v) && v >= 1;
    const json = args.json === true;
    const report = await runConvergence({
        n: number("n", args.n, int),
        faultRate: number("rate", args.rate, (v) => v >= 0 && v <= 1),
        seed: number("seed", args.seed, Number.isInteger),
        retryBudgetMs: number("budget", args.budget, (v) => v > 0),
        retryBaseMs: number("base", args.base, (v) => v > 0),
        parallel: number("parallel", args.parallel, int),
        latencyMs: number("latency", args.latency, (v) => Number.isInteger(v) && v >= 0),
        maxRounds: number("rounds", args.rounds, int),
        progress: json ? undefined : (line) => console.error(line),
    });
    console.log(json ? JSON.stringify(report, null, 2) : formatConvergence(report));
    if (report.problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
});
