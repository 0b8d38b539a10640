/**
 * Warnings the engine shows its user. A plugin's stderr reaches the CLI only in its verbose logs,
 * so a warning that matters (refresh dropping a channel someone else re-created at our ID) goes
 * through the engine's own Log service, attached to the resource it is about, as every provider
 * does. Without an engine to reach (the tests' harness, a plugin started by hand) it goes to stderr.
 */
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";

/** Sends one warning about `urn` (or the whole deployment); resolves once it is delivered or written to stderr. */
export type WarningSink = (message: string, urn?: string) => Promise<void>;

/** How long one Log call may take before the warning goes to stderr instead. */
const LOG_DEADLINE_MS = 5_000;

/**
 * The engine's address among a plugin's arguments: the engine passes its flags first and its
 * address (`127.0.0.1:port`) last; run-plugin passes the plugin directory before it.
 */
export function engineAddressOf(argv: readonly string[]): string | undefined {
    return [...argv].reverse().find((arg) => /^(\[[0-9a-f:]+\]|[\w.-]+):\d{1,5}$/i.test(arg));
}

/** A sink that logs to the engine at `address`, falling back to stderr when there is none or it does not answer. */
export function warningSink(address: string | undefined): WarningSink {
    const toStderr = (message: string) => {
        process.stderr.write(`warning: ${message}\n`);
    };
    if (address === undefined) return async (message) => toStderr(message);
    let client: enginerpc.EngineClient | undefined;
    return (message, urn) =>
        new Promise((resolve) => {
            client ??= new enginerpc.EngineClient(address, grpc.credentials.createInsecure());
            const request = new engineproto.LogRequest()
                .setSeverity(engineproto.LogSeverity.WARNING)
                .setMessage(message)
                .setUrn(urn ?? "");
            client.log(request, new grpc.Metadata(), { deadline: Date.now() + LOG_DEADLINE_MS }, (error) => {
                if (error) toStderr(message);
                resolve();
            });
        });
}
