/** The per-folder coverage table of `npm run coverage`: lines, branches and functions per folder. */
import path from "node:path";
import type { CoverageMap } from "istanbul-lib-coverage";

/** The folder a source file is reported under: provider/<sub> (provider/ for its top-level files) or emulator. */
export function folderOf(relative: string): string {
    const parts = relative.split(/[\\/]/);
    if (parts[0] === "provider" && parts.length > 2) return `provider/${parts[1]}`;
    return parts.length > 1 ? `${parts[0]}/` : relative;
}

interface Lines {
    covered: number;
    total: number;
}

/**
 * Lines per folder. A file's lines are the ones vitest's map knows (it lists every file of its
 * include, loaded or not), so that c8's per-line view of a file only adds counts and never lines of
 * its own (closing braces, continuation lines), which would lower a figure it should only raise.
 */
function linesPerFolder(maps: CoverageMap[], root: string): Map<string, Lines> {
    const folders = new Map<string, Lines>();
    const files = new Set(maps.flatMap((m) => m.files()));
    for (const file of files) {
        const relative = path.relative(root, file);
        // Only the product's folders (a test helper vitest loads through a dist path is no product code).
        if (!/^(provider|emulator)[\\/]/.test(relative)) continue;
        const counts = maps.filter((m) => m.files().includes(file)).map((m) => m.fileCoverageFor(file).getLineCoverage());
        const folder = folderOf(relative);
        const sum = folders.get(folder) ?? { covered: 0, total: 0 };
        for (const line of Object.keys(counts[0]!)) {
            sum.total++;
            if (counts.some((c) => (c[Number(line)] ?? 0) > 0)) sum.covered++;
        }
        folders.set(folder, sum);
    }
    return folders;
}

const pct = ({ covered, total }: Lines) => (total === 0 ? "-" : `${((100 * covered) / total).toFixed(1)} %`);

/**
 * One row per folder: the lines vitest's workers alone covered (what in-process coverage shows), then
 * the lines covered once the child processes' counts are added. Lines only: vitest's AST-based
 * statements, functions and branches and c8's per-line ones do not match one to one, so a function
 * or branch measured by both could not be told apart from two; a line is a line in both.
 */
export function coverageTable(inProcess: CoverageMap, processes: CoverageMap, root: string): string {
    const before = linesPerFolder([inProcess], root);
    const after = linesPerFolder([inProcess, processes], root);
    const header = ["folder", "lines in-process", "lines with child processes"];
    const rows = [...after.keys()]
        .sort()
        .map((folder) => [folder, pct(before.get(folder) ?? { covered: 0, total: 0 }), pct(after.get(folder)!)]);
    const total = { covered: 0, total: 0 };
    for (const lines of after.values()) {
        total.covered += lines.covered;
        total.total += lines.total;
    }
    rows.push(["all", "", pct(total)]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
