/**
 * Drives @pulumi/pulumi's real dynamic-provider host (`cmd/dynamic-provider`) over gRPC, exactly as
 * the Pulumi engine does, without the Pulumi CLI. Used by the tests, the demo's no-CLI path and the
 * benchmark — one implementation of the engine boundary.
 *
 * Marshalling follows the engine: Configure args carry secrets wrapped (the host unwraps them);
 * CRUD calls carry plain values; unknowns travel as the string sentinel.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as rpc from "@pulumi/pulumi/runtime/rpc";

// Exported by runtime/rpc.js but missing from its typings.
const { serializeSecretValue } = rpc as unknown as { serializeSecretValue(value: unknown): Props };
import * as closure from "@pulumi/pulumi/runtime/closure/serializeClosure";

export type Props = Record<string, unknown>;
export type DiffKind = "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";

export interface DiffResponse {
    changes: DiffKind;
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/**
 * What the engine simulation (scripts/engine/engine.ts) drives: the resource calls, URN-addressed as
 * the engine sends them, and stop. The dynamic-provider host implements it, and so does the
 * plugin's adapter (`PluginProcess.engineHost()`), so one Engine plays both.
 */
export interface EngineHost {
    check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
    diff(urn: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<DiffResponse>;
    create(urn: string, inputs: Props): Promise<{ id: string; outs: Props }>;
    /** Refresh passes the old outputs as `properties` and the old inputs; an empty id means "gone". */
    read(urn: string, id: string, props: Props, inputs: Props): Promise<{ id: string; props: Props; inputs?: Props }>;
    update(urn: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<Props>;
    delete(urn: string, id: string, props: Props, oldInputs: Props): Promise<void>;
    stop(): Promise<void>;
}

/** A failed RPC as the engine sees it; `initFailed` is set for partial failures (ErrorResourceInitFailed). */
export class HostCallError extends Error {
    override name = "HostCallError";
    constructor(
        readonly method: string,
        readonly grpcCode: number,
        readonly details: string,
        readonly initFailed?: { id: string; properties: Props; reasons: string[] },
    ) {
        super(`${method}: ${details}`);
    }
}

/** Exactly what `new pulumi.dynamic.Resource(provider, …)` puts into `__provider`. */
export async function serializeProvider(provider: object): Promise<string> {
    const serialized = await closure.serializeFunction(() => provider, { allowSecrets: true });
    return serialized.text;
}

export interface HostOptions {
    /** The Pulumi program's directory; the engine starts plugins there and `require` resolves from it. */
    cwd: string;
    /** PULUMI_NODEJS_PROJECT: un-namespaced config keys resolve against it. */
    project: string;
    env?: NodeJS.ProcessEnv;
    /** Receives the host's stdout/stderr lines (the engine shows them as diagnostics). */
    onOutput?: (line: string) => void;
}

async function toStruct(props: Props): Promise<Struct> {
    return Struct.fromJavaScript((await rpc.serializeProperties("host", props)) as Record<string, never>);
}

/** Raw wire values, as the engine receives them: unknowns stay the sentinel string. */
function fromStruct(struct: Struct | undefined): Props {
    return struct ? (struct.toJavaScript() as Props) : {};
}

const DIFF_NAMES = Object.fromEntries(
    Object.entries(provproto.DiffResponse.DiffChanges).map(([name, value]) => [value, name]),
) as Record<number, DiffKind>;

/**
 * What the engine reads from a plugin it started: the gRPC port, the first line on stdout. Every
 * other line, of stdout and stderr, is collected (for secret scans) and passed to `onLine`.
 */
export async function portOf(
    child: ChildProcess,
    what: string,
    onLine?: (line: string) => void,
): Promise<{ port: number; output: string[] }> {
    const output: string[] = [];
    const record = (chunk: Buffer | string) => {
        for (const line of String(chunk).split("\n")) {
            if (line.length === 0) continue;
            output.push(line);
            onLine?.(line);
        }
    };
    child.stderr!.on("data", record);
    const port = await new Promise<number>((resolve, reject) => {
        let buffered = "";
        const onData = (chunk: Buffer) => {
            buffered += chunk;
            const newline = buffered.indexOf("\n");
            if (newline < 0) return;
            child.stdout!.off("data", onData);
            child.stdout!.on("data", record);
            record(buffered.slice(newline + 1));
            resolve(Number(buffered.slice(0, newline).trim()));
        };
        child.stdout!.on("data", onData);
        child.once("exit", (code) => reject(new Error(`${what} exited with ${code}: ${output.join("\n")}`)));
    });
    return { port, output };
}

export class ProviderHost implements EngineHost {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: InstanceType<typeof provrpc.ResourceProviderClient>,
        /** Everything the host printed, for secret scans. */
        readonly output: string[],
    ) {}

    /** Starts the host like the engine: `node <host> <engineAddress>`; the address is never dialled. */
    static async start(options: HostOptions): Promise<ProviderHost> {
        const hostPath = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [options.cwd] });
        const child = spawn(process.execPath, [hostPath, "127.0.0.1:1"], {
            cwd: options.cwd,
            env: { ...process.env, ...options.env, PULUMI_NODEJS_PROJECT: options.project },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const { port, output } = await portOf(child, "dynamic-provider host", options.onOutput);
        const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return new ProviderHost(child, client, output);
    }

    private call<Req, Res>(method: string, request: Req): Promise<Res> {
        return new Promise((resolve, reject) => {
            const fn = (
                this.client as unknown as Record<
                    string,
                    (request: unknown, callback: (error: grpc.ServiceError | null, response: Res) => void) => void
                >
            )[method]!;
            fn.call(this.client, request, (error: grpc.ServiceError | null, response: Res) => {
                if (!error) return resolve(response);
                reject(new HostCallError(method, error.code, error.details, initFailure(error)));
            });
        });
    }

    async pluginVersion(): Promise<string> {
        const info = await this.call<Empty, PluginInfo>("getPluginInfo", new Empty());
        return info.getVersion();
    }

    /**
     * The engine sends a dynamic provider the whole stack config, namespaced, with secret values
     * wrapped (target.go GetPackageConfig). Keys listed in `secretKeys` are wrapped the same way.
     */
    async configure(config: Record<string, string>, secretKeys: readonly string[] = []): Promise<void> {
        const args: Props = {};
        for (const [key, value] of Object.entries(config))
            args[key] = secretKeys.includes(key) ? serializeSecretValue(value) : value;
        const request = new provproto.ConfigureRequest()
            .setArgs(await toStruct(args))
            .setAcceptsecrets(true)
            .setAcceptresources(true);
        await this.call("configure", request);
    }

    async check(
        urn: string,
        olds: Props,
        news: Props,
    ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
        const request = new provproto.CheckRequest()
            .setUrn(urn)
            .setOlds(await toStruct(olds))
            .setNews(await toStruct(news));
        const response = await this.call<provproto.CheckRequest, provproto.CheckResponse>("check", request);
        return {
            inputs: fromStruct(response.getInputs()),
            failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(urn: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<DiffResponse> {
        const request = new provproto.DiffRequest()
            .setUrn(urn)
            .setId(id)
            .setOlds(await toStruct(olds))
            .setOldInputs(await toStruct(oldInputs))
            .setNews(await toStruct(news));
        const response = await this.call<provproto.DiffRequest, provproto.DiffResponse>("diff", request);
        return {
            changes: DIFF_NAMES[response.getChanges()] ?? "DIFF_UNKNOWN",
            replaces: response.getReplacesList(),
            deleteBeforeReplace: response.getDeletebeforereplace(),
        };
    }

    async create(urn: string, inputs: Props): Promise<{ id: string; outs: Props }> {
        const request = new provproto.CreateRequest().setUrn(urn).setProperties(await toStruct(inputs));
        const response = await this.call<provproto.CreateRequest, provproto.CreateResponse>("create", request);
        return { id: response.getId(), outs: fromStruct(response.getProperties()) };
    }

    async read(urn: string, id: string, props: Props, inputs: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
        const request = new provproto.ReadRequest()
            .setUrn(urn)
            .setId(id)
            .setProperties(await toStruct(props))
            .setInputs(await toStruct(inputs));
        const response = await this.call<provproto.ReadRequest, provproto.ReadResponse>("read", request);
        const returnedInputs = response.getInputs();
        return {
            id: response.getId(),
            props: fromStruct(response.getProperties()),
            ...(returnedInputs ? { inputs: fromStruct(returnedInputs) } : {}),
        };
    }

    async update(urn: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<Props> {
        const request = new provproto.UpdateRequest()
            .setUrn(urn)
            .setId(id)
            .setOlds(await toStruct(olds))
            .setOldInputs(await toStruct(oldInputs))
            .setNews(await toStruct(news));
        const response = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>("update", request);
        return fromStruct(response.getProperties());
    }

    async delete(urn: string, id: string, props: Props, oldInputs: Props): Promise<void> {
        const request = new provproto.DeleteRequest()
            .setUrn(urn)
            .setId(id)
            .setProperties(await toStruct(props))
            .setOldInputs(await toStruct(oldInputs));
        await this.call("delete", request);
    }

    async stop(): Promise<void> {
        this.client.close();
        // A process ended by a signal has exitCode null and signalCode set: it will not exit again.
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise((resolve) => this.child.once("exit", resolve));
        this.child.kill();
        await exited;
    }
}

/** Unpacks ErrorResourceInitFailed from the grpc-status-details-bin trailer, as the engine does. */
function initFailure(error: grpc.ServiceError): HostCallError["initFailed"] {
    const raw = error.metadata?.get("grpc-status-details-bin")?.[0];
    if (!raw) return undefined;
    const statusproto = require("@pulumi/pulumi/proto/status_pb") as typeof import("@pulumi/pulumi/proto/status_pb");
    const status = statusproto.Status.deserializeBinary(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
    for (const any of status.getDetailsList()) {
        if (!any.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
        const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
        return { id: detail.getId(), properties: fromStruct(detail.getProperties()), reasons: detail.getReasonsList() };
    }
    return undefined;
}
