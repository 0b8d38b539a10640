import { boundedList, shownPath } from "../../tencent/display";
import { loadManifest } from "../../manifest/load";
import { ManifestError, formatProblem } from "../../manifest/problems";
import { EXIT, parseCommandArgs, type Command } from "../command";

/**
 * `tencent-chat validate <manifest>`: checks a manifest offline with the rules `pulumi preview`
 * applies; prints every problem as `file:line:column: path: message`. Exit 0 valid, 1 problems.
 */
export const validate: Command = {
    name: "validate",
    summary: "check a channel manifest and list every problem with file:line",
    help: `Usage: tencent-chat validate <manifest>

Checks a channel manifest (YAML or JSON) with the same rules \`pulumi preview\` applies, offline,
and prints every problem as file:line:column: path: message (the first 100, then how many more).

The file must be a regular file of at most 16 MiB, in UTF-8 (a BOM is fine).

Exit status: 0 valid, 1 problems (or the file cannot be read).
`,
    async run(argv, io) {
        const { positionals } = parseCommandArgs(argv, {}, ["manifest"]);
        const file = positionals[0]!;
        try {
            const manifest = loadManifest(file);
            const count = manifest.channels.length;
            io.out(`${shownPath(file)}: valid (${count} channel${count === 1 ? "" : "s"})\n`);
            return EXIT.ok;
        } catch (error) {
            if (!(error instanceof ManifestError)) throw error;
            for (const line of boundedList(error.problems, formatProblem, "problem")) io.out(`${line}\n`);
            const count = error.problems.length;
            io.err(`${shownPath(file)}: ${count.toLocaleString("en-US")} problem${count === 1 ? "" : "s"}\n`);
            return EXIT.error;
        }
    },
};
