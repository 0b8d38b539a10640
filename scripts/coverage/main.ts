/**
 * `npm run coverage [-- <vitest filters>]`: the suite's coverage including its child processes.
 *
 * Vitest's own coverage (@vitest/coverage-v8) sees only the TypeScript sources its workers load. The
 * code under test mostly runs elsewhere: in the dynamic-provider hosts and plugin processes the
 * engine simulation spawns, and as dist/ modules the tests load with Node's require (Pulumi can only
 * serialize real CommonJS). So every Node process of the run gets NODE_V8_COVERAGE, and a preload
 * (exit-on-signal.ts) lets the signalled ones exit normally so V8 writes their counts; c8 maps those
 * counts through dist/'s source maps back to the sources, istanbul-lib-coverage merges both, and a
 * table per folder goes to the terminal and to coverage/summary.txt.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import libCoverage, { type CoverageMap, type CoverageMapData } from "istanbul-lib-coverage";
import { repoRoot } from "../repo-root";
import { runScript } from "../script-args";
import { coverageTable } from "./table";

const USAGE = `Usage: npm run coverage [-- <vitest file filters>]

Runs the suite (vitest.config.mts) with coverage of vitest's workers and of every child process,
and prints coverage per folder (also written to coverage/summary.txt).`;

const out = path.join(repoRoot, "coverage");

/** c8's reader, which ships no types: the part used here. */
interface C8Report {
    getCoverageMapFromAllCoverageFiles(): Promise<CoverageMap>;
}
type C8ReportClass = new (options: Record<string, unknown>) => C8Report;

function runVitest(filters: string[]): number {
    const preload = path.join(__dirname, "exit-on-signal.js");
    const result = spawnSync(
        process.execPath,
        [
            path.join(repoRoot, "node_modules/vitest/vitest.mjs"),
            "run",
            "--coverage.enabled",
            "--coverage.reporter=json",
            `--coverage.reportsDirectory=${path.join(out, "in-process")}`,
            ...filters,
        ],
        {
            cwd: repoRoot,
            stdio: "inherit",
            env: {
                ...process.env,
                NODE_V8_COVERAGE: path.join(out, "v8"),
                NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim(),
            },
        },
    );
    return result.status ?? 1;
}

/**
 * Drops the raw files of vitest's own processes: @vitest/coverage-v8 measures its workers through
 * the inspector, and each of its takes resets V8's counters, so their NODE_V8_COVERAGE files hold
 * zeros for code that ran. Their dist/ modules are in vitest's map already (its coverage include).
 */
function dropVitestProcesses(dir: string): number {
    let dropped = 0;
    for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (readFileSync(file, "utf8").includes("/node_modules/vitest/dist/")) {
            rmSync(file);
            dropped++;
        }
    }
    return dropped;
}

/** The processes' counts for dist/provider and dist/emulator, mapped back to the TypeScript sources. */
async function processCoverage(): Promise<CoverageMap> {
    dropVitestProcesses(path.join(out, "v8"));
    const Report = require("c8/lib/report") as C8ReportClass;
    const report = new Report({
        include: ["dist/provider/**", "dist/emulator/**"],
        exclude: [],
        reporter: [],
        tempDirectory: path.join(out, "v8"),
        reportsDirectory: out,
        src: [repoRoot],
        excludeNodeModules: true,
    });
    return report.getCoverageMapFromAllCoverageFiles();
}

function inProcessCoverage(): CoverageMap {
    const file = path.join(out, "in-process", "coverage-final.json");
    try {
        return libCoverage.createCoverageMap(JSON.parse(readFileSync(file, "utf8")));
    } catch {
        return libCoverage.createCoverageMap({});
    }
}

async function main(): Promise<void> {
    const filters = process.argv.slice(2);
    if (filters.includes("--help") || filters.includes("-h")) {
        console.log(USAGE);
        return;
    }
    rmSync(out, { recursive: true, force: true });
    mkdirSync(path.join(out, "v8"), { recursive: true });
    const status = runVitest(filters);
    const inProcess = inProcessCoverage();
    const processes = await processCoverage();
    // A copy: merging into a map changes the file objects it was made from.
    const merged = libCoverage.createCoverageMap(JSON.parse(JSON.stringify(inProcess.toJSON())) as CoverageMapData);
    merged.merge(processes);
    writeFileSync(path.join(out, "coverage-final.json"), JSON.stringify(merged.toJSON()));
    // The raw counts are hundreds of MB; the maps keep what they said.
    if (process.env.COVERAGE_KEEP_V8 === undefined) rmSync(path.join(out, "v8"), { recursive: true, force: true });
    const table = coverageTable(inProcess, processes, repoRoot);
    writeFileSync(path.join(out, "summary.txt"), `${table}\n`);
    console.log(`\n${table}\n(coverage/summary.txt; merged map: coverage/coverage-final.json)`);
    if (status !== 0) process.exitCode = status;
}

runScript(main);
