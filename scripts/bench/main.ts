/**
 * `npm run bench [-- --n 1000 --parallel 64 --latency 50 --no-baseline --no-plugin --json | --cli]`
 *
 * Drives OfficialChannel through Pulumi's dynamic-provider host (and, unless --no-plugin, the same
 * scenarios through the tencent-chat provider plugin) against the emulator and prints,
 * per scenario, API calls, wall time, the floor the API limits imply, rejections, per-operation
 * latency and memory. Targets are reported with ✓/✗, never asserted: the exit code is 0 unless the
 * run itself broke.
 */
import { numberArg, parseScriptArgs, runScript } from "../script-args";

const USAGE = `Usage: npm run bench -- [--n N] [--parallel P] [--latency MS] [--no-baseline] [--json] [--cli]

  --n           channels per scenario (default 1000)
  --parallel    operations in flight, like pulumi up --parallel (default 64)
  --latency     emulator latency per API call in ms (default 50)
  --no-baseline skip the batching-off refresh baseline (and its create/delete)
  --no-plugin   skip the same scenarios through the tencent-chat provider plugin
  --json        print machine-readable JSON only
  --cli         instead: create / no-op / refresh / delete through the real Pulumi CLI (built by
                npm run pulumi-cli), dynamic provider and plugin, beside a no-I/O provider that
                measures the engine's own cost (default --n 200; parallelism: the CLI's default)`;

const positiveInteger = (v: number) => Number.isInteger(v) && v >= 1;

async function main(): Promise<void> {
    const args = parseScriptArgs(USAGE, {
        n: { type: "string" },
        parallel: { type: "string" },
        latency: { type: "string" },
        "no-baseline": { type: "boolean", default: false },
        "no-plugin": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        cli: { type: "boolean", default: false },
    });
    if (args === undefined) return;
    const json = args.json === true;
    const options = {
        n: numberArg(USAGE, "n", args.n, positiveInteger, "a positive integer") ?? 1000,
        parallel: numberArg(USAGE, "parallel", args.parallel, positiveInteger, "a positive integer") ?? 64,
        latencyMs:
            numberArg(USAGE, "latency", args.latency, (v) => Number.isInteger(v) && v >= 0, "a non-negative integer") ?? 50,
        baseline: !args["no-baseline"],
        plugin: !args["no-plugin"],
        progress: json ? () => undefined : (line: string) => console.error(line),
    };
    if (args.cli === true) {
        const cliOptions = { ...options, n: numberArg(USAGE, "n", args.n, positiveInteger, "a positive integer") ?? 200 };
        const { formatCliReport, runCliBench } = require("./cli-bench") as typeof import("./cli-bench");
        const scenarios = await runCliBench(cliOptions);
        console.log(json ? JSON.stringify(scenarios, null, 2) : formatCliReport(scenarios, cliOptions));
        return;
    }
    // Loaded after the arguments are checked: a typo or --help answers at once, without loading Pulumi.
    const { formatReport, runBench } = require("./bench") as typeof import("./bench");
    const report = await runBench(options);
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
}

runScript(main);
