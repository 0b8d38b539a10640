/**
 * `npm run sdk`: regenerates the checked-in SDKs (sdk/python, sdk/go, sdk/nodejs, sdk/java) from the
 * plugin's package schema. `--out <dir>` writes them elsewhere (the regeneration check does).
 */
import path from "node:path";
import { parseScriptArgs } from "../script-args";
import { GoBuildFailure } from "../pulumi-cli/go";
import { repoRoot } from "../repo-root";
import { generateSdks, SDK_COMMAND } from "./generate";

const USAGE = `Usage: ${SDK_COMMAND} [-- --out <dir>]

Regenerates the SDKs of the tencent-chat plugin from its package schema into sdk/ (or <dir>),
one folder per language. Needs Go (the generators are Go programs, built once and cached).`;

async function main(): Promise<number> {
    const flags = parseScriptArgs(USAGE, { out: { type: "string", default: path.join(repoRoot, "sdk") } });
    if (flags === undefined) return 0;
    const started = Date.now();
    try {
        await generateSdks(path.resolve(String(flags.out)));
    } catch (error) {
        console.error(`✗ ${error instanceof GoBuildFailure ? error.message : String(error)}`);
        return 1;
    }
    console.log(`SDKs written to ${flags.out} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
}

main().then((code) => process.exit(code));
