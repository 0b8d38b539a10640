/**
 * `node dist/scripts/pulumi-cli/go-program.js <compiled program> -- <pulumi arguments…>`: runs the
 * real `pulumi` (first on PATH) with a compiled Go program (`pulumi.Run(...)` in its `main`), served
 * over the CLI's `--client` flag by a language server that does what `pulumi-language-go` does
 * once it has compiled the program: for each Run, start the binary with the `PULUMI_*` environment
 * the Go SDK reads (`getEnvInfo` in sdk/go/pulumi/run.go, `constructEnv` in the host), and report
 * its exit. The program is the user's ordinary `main`, unchanged.
 *
 * Why not `runtime: go` and the CLI's own `pulumi-language-go`: that host is a Go module published
 * only at commit pseudo-versions, none of which the module proxy serves here (see build.ts). The
 * program is compiled by go-build.ts (once per source digest); the arguments mirror the Go
 * Automation API's for inline programs (`--client=127.0.0.1:<port> --exec-kind=auto.inline`).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";

// The SDK's generated protobuf modules have no typings, hence require.
const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb");
const langproto = require("@pulumi/pulumi/proto/language_pb");
const plugproto = require("@pulumi/pulumi/proto/plugin_pb");
const { grpcChannelOptions } = require("@pulumi/pulumi/runtime");

/** What the Go SDK exits with after it has shown the user an error (`pulumi.Run`), as the host treats it. */
const EXIT_AFTER_SHOWING_ERROR = 32;

/** The `PULUMI_*` variables `pulumi-language-go` gives the program, from the engine's RunRequest (empty ones left out). */
export function goProgramEnv(request: {
    getArgsList(): string[];
    getMonitorAddress(): string;
    getProject(): string;
    getStack(): string;
    getOrganization(): string;
    getDryrun(): boolean;
    getParallel(): number;
    getConfigMap(): { entries(): Iterable<[string, string]> };
    getConfigsecretkeysList(): string[];
    getInfo(): { getRootDirectory(): string } | undefined;
}): Record<string, string> {
    const config = [...request.getConfigMap().entries()];
    const env: Record<string, string> = {
        PULUMI_ORGANIZATION: request.getOrganization(),
        PULUMI_PROJECT: request.getProject(),
        PULUMI_ROOT_DIRECTORY: request.getInfo()?.getRootDirectory() ?? "",
        PULUMI_STACK: request.getStack(),
        // No config, no variable (the host's constructConfig); the secret keys are always a JSON list.
        PULUMI_CONFIG: config.length === 0 ? "" : JSON.stringify(Object.fromEntries(config)),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
        PULUMI_DRY_RUN: String(request.getDryrun()),
        PULUMI_PARALLEL: String(request.getParallel()),
        PULUMI_MONITOR: request.getMonitorAddress(),
        // With --client the engine passes its own address as the first argument (the Automation API's servers read it there).
        PULUMI_ENGINE: request.getArgsList()[0] ?? "",
    };
    return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
}

/** Runs the program once for the engine and answers as the Go host does: exit 32 bails (the error is shown), others fail. */
function runOnce(binary: string, env: Record<string, string>): Promise<{ error?: string; bail?: boolean }> {
    return new Promise((resolve) => {
        const child = spawn(binary, [], { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
        child.on("error", (error) => resolve({ error: `could not run ${binary}: ${error.message}` }));
        child.on("close", (status, signal) => {
            if (status === 0) resolve({});
            else if (status === EXIT_AFTER_SHOWING_ERROR) resolve({ bail: true });
            else resolve({ error: `program exited with ${signal ?? `non-zero exit code: ${status}`}` });
        });
    });
}

/** The LanguageRuntime service the engine calls over --client: Run starts the binary, the rest answer as the Automation API's servers do. */
function languageRuntime(binary: string): grpc.UntypedServiceImplementation {
    return {
        getRequiredPlugins: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
            callback(null, new langproto.GetRequiredPluginsResponse()),
        getRequiredPackages: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
            callback(null, new langproto.GetRequiredPackagesResponse()),
        getPluginInfo: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
            const info = new plugproto.PluginInfo();
            info.setVersion("1.0.0");
            callback(null, info);
        },
        run: (call: grpc.ServerUnaryCall<Parameters<typeof goProgramEnv>[0], unknown>, callback: grpc.sendUnaryData<unknown>) => {
            runOnce(binary, goProgramEnv(call.request)).then(({ error, bail }) => {
                const response = new langproto.RunResponse();
                if (error) response.setError(error);
                if (bail) response.setBail(true);
                callback(null, response);
            });
        },
    };
}

function usage(): never {
    console.error("Usage: node go-program.js <compiled program> -- <pulumi arguments…>");
    process.exit(2);
}

async function main(): Promise<number> {
    const separator = process.argv.indexOf("--");
    const binaryArg = process.argv[2];
    if (binaryArg === undefined || separator !== 3) usage();
    const binary = path.resolve(binaryArg);
    const server = new grpc.Server({ ...grpcChannelOptions });
    server.addService(langrpc.LanguageRuntimeService, languageRuntime(binary));
    const port: number = await new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) =>
            error ? reject(error) : resolve(p),
        ),
    );
    const args = [...process.argv.slice(separator + 1), `--client=127.0.0.1:${port}`, "--exec-kind=auto.inline"];
    const child = spawn("pulumi", args, { stdio: "inherit" });
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

if (require.main === module) main().then((code) => process.exit(code));
