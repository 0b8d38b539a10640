/**
 * The regeneration check's comparison: the SDK files a commit would hold (tracked, or new and not
 * ignored, under sdk/) against a fresh generation, file by file.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

function filesUnder(dir: string, prefix = ""): string[] {
    return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
        const name = path.posix.join(prefix, entry.name);
        return entry.isDirectory() ? filesUnder(dir, name) : [name];
    });
}

/** The files under `checkout`/sdk that git would commit (so a build's ignored litter is left out), relative to sdk/. */
function committable(checkout: string): string[] {
    const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "sdk"], {
        cwd: checkout,
        encoding: "utf8",
    });
    if (listed.status !== 0) throw new Error(`git ls-files failed in ${checkout}: ${listed.stderr}`);
    // A file deleted from the work tree is still in the index: it counts as missing, not as present.
    const deleted = new Set(
        spawnSync("git", ["ls-files", "-z", "--deleted", "--", "sdk"], { cwd: checkout, encoding: "utf8" }).stdout.split("\0"),
    );
    return listed.stdout
        .split("\0")
        .filter((f) => f !== "" && !deleted.has(f))
        .map((f) => f.slice("sdk/".length));
}

/**
 * One line per file that differs between the checked-in sdk/ and the fresh generation in `fresh`:
 * `sdk/go/x.go differs`, `sdk/x only in the checkout`, `sdk/x only in a fresh generation`.
 * Empty when they are the same.
 */
export function sdkDifferences(checkout: string, fresh: string): string[] {
    const ours = new Set(committable(checkout));
    const theirs = new Set(filesUnder(fresh));
    const lines: string[] = [];
    for (const file of [...new Set([...ours, ...theirs])].sort()) {
        if (!theirs.has(file)) lines.push(`sdk/${file} only in the checkout`);
        else if (!ours.has(file)) lines.push(`sdk/${file} only in a fresh generation`);
        else if (!readFileSync(path.join(checkout, "sdk", file)).equals(readFileSync(path.join(fresh, file))))
            lines.push(`sdk/${file} differs`);
    }
    return lines;
}
