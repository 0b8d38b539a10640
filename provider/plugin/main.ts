#!/usr/bin/env node
/**
 * Entry point of the `tencent-chat` provider plugin, however it is started:
 * - by the Pulumi CLI through the package's `plugin/` directory (PulumiPlugin.yaml, runtime nodejs):
 *   `node <@pulumi/pulumi/cmd/run-plugin> <plugin dir> <engine address>` requires plugin/index.js,
 *   which calls `main()`;
 * - as the `pulumi-resource-tencent-chat` executable on PATH: `pulumi-resource-tencent-chat <engine address>`.
 * Either way the first line on stdout is the port the engine dials.
 */
import { engineAddressOf } from "./engine-log";
import { serve } from "./server";

/**
 * Starts the provider's gRPC server on 127.0.0.1 and prints its port as the first stdout line, the
 * handshake the engine waits for. The server then runs until the engine kills the process.
 */
export async function main(): Promise<void> {
    const { port } = await serve({ engineAddress: engineAddressOf(process.argv.slice(2)) });
    // A string, so Node never colours it; the engine reads exactly this line.
    process.stdout.write(`${port}\n`);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        process.stderr.write(
            `tencent-chat provider failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
    });
}
