/**
 * `npm run chaos [-- --n 200 --rate 0.2 --seed 1 --budget 25 --base 5 --parallel 32 --json]`
 *
 * Applies, updates and destroys a manifest-like set of channels under random faults, re-running
 * each phase like a user re-running `pulumi up`, and checks that the result converges. Exits 1 when
 * an invariant does not hold.
 */
import { numberArg, parseScriptArgs, runScript } from "../script-args";

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

const positiveInteger = (v: number) => Number.isInteger(v) && v >= 1;

async function main(): Promise<void> {
    const args = parseScriptArgs(USAGE, {
        n: { type: "string" },
        rate: { type: "string" },
        seed: { type: "string" },
        budget: { type: "string" },
        base: { type: "string" },
        parallel: { type: "string" },
        latency: { type: "string" },
        rounds: { type: "string" },
        json: { type: "boolean", default: false },
    });
    if (args === undefined) return;
    const json = args.json === true;
    const options = {
        n: numberArg(USAGE, "n", args.n, positiveInteger, "a positive integer"),
        faultRate: numberArg(USAGE, "rate", args.rate, (v) => v >= 0 && v <= 1, "between 0 and 1"),
        seed: numberArg(USAGE, "seed", args.seed, Number.isInteger, "an integer"),
        retryBudgetMs: numberArg(USAGE, "budget", args.budget, (v) => v > 0, "a positive number of ms"),
        retryBaseMs: numberArg(USAGE, "base", args.base, (v) => v > 0, "a positive number of ms"),
        parallel: numberArg(USAGE, "parallel", args.parallel, positiveInteger, "a positive integer"),
        latencyMs: numberArg(USAGE, "latency", args.latency, (v) => Number.isInteger(v) && v >= 0, "a non-negative integer"),
        maxRounds: numberArg(USAGE, "rounds", args.rounds, positiveInteger, "a positive integer"),
        progress: json ? undefined : (line: string) => console.error(line),
    };
    // Loaded after the arguments are checked: a typo or --help answers at once, without loading Pulumi.
    const { formatConvergence, runConvergence } = require("./convergence") as typeof import("./convergence");
    const report = await runConvergence(options);
    console.log(json ? JSON.stringify(report, null, 2) : formatConvergence(report));
    if (report.problems.length > 0) process.exitCode = 1;
}

runScript(main);
