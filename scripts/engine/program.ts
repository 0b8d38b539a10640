/**
 * Runs a Pulumi program in this process with pulumi.runtime.setMocks and returns the dynamic
 * resources it declares — type, logical name and inputs, including the serialized `__provider` —
 * exactly what the engine would receive from the language host. Fed to Engine, this lets the very
 * same program be deployed through the real dynamic-provider host when the CLI is not installed.
 */
import path from "node:path";
import type { DeclaredResource } from "./engine";

export interface ProgramOptions {
    project: string;
    stack?: string;
    /** Stack config, fully-qualified keys ("project:manifest", "tencent-chat:region"). */
    config?: Record<string, string>;
    /** Directory the program runs in (Pulumi runs programs in the project directory). */
    cwd: string;
}

const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic/";

export async function declaredResources(programPath: string, options: ProgramOptions): Promise<DeclaredResource[]> {
    // The program's own @pulumi/pulumi: the one its resources register with.
    const fromProgram = (id: string) => require(require.resolve(id, { paths: [path.dirname(programPath)] }));
    const pulumi = fromProgram("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const settings = fromProgram("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

    const declared: DeclaredResource[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                if (args.type.startsWith(DYNAMIC_TYPE_PREFIX)) {
                    declared.push({ type: args.type, name: args.name, inputs: { ...args.inputs } });
                }
                return { id: args.custom ? `${args.name}-preview-id` : undefined, state: args.inputs };
            },
            call: () => ({}),
        },
        options.project,
        options.stack ?? "dev",
        /* preview */ true,
    );
    pulumi.runtime.setAllConfig(options.config ?? {});

    const previousCwd = process.cwd();
    process.chdir(options.cwd);
    try {
        require(programPath);
        await settings.waitForRPCs();
    } finally {
        process.chdir(previousCwd);
    }
    return declared;
}
