/** The package's own version, read once for every part that reports it (the plugin, the CLI, the SDK generator). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** The package's version, from its package.json (found from wherever this file runs: the checkout, dist/, an install). */
export function packageVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (existsSync(file)) {
            const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "pulumi-tencent-chat" && pkg.version) return pkg.version;
        }
        if (path.dirname(dir) === dir) return "0.0.0";
    }
}
