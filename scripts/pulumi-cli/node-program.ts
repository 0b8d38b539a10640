/**
 * `node dist/scripts/pulumi-cli/node-program.js <program.js> -- <pulumi arguments…>`: runs the real
 * `pulumi` (first on PATH) with a Node.js program served by @pulumi/pulumi's own language server, the
 * one the Automation API starts for inline programs, over the CLI's `--client` flag.
 *
 * Why not `runtime: nodejs` and the CLI's own `pulumi-language-nodejs`: that host is a Go module
 * published only at commit pseudo-versions, none of which the module proxy serves here (see
 * build.ts). Everything else is the real thing: the engine, its plan, state and checkpoints, the
 * dynamic-provider host the engine launches, and the SDK's program runtime. What this skips is the
 * host's own work before the program starts (finding the entry point, ts-node): the programs run
 * here are the tsc-compiled CommonJS under dist/.
 *
 * The engine may Run the program more than once per command (`up` previews, then updates), so each
 * Run loads the program afresh, as a new `node` process would, keeping only what lives under
 * node_modules (the SDK's runtime state above all).
 */
import { spawn } from "node:child_process";
import path from "node:path";

function usage(): never {
    console.error("Usage: node node-program.js <program.js> -- <pulumi arguments…>");
    process.exit(2);
}

/** Drops every module loaded since `before` that is not under node_modules, so the next require runs the program anew. */
function forgetProgram(before: Set<string>): void {
    for (const key of Object.keys(require.cache))
        if (!before.has(key) && !key.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[key];
}

async function main(): Promise<number> {
    const separator = process.argv.indexOf("--");
    const programPath = process.argv[2];
    if (programPath === undefined || separator !== 3) usage();
    const pulumiArgs = process.argv.slice(separator + 1);
    const program = path.resolve(programPath);
    // The SDK the program itself loads: resolved from the program, as its own require would.
    const fromProgram = (id: string) => require(require.resolve(id, { paths: [path.dirname(program)] }));
    const grpc = fromProgram("@grpc/grpc-js");
    const langrpc = fromProgram("@pulumi/pulumi/proto/language_grpc_pb");
    const { LanguageServer } = fromProgram("@pulumi/pulumi/automation/server");
    const { grpcChannelOptions } = fromProgram("@pulumi/pulumi/runtime");

    const before = new Set(Object.keys(require.cache));
    const run = async () => {
        forgetProgram(before);
        const exported = require(program);
        return typeof exported === "function" ? await exported() : await exported;
    };
    const languageServer = new LanguageServer(run);
    const server = new grpc.Server({ ...grpcChannelOptions });
    server.addService(langrpc.LanguageRuntimeService, languageServer);
    const port: number = await new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error: Error | null, p: number) =>
            error ? reject(error) : resolve(p),
        ),
    );
    // The flags @pulumi/pulumi/automation passes for an inline program.
    const child = spawn("pulumi", [...pulumiArgs, `--client=127.0.0.1:${port}`, "--exec-kind=auto.inline"], { stdio: "inherit" });
    const code: number = await new Promise((resolve) => {
        child.on("error", (error) => {
            console.error(`could not run pulumi: ${error.message}`);
            resolve(127);
        });
        child.on("close", (status, signal) => resolve(status ?? (signal ? 128 : 1)));
    });
    server.forceShutdown();
    return code;
}

main().then((code) => process.exit(code));
