/**
 * The published declarations are self-contained: every `.d.ts` a program loads through the
 * package's typed entry points (package.json `exports` and `typesVersions`) imports only our own
 * files, @pulumi/pulumi (the peer the program has anyway) and Node's builtins. Another library's
 * typings in that graph are compiled with the user's tsconfig, not ours: zod's failed the classic
 * `pulumi new typescript` tsconfig with TS1259 unless the user added `skipLibCheck`.
 */
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

const NAME = "pulumi-tencent-chat";
const manifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    exports: Record<string, string | { types?: string }>;
};

/** Subpath → its declaration file, as package.json publishes them. */
function typedEntryPoints(): Map<string, string> {
    const entries = new Map<string, string>();
    for (const [subpath, target] of Object.entries(manifest.exports)) {
        if (typeof target === "object" && target.types) entries.set(subpath, path.join(repoRoot, target.types));
    }
    return entries;
}

function isAllowedExternal(specifier: string): boolean {
    const bare = specifier.replace(/^node:/, "").split("/")[0]!;
    return specifier === "@pulumi/pulumi" || specifier.startsWith("@pulumi/pulumi/") || builtinModules.includes(bare);
}

/** Every declaration file reachable from the entry points, and each bare import with the file that makes it. */
function declarationGraph(): { files: Set<string>; externals: { specifier: string; from: string }[] } {
    const entries = typedEntryPoints();
    const files = new Set<string>();
    const externals: { specifier: string; from: string }[] = [];
    const queue = [...entries.values()];
    while (queue.length > 0) {
        const file = queue.pop()!;
        if (files.has(file)) continue;
        files.add(file);
        const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
        for (const { fileName: specifier } of [...info.importedFiles, ...info.referencedFiles]) {
            if (specifier.startsWith(".")) {
                const base = path.resolve(path.dirname(file), specifier).replace(/\.js$/, "");
                queue.push(ts.sys.fileExists(`${base}.d.ts`) ? `${base}.d.ts` : path.join(base, "index.d.ts"));
            } else if (specifier === NAME || specifier.startsWith(`${NAME}/`)) {
                const own = entries.get(`.${specifier.slice(NAME.length)}`);
                if (own) queue.push(own);
                else externals.push({ specifier, from: path.relative(repoRoot, file) });
            } else if (!isAllowedExternal(specifier)) {
                externals.push({ specifier, from: path.relative(repoRoot, file) });
            }
        }
        for (const { fileName } of info.typeReferenceDirectives) {
            if (fileName !== "node") externals.push({ specifier: `types=${fileName}`, from: path.relative(repoRoot, file) });
        }
    }
    return { files, externals };
}

describe("the published declarations", () => {
    it("import no other library's types: only our own files, @pulumi/pulumi and Node's builtins", () => {
        const { files, externals } = declarationGraph();
        // The walk reached the whole public surface, not just the entry files.
        expect(files.size).toBeGreaterThan(20);
        for (const entry of typedEntryPoints().values()) expect(files).toContain(entry);
        expect(externals).toEqual([]);
    });

    it("would catch zod: the field tables behind the public types do import it", () => {
        const table = readFileSync(path.join(repoRoot, "dist/provider/fields/channel.d.ts"), "utf8");
        const imports = ts.preProcessFile(table, true, true).importedFiles.map((f) => f.fileName);
        expect(imports).toContain("zod");
        expect(declarationGraph().files).not.toContain(path.join(repoRoot, "dist/provider/fields/channel.d.ts"));
    });
});
