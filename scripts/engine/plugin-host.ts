/**
 * Drives the `tencent-chat` provider plugin exactly as the Pulumi engine does, without the CLI: the
 * nodejs language host's launch (`node <@pulumi/pulumi/cmd/run-plugin> <plugin dir> <engine address>`,
 * working directory the user's project), the port read from the first stdout line, then the
 * ResourceProvider protocol over gRPC. Every request and response is kept in `transcript`. Used by
 * the plugin tests and by the benchmark (through `engineHost()`, which the Engine drives).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { HostCallError, portOf, type DiffResponse, type EngineHost } from "./host";

export type Props = Record<string, unknown>;
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The installed package's plugin directory, found the way a project's `plugins.providers[].path` would name it. */
export const PLUGIN_DIR = path.join(path.dirname(require.resolve("pulumi-tencent-chat/package.json")), "plugin");
/** The plugin's executable in PLUGIN_DIR, as the engine names a resource plugin: `pulumi-resource-<package>`. */
export const PLUGIN_EXECUTABLE = "pulumi-resource-tencent-chat";
export const CHANNEL = "tencent-chat:index:OfficialChannel";
export const SUBSCRIPTION = "tencent-chat:index:ChannelSubscription";

/** The engine's secret wrapper. */
export function secret(value: unknown): Props {
    return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

export class PluginCallError extends Error {
    override name = "PluginCallError";
    constructor(
        readonly method: string,
        readonly code: number,
        readonly details: string,
        readonly metadata: grpc.Metadata | undefined,
    ) {
        super(`${method}: ${details}`);
    }
}

const DIFF = Object.fromEntries(Object.entries(provproto.DiffResponse.DiffChanges).map(([k, v]) => [v, k]));
const KIND = Object.fromEntries(Object.entries(provproto.PropertyDiff.Kind).map(([k, v]) => [v, k]));

export interface Diff {
    changes: string;
    replaces: string[];
    diffs: string[];
    deleteBeforeReplace: boolean;
    hasDetailedDiff: boolean;
    detailedDiff: Record<string, string>;
    /** Per detailed-diff entry: whether it compares old and new inputs (true) or the old state with the new inputs (false). */
    inputDiff: Record<string, boolean>;
}

export interface NamingOptions {
    /**
     * The Check's seed. Left out, a fresh 32 random bytes, as the real engine draws for every resource
     * in every deployment unless an update plan pins it (pkg/resource/deploy/step_generator.go,
     * v3.276.0 ~1182–1196): a preview and the update after it do not share a seed.
     */
    randomSeed?: Uint8Array;
    autonaming?: { proposedName: string; mode: "PROPOSE" | "ENFORCE" | "DISABLE" };
}

export class PluginProcess {
    readonly transcript: Array<{ method: string; request: unknown; response?: unknown; error?: string }> = [];

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: InstanceType<typeof provrpc.ResourceProviderClient>,
        /** Every line the plugin printed (stdout after the port, and stderr). */
        readonly output: string[],
    ) {}

    static async start(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<PluginProcess> {
        // As pulumi-language-nodejs RunPlugin does: run-plugin resolved from the plugin directory.
        const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [PLUGIN_DIR] });
        const child = spawn(process.execPath, [runPlugin, PLUGIN_DIR, "127.0.0.1:1"], {
            cwd: options.cwd,
            env: options.env ?? process.env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const { port, output } = await portOf(child, "plugin");
        if (!Number.isInteger(port) || port <= 0) throw new Error(`plugin printed ${port} as its port`);
        const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return new PluginProcess(child, client, output);
    }

    async stop(): Promise<void> {
        this.client.close();
        // A process ended by a signal has exitCode null and signalCode set: it will not exit again.
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise((resolve) => this.child.once("exit", resolve));
        this.child.kill("SIGTERM");
        await exited;
    }

    /** One RPC; the transcript keeps the request and the answer as the engine reads them (plain JS, secrets still wrapped). */
    private call<Res, Out>(method: string, request: object, view: unknown, convert: (response: Res) => Out): Promise<Out> {
        const entry: PluginProcess["transcript"][number] = { method, request: view };
        this.transcript.push(entry);
        return new Promise((resolve, reject) => {
            const fn = (
                this.client as unknown as Record<
                    string,
                    (request: unknown, callback: (error: grpc.ServiceError | null, response: Res) => void) => void
                >
            )[method]!;
            fn.call(this.client, request, (error: grpc.ServiceError | null, response: Res) => {
                if (error) {
                    entry.error = error.details;
                    return reject(new PluginCallError(method, error.code, error.details, error.metadata));
                }
                const out = convert(response);
                entry.response = out;
                resolve(out);
            });
        });
    }

    async pluginInfo(): Promise<string> {
        return this.call("getPluginInfo", new Empty(), {}, (r: PluginInfo) => r.getVersion());
    }

    async schema(): Promise<string> {
        return this.call("getSchema", new provproto.GetSchemaRequest(), {}, (r: provproto.GetSchemaResponse) => r.getSchema());
    }

    async checkConfig(news: Props, olds: Props = {}) {
        const request = new provproto.CheckRequest()
            .setUrn("urn:pulumi:dev::chat-yaml::pulumi:providers:tencent-chat::default")
            .setName("default")
            .setType("pulumi:providers:tencent-chat")
            .setOlds(Struct.fromJavaScript(olds as never))
            .setNews(Struct.fromJavaScript(news as never));
        return this.call("checkConfig", request, { olds, news }, toCheck);
    }

    async diffConfig(olds: Props, news: Props): Promise<Diff> {
        const request = new provproto.DiffRequest()
            .setUrn("urn:pulumi:dev::chat-yaml::pulumi:providers:tencent-chat::default")
            .setOlds(Struct.fromJavaScript(olds as never))
            .setNews(Struct.fromJavaScript(news as never));
        return this.call("diffConfig", request, { olds, news }, toDiff);
    }

    /** As the engine configures a provider: its checked inputs in `args`, secrets wrapped. */
    async configure(args: Props) {
        const request = new provproto.ConfigureRequest()
            .setArgs(Struct.fromJavaScript(args as never))
            .setAcceptsecrets(true)
            .setAcceptresources(true)
            .setSendsOldInputs(true)
            .setSendsOldInputsToDelete(true);
        return this.call(
            "configure",
            request,
            { args, acceptSecrets: true, acceptResources: true },
            (r: provproto.ConfigureResponse) => r.toObject(),
        );
    }

    urn(type: string, name: string): string {
        return `urn:pulumi:dev::chat-yaml::${type}::${name}`;
    }

    /**
     * Construct as the engine sends it for a component declared in the program: its inputs, its
     * parent, the providers its children use (package → `<provider urn>::<id>`), and the
     * ResourceMonitor the plugin registers them with.
     */
    async construct(
        type: string,
        name: string,
        inputs: Props,
        options: { monitor: string; parent?: string; providers?: Record<string, string>; dryRun?: boolean },
    ): Promise<{ urn: string; state: Props }> {
        const request = new provproto.ConstructRequest()
            .setProject("chat-yaml")
            .setStack("dev")
            .setType(type)
            .setName(name)
            .setParent(options.parent ?? "urn:pulumi:dev::chat-yaml::pulumi:pulumi:Stack::chat-yaml-dev")
            .setInputs(Struct.fromJavaScript(inputs as never))
            .setMonitorendpoint(options.monitor)
            .setDryrun(options.dryRun ?? false)
            .setParallel(4);
        for (const [pkg, ref] of Object.entries(options.providers ?? {})) request.getProvidersMap().set(pkg, ref);
        return this.call("construct", request, { type, name, inputs, ...options }, (r: provproto.ConstructResponse) => ({
            urn: r.getUrn(),
            state: (r.getState()?.toJavaScript() ?? {}) as Props,
        }));
    }

    async check(type: string, name: string, olds: Props, news: Props, naming: NamingOptions = {}) {
        const randomSeed = naming.randomSeed ?? randomBytes(32);
        const request = new provproto.CheckRequest()
            .setUrn(this.urn(type, name))
            .setName(name)
            .setType(type)
            .setOlds(Struct.fromJavaScript(olds as never))
            .setNews(Struct.fromJavaScript(news as never));
        request.setRandomseed(randomSeed);
        if (naming.autonaming) {
            request.setAutonaming(
                new provproto.CheckRequest.AutonamingOptions()
                    .setProposedName(naming.autonaming.proposedName)
                    .setMode(provproto.CheckRequest.AutonamingOptions.Mode[naming.autonaming.mode]),
            );
        }
        return this.call(
            "check",
            request,
            {
                urn: this.urn(type, name),
                olds,
                news,
                randomSeed: Buffer.from(randomSeed).toString("hex"),
                autonaming: naming.autonaming,
            },
            toCheck,
        );
    }

    async diff(type: string, name: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<Diff> {
        const request = new provproto.DiffRequest()
            .setUrn(this.urn(type, name))
            .setName(name)
            .setType(type)
            .setId(id)
            .setOlds(Struct.fromJavaScript(olds as never))
            .setOldInputs(Struct.fromJavaScript(oldInputs as never))
            .setNews(Struct.fromJavaScript(news as never));
        return this.call("diff", request, { urn: this.urn(type, name), id, olds, oldInputs, news }, toDiff);
    }

    async create(type: string, name: string, properties: Props): Promise<{ id: string; outs: Props }> {
        const request = new provproto.CreateRequest()
            .setUrn(this.urn(type, name))
            .setName(name)
            .setType(type)
            .setProperties(Struct.fromJavaScript(properties as never))
            .setTimeout(300);
        return this.call("create", request, { urn: this.urn(type, name), properties }, (r: provproto.CreateResponse) => ({
            id: r.getId(),
            outs: plain(r.getProperties()),
        }));
    }

    /** Refresh sends the old outputs and inputs; import sends only the id. */
    async read(
        type: string,
        name: string,
        id: string,
        properties?: Props,
        inputs?: Props,
    ): Promise<{ id: string; props: Props; inputs?: Props }> {
        const request = new provproto.ReadRequest().setUrn(this.urn(type, name)).setName(name).setType(type).setId(id);
        if (properties) request.setProperties(Struct.fromJavaScript(properties as never));
        if (inputs) request.setInputs(Struct.fromJavaScript(inputs as never));
        return this.call("read", request, { urn: this.urn(type, name), id, properties, inputs }, (r: provproto.ReadResponse) => {
            const returned = r.getInputs();
            return { id: r.getId(), props: plain(r.getProperties()), ...(returned ? { inputs: plain(returned) } : {}) };
        });
    }

    async update(type: string, name: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<Props> {
        const request = new provproto.UpdateRequest()
            .setUrn(this.urn(type, name))
            .setName(name)
            .setType(type)
            .setId(id)
            .setOlds(Struct.fromJavaScript(olds as never))
            .setOldInputs(Struct.fromJavaScript(oldInputs as never))
            .setNews(Struct.fromJavaScript(news as never));
        return this.call(
            "update",
            request,
            { urn: this.urn(type, name), id, olds, oldInputs, news },
            (r: provproto.UpdateResponse) => plain(r.getProperties()),
        );
    }

    async delete(type: string, name: string, id: string, properties: Props, oldInputs: Props = {}): Promise<void> {
        const request = new provproto.DeleteRequest()
            .setUrn(this.urn(type, name))
            .setName(name)
            .setType(type)
            .setId(id)
            .setProperties(Struct.fromJavaScript(properties as never))
            .setOldInputs(Struct.fromJavaScript(oldInputs as never));
        await this.call("delete", request, { urn: this.urn(type, name), id, properties }, () => ({}));
    }

    async invoke(tok: string, args: Props): Promise<Props> {
        const request = new provproto.InvokeRequest().setTok(tok).setArgs(Struct.fromJavaScript(args as never));
        return this.call("invoke", request, { tok, args }, (r: provproto.InvokeResponse) => plain(r.getReturn()));
    }

    /**
     * The same calls in the shape scripts/engine/engine.ts drives (URN-addressed, like ProviderHost),
     * so the Engine can play `up`, `refresh` and `destroy` through the plugin.
     */
    engineHost(): EngineHost {
        const parse = (urn: string) => {
            const parts = urn.split("::");
            return { type: parts[2]!, name: parts.slice(3).join("::") };
        };
        const initFailed = (error: unknown): never => {
            if (!(error instanceof PluginCallError)) throw error;
            const raw = error.metadata?.get("grpc-status-details-bin")[0];
            const detail = raw
                ? statusproto.Status.deserializeBinary(raw as Buffer)
                      .getDetailsList()[0]
                      ?.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed")
                : undefined;
            throw new HostCallError(
                error.method,
                error.code,
                error.details,
                detail
                    ? { id: detail.getId(), properties: plain(detail.getProperties()), reasons: detail.getReasonsList() }
                    : undefined,
            );
        };
        return {
            check: (urn: string, olds: Props, news: Props) =>
                this.check(parse(urn).type, parse(urn).name, olds, news).catch(initFailed),
            diff: async (urn: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<DiffResponse> => {
                const d = await this.diff(parse(urn).type, parse(urn).name, id, olds, oldInputs, news).catch(initFailed);
                return {
                    changes: d.changes as DiffResponse["changes"],
                    replaces: d.replaces,
                    deleteBeforeReplace: d.deleteBeforeReplace,
                };
            },
            create: (urn: string, inputs: Props) => this.create(parse(urn).type, parse(urn).name, inputs).catch(initFailed),
            read: (urn: string, id: string, props: Props, inputs: Props) =>
                this.read(parse(urn).type, parse(urn).name, id, props, inputs).catch(initFailed),
            update: (urn: string, id: string, olds: Props, oldInputs: Props, news: Props) =>
                this.update(parse(urn).type, parse(urn).name, id, olds, oldInputs, news).catch(initFailed),
            delete: (urn: string, id: string, props: Props, oldInputs: Props) =>
                this.delete(parse(urn).type, parse(urn).name, id, props, oldInputs).catch(initFailed),
            stop: () => this.stop(),
        };
    }

    /** The child's pid, for the benchmark's memory and CPU sampling. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    async cancel(): Promise<void> {
        await this.call("cancel", new Empty(), {}, () => ({}));
    }
}

function plain(struct: Struct | undefined): Props {
    return (struct?.toJavaScript() ?? {}) as Props;
}

function toCheck(response: provproto.CheckResponse) {
    return {
        inputs: plain(response.getInputs()),
        failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
}

function toDiff(response: provproto.DiffResponse): Diff {
    const detailedDiff: Record<string, string> = {};
    const inputDiff: Record<string, boolean> = {};
    response.getDetaileddiffMap().forEach((value, key) => {
        detailedDiff[key] = KIND[value.getKind()]!;
        inputDiff[key] = value.getInputdiff();
    });
    return {
        changes: DIFF[response.getChanges()]!,
        replaces: response.getReplacesList(),
        diffs: response.getDiffsList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
        hasDetailedDiff: response.getHasdetaileddiff(),
        detailedDiff,
        inputDiff,
    };
}

/** The environment without any TENCENT_CHAT_* variable, so tests see only what they configure. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("TENCENT_CHAT_")) env[k] = v;
    return { ...env, ...extra };
}
