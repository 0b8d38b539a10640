/** What the manifest loader reports: every problem at once, each with its place in the file. */
import { boundedList, safeText, shownPath } from "../tencent/display";

/**
 * One problem in a manifest. Positions are 0 when unknown (a manifest passed as data, or a file
 * that could not be read); {@link formatProblem} prints it as `file:line:column: path: message`.
 */
export interface ManifestProblem {
    /** The manifest's path as given, or "<object>" for a manifest passed as data. */
    file: string;
    /** 1-based; 0 when the manifest was passed as data and has no positions. */
    line: number;
    /** 1-based; 0 when unknown. */
    column: number;
    /** Where in the manifest, e.g. "channels[2].name"; "" for the document as a whole. */
    path: string;
    /** What is wrong and how to fix it; values in it are quoted, escaped and clipped. */
    message: string;
}

/**
 * `file:line:column: path: message`, leaving out the parts that are unknown. Values in messages are
 * already echoed by the one rule; escaping and masking the whole line again costs nothing and
 * covers text from elsewhere (a file name with a newline, a zod or YAML message).
 */
export function formatProblem(problem: ManifestProblem): string {
    const file = shownPath(problem.file);
    const place = problem.line > 0 ? `${file}:${problem.line}:${problem.column}` : file;
    return safeText(problem.path ? `${place}: ${problem.path}: ${problem.message}` : `${place}: ${problem.message}`);
}

/**
 * Thrown by loadManifest (and so by OfficialChannelSet) before anything is registered: nothing is
 * created, changed or deleted for a manifest with problems. The message lists every problem, one
 * per line (the first LIST_LIMIT, then how many more); `problems` holds them all as data.
 *
 * @example
 * ```ts
 * try {
 *     loadManifest("channels.yaml");
 * } catch (error) {
 *     if (!(error instanceof ManifestError)) throw error;
 *     for (const p of error.problems) console.error(`${p.file}:${p.line}: ${p.path}: ${p.message}`);
 * }
 * ```
 */
export class ManifestError extends Error {
    /** Every problem found, in document order. */
    readonly problems: ManifestProblem[];

    constructor(problems: ManifestProblem[]) {
        const source = shownPath(problems[0]?.file ?? "manifest");
        const count = problems.length === 1 ? "1 problem" : `${problems.length.toLocaleString("en-US")} problems`;
        // The message is bounded (a generated file can hold 90,000 problems); `problems` keeps them all.
        const listed = boundedList(problems, (problem) => `  ${formatProblem(problem)}`, "problem");
        super(`Channel manifest ${source} has ${count}:\n` + listed.join("\n"));
        this.name = "ManifestError";
        this.problems = problems;
    }
}
