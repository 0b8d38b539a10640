/**
 * `npm run bench [-- --n 1000 --parallel 8,16,64 --repeat 2 --latency 50 --no-engine --no-baseline --no-plugin --json | --cli]`
 *
 * Drives OfficialChannel through Pulumi's dynamic-provider host (and, unless --no-plugin, the same
 * scenarios through the tencent-chat provider plugin) against the emulator and prints,
 * per scenario, API calls, wall time, the floor the API limits imply, rejections, per-operation
 * latency and memory. Targets are reported with ✓/✗, never asserted: the exit code is 0 unless the
 * run itself broke.
 */
import { numberArg, parseScriptArgs, runScript } from "../script-args";

const USAGE = `Usage: npm run bench -- [--n N] [--parallel P[,P…]] [--repeat K] [--latency MS] [--no-engine] [--no-baseline] [--json] [--cli]

  --n           channels per scenario (default 1000)
  --parallel    operations in flight, like pulumi up --parallel; a comma-separated list runs each in turn
                (default: the CLI's default on this machine, 4 × cores, then 16 and 64)
  --repeat      runs of each parallelism; every scenario reports its median run (default 1)
  --latency     emulator latency per API call in ms (default 50)
  --no-engine   skip the same scenarios with a provider that does no I/O (the engine's own cost)
  --no-baseline skip the batching-off refresh baseline (and its create/delete)
  --no-plugin   skip the same scenarios through the tencent-chat provider plugin
  --json        print machine-readable JSON only
  --cli         instead: create / no-op / refresh / delete through the real Pulumi CLI (built by
                npm run pulumi-cli), dynamic provider and plugin, beside a no-I/O provider that
                measures the engine's own cost (default --n 200; parallelism: the CLI's default, or
                --parallel P passed to every command as PULUMI_PARALLEL)`;

const positiveInteger = (v: number) => Number.isInteger(v) && v >= 1;

async function main(): Promise<void> {
    const args = parseScriptArgs(USAGE, {
        n: { type: "string" },
        parallel: { type: "string" },
        repeat: { type: "string" },
        "no-engine": { type: "boolean", default: false },
        latency: { type: "string" },
        "no-baseline": { type: "boolean", default: false },
        "no-plugin": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        cli: { type: "boolean", default: false },
    });
    if (args === undefined) return;
    const json = args.json === true;
    const parallels = parallelList(args.parallel);
    const options = {
        n: numberArg(USAGE, "n", args.n, positiveInteger, "a positive integer") ?? 1000,
        parallels,
        repeat: numberArg(USAGE, "repeat", args.repeat, positiveInteger, "a positive integer") ?? 1,
        engineBaseline: !args["no-engine"],
        latencyMs:
            numberArg(USAGE, "latency", args.latency, (v) => Number.isInteger(v) && v >= 0, "a non-negative integer") ?? 50,
        baseline: !args["no-baseline"],
        plugin: !args["no-plugin"],
        progress: json ? () => undefined : (line: string) => console.error(line),
    };
    if (args.cli === true) {
        const cliOptions = {
            ...options,
            n: numberArg(USAGE, "n", args.n, positiveInteger, "a positive integer") ?? 200,
            ...(parallels === undefined ? {} : { parallel: parallels[0] }),
        };
        const { formatCliReport, runCliBench } = require("./cli-bench") as typeof import("./cli-bench");
        const scenarios = await runCliBench(cliOptions);
        console.log(json ? JSON.stringify(scenarios, null, 2) : formatCliReport(scenarios, cliOptions));
        return;
    }
    // Loaded after the arguments are checked: a typo or --help answers at once, without loading Pulumi.
    const { formatReport, runBench, usersParallelisms } = require("./bench") as typeof import("./bench");
    const report = await runBench({ ...options, parallels: parallels ?? usersParallelisms() });
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
}

/** "8,16,64" → [8, 16, 64]; undefined when not given. Exits with the usage on anything else. */
function parallelList(value: unknown): number[] | undefined {
    if (value === undefined) return undefined;
    const list = String(value)
        .split(",")
        .map((part) => numberArg(USAGE, "parallel", part.trim(), positiveInteger, "a positive integer"));
    return list.filter((p): p is number => p !== undefined);
}

runScript(main);
