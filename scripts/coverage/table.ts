/** The per-folder coverage table of `npm run coverage`: lines, branches and functions per folder. */
import path from "node:path";
import libCoverage, { type CoverageMap, type CoverageSummary } from "istanbul-lib-coverage";

/** The folder a source file is reported under: provider/<sub> (provider/ for its top-level files) or emulator. */
export function folderOf(relative: string): string {
    const parts = relative.split(/[\\/]/);
    if (parts[0] === "provider" && parts.length > 2) return `provider/${parts[1]}`;
    return parts.length > 1 ? `${parts[0]}/` : relative;
}

function summaries(map: CoverageMap, root: string): Map<string, CoverageSummary> {
    const folders = new Map<string, CoverageSummary>();
    for (const file of map.files()) {
        const relative = path.relative(root, file);
        if (relative.startsWith("..")) continue;
        const folder = folderOf(relative);
        const summary = folders.get(folder) ?? libCoverage.createCoverageSummary();
        summary.merge(map.fileCoverageFor(file).toSummary());
        folders.set(folder, summary);
    }
    return folders;
}

const pct = (covered: number, total: number) => (total === 0 ? "-" : `${((100 * covered) / total).toFixed(1)} %`);

/**
 * One row per folder: lines covered by vitest's workers alone (what in-process coverage shows), then
 * lines, branches and functions once the child processes' counts are merged in.
 */
export function coverageTable(inProcess: CoverageMap, merged: CoverageMap, root: string): string {
    const before = summaries(inProcess, root);
    const after = summaries(merged, root);
    const header = ["folder", "lines in-process", "lines all", "branches all", "functions all"];
    const rows = [...after.keys()].sort().map((folder) => {
        const all = after.get(folder)!;
        const own = before.get(folder);
        return [
            folder,
            own ? pct(own.lines.covered, all.lines.total) : pct(0, all.lines.total),
            pct(all.lines.covered, all.lines.total),
            pct(all.branches.covered, all.branches.total),
            pct(all.functions.covered, all.functions.total),
        ];
    });
    const total = libCoverage.createCoverageSummary();
    for (const summary of after.values()) total.merge(summary);
    rows.push([
        "all",
        "",
        pct(total.lines.covered, total.lines.total),
        pct(total.branches.covered, total.branches.total),
        pct(total.functions.covered, total.functions.total),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
