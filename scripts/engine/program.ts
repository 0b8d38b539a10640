/**
 * Runs a Pulumi program in this process with pulumi.runtime.setMocks and returns the dynamic
 * resources it declares — type, logical name, inputs (including the serialized `__provider`),
 * resource options and dependencies — exactly what the engine would receive from the language host
 * in RegisterResource. Fed to Engine, this lets the very same program be deployed through the real
 * dynamic-provider host when the CLI is not installed.
 *
 * The mocks' newResource callback sees neither options nor dependencies, so the mock monitor's
 * registerResource is wrapped to read them from the request itself.
 */
import path from "node:path";
import type { DeclaredResource, ResourceOptions } from "./engine";

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
    const settings = fromProgram("@pulumi/pulumi/runtime/settings") as {
        waitForRPCs(): Promise<void>;
        getMonitor(): MonitorLike;
    };

    const declared: DeclaredResource[] = [];
    const registered = new Map<string, Pick<DeclaredResource, "options" | "dependencies" | "propertyDependencies">>();
    const stack = options.stack ?? "dev";
    const engineUrn = (urn: string) => toEngineUrn(urn, options.project, stack);
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                if (args.type.startsWith(DYNAMIC_TYPE_PREFIX)) {
                    declared.push({
                        type: args.type,
                        name: args.name,
                        inputs: { ...args.inputs },
                        ...registered.get(`${args.type}::${args.name}`),
                    });
                }
                return { id: args.custom ? `${args.name}-preview-id` : undefined, state: args.inputs };
            },
            call: () => ({}),
        },
        options.project,
        stack,
        /* preview */ true,
    );
    const monitor = settings.getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        registered.set(`${req.getType()}::${req.getName()}`, describeRequest(req, engineUrn));
        return registerResource(req, callback);
    };
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

/** The parts of RegisterResourceRequest (proto/resource_pb) the engine acts on. */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getIgnorechangesList(): string[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

interface MonitorLike {
    registerResource(req: RegisterRequest, callback: (error: unknown, response: unknown) => void): unknown;
}

function describeRequest(
    req: RegisterRequest,
    engineUrn: (urn: string) => string,
): Pick<DeclaredResource, "options" | "dependencies" | "propertyDependencies"> {
    const options: ResourceOptions = {};
    if (req.getProtect()) options.protect = true;
    if (req.getRetainondelete()) options.retainOnDelete = true;
    if (req.getIgnorechangesList().length > 0) options.ignoreChanges = req.getIgnorechangesList();
    // deleteBeforeReplace overrides the provider only when the program set it (deleteBeforeReplaceDefined).
    if (req.getDeletebeforereplacedefined()) options.deleteBeforeReplace = req.getDeletebeforereplace();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
        if (value.getUrnsList().length > 0) propertyDependencies[key] = value.getUrnsList().map(engineUrn);
    });
    const dependencies = req.getDependenciesList().map(engineUrn);
    return {
        ...(Object.keys(options).length > 0 ? { options } : {}),
        ...(dependencies.length > 0 ? { dependencies } : {}),
        ...(Object.keys(propertyDependencies).length > 0 ? { propertyDependencies } : {}),
    };
}

/**
 * A mock URN (`urn:pulumi:stack::project::parent$type::name`) in Engine.urn's form (no parent
 * types), which is how the simulation's state is keyed.
 */
function toEngineUrn(urn: string, project: string, stack: string): string {
    const parts = urn.split("::");
    const qualified = parts[2] ?? "";
    const type = qualified.slice(qualified.lastIndexOf("$") + 1);
    return `urn:pulumi:${stack}::${project}::${type}::${parts.slice(3).join("::")}`;
}
