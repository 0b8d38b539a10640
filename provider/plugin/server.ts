/**
 * The `tencent-chat` ResourceProvider gRPC server: the engine's protocol (provider.proto) on one
 * side, the resource handlers and lookups on the other. One server is one provider instance — the
 * engine starts a plugin process per default or explicit provider — with its own settings, client,
 * rate limiter and read batcher.
 *
 * Our own server rather than `@pulumi/pulumi/provider`'s `main`, which answers Configure without
 * passing the configuration on and leaves CheckConfig/DiffConfig unimplemented.
 */
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { ClientSlot } from "../api/client-slot";
import { redact } from "../tencent/redact";
import type { ChatClient } from "../api/types";
import { UNKNOWN } from "../kit/unknown";
import { packageVersion } from "../kit/version";
import type { AutonamingMode, Naming } from "./autoname";
import { checkConfig, checkedConfig, clientOptionsFor, diffConfig } from "./config";
import { FUNCTIONS } from "./functions";
import { warningSink, type WarningSink } from "./engine-log";
import { forPluginUsers, internalInputFailures } from "./messages";
import { RESOURCES, type DiffOutcome, type ResourceHandler } from "./resources";
import { packageSchema, TOKENS } from "./schema";
import { isSecret, jsonSafe, rewrap, Scrubber, secret, secretValues, unwrap, type Props } from "./values";

type Callback<T> = (
    error: grpc.ServiceError | Partial<grpc.StatusObject> | null,
    value?: T | null,
    trailer?: grpc.Metadata,
) => void;
type Call<T> = { request: T };

/** Puts text the way the engine may show it (see TencentChatProviderService.sayFor). */
type Say = (text: string) => string;

/** Check failures as the engine shows them, each reason put through `say` like every other message. */
function checkFailures(list: ReadonlyArray<{ property: string; reason: string }>, say: Say): provproto.CheckFailure[] {
    return list.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(say(f.reason)));
}

/** The request fields that carry property values, one of which may hold a secret. */
const PROPERTY_GETTERS = ["getNews", "getOlds", "getProperties", "getInputs", "getOldInputs", "getArgs"] as const;

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` → type and name, for engines that send neither separately. */
function fromUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    return { type: (parts[2] ?? "").split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

const MODES: Record<number, AutonamingMode> = {
    [provproto.CheckRequest.AutonamingOptions.Mode.PROPOSE]: "propose",
    [provproto.CheckRequest.AutonamingOptions.Mode.ENFORCE]: "enforce",
    [provproto.CheckRequest.AutonamingOptions.Mode.DISABLE]: "disable",
};

const Kind = provproto.PropertyDiff.Kind;

function struct(props: Props): Struct {
    return Struct.fromJavaScript(jsonSafe(props) as Record<string, never>);
}

function read(s: Struct | undefined): Props {
    return (s?.toJavaScript() ?? {}) as Props;
}

/** The engine's naming facts for a check: the logical name, its random seed and the autonaming options. */
function namingOf(req: provproto.CheckRequest, nameFromUrn: string): Naming {
    const autonaming = req.getAutonaming();
    return {
        name: req.getName() || nameFromUrn,
        randomSeed: req.getRandomseed_asU8(),
        ...(autonaming
            ? { autonaming: { proposedName: autonaming.getProposedName(), mode: MODES[autonaming.getMode()] ?? "propose" } }
            : {}),
    };
}

/** A diff decision as the engine reads it: each field marked update or replace, added where the old state lacks it. */
function diffResponse(result: DiffOutcome, olds: Props): provproto.DiffResponse {
    const fields = Object.entries(result.fields);
    const response = new provproto.DiffResponse()
        .setChanges(result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
        .setDiffsList(fields.map(([name]) => name))
        .setReplacesList(fields.filter(([, kind]) => kind === "replace").map(([name]) => name))
        .setDeletebeforereplace(result.deleteBeforeReplace)
        .setHasdetaileddiff(true);
    for (const [name, kind] of fields) {
        const added = olds[name] === undefined;
        const replace = kind === "replace";
        const k = added ? (replace ? Kind.ADD_REPLACE : Kind.ADD) : replace ? Kind.UPDATE_REPLACE : Kind.UPDATE;
        response.getDetaileddiffMap().set(name, new provproto.PropertyDiff().setKind(k).setInputdiff(false));
    }
    return response;
}

/** A request the provider cannot serve (unknown type or function token, settings not known yet); returned as gRPC UNKNOWN. */
export class ProviderError extends Error {
    override name = "ProviderError";
}

/**
 * One provider instance's ResourceProvider service. `implementation` holds the gRPC handlers; every
 * error they return is redacted (the SecretKey and UserSigs never reach the engine). The client is
 * built at Configure when every setting is known (so wrong settings fail before any resource), else
 * on first use, so a preview that needs no API call works while settings are still unknown.
 */
export class TencentChatProviderService {
    private config: Props = {};
    /** Built when first needed, once per Configure (see chat). */
    private client: ChatClient | undefined;
    private readonly clients = new ClientSlot();
    /** Masked from every message this server returns, whatever its origin. */
    private secretKey: string | undefined;

    constructor(
        private readonly version: string,
        private readonly env: NodeJS.ProcessEnv = process.env,
        private readonly warnings: WarningSink = warningSink(undefined),
        /** The engine's address, for the SDK runtime that registers a component's children. */
        private readonly engineAddress?: string,
    ) {}

    /**
     * The error the engine sees: redacted, and for a resource that exists but did not finish,
     * ErrorResourceInitFailed so it stays in state.
     */
    private fail(error: unknown, secrets: ReadonlySet<string>, say: Say): Partial<grpc.StatusObject> {
        const message = say(error instanceof Error ? error.message : String(error));
        const metadata = new grpc.Metadata();
        const partial = error as { id?: unknown; properties?: Props; reasons?: string[] };
        if (typeof partial.id === "string" && partial.id !== "") {
            const detail = new provproto.ErrorResourceInitFailed();
            detail.setId(partial.id);
            detail.setProperties(struct(rewrap(partial.properties ?? {}, secrets)));
            detail.setReasonsList((partial.reasons ?? [message]).map(say));
            const details = new Any();
            details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
            const status = new statusproto.Status();
            status.setCode(grpc.status.UNKNOWN);
            status.setMessage(message);
            status.addDetails(details);
            metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
        }
        return { code: grpc.status.UNKNOWN, details: message, metadata };
    }

    /**
     * How this request's answers put text: the SecretKey and UserSigs redacted, every value the
     * request carried as a secret shown as `[secret]` (each request carries its own: the engine
     * sends a resource's secrets with every call about it), advice worded for the plugin's users.
     */
    private sayFor(request: unknown): Say {
        const scrubber = new Scrubber();
        for (const getter of PROPERTY_GETTERS) {
            const get = (request as Record<string, unknown>)[getter];
            if (typeof get === "function") scrubber.add(secretValues(read(get.call(request) as Struct | undefined)));
        }
        return (text) => scrubber.scrub(forPluginUsers(redact(text, this.secretKey ? [this.secretKey] : [])));
    }

    /**
     * One request's handler: `say` puts its text (see sayFor), `warn` sends a warning about the
     * request's resource to the engine, scrubbed the same way; the answer waits for the warnings,
     * so they show before the engine moves on.
     */
    private handle<Req, Res>(
        work: (request: Req, say: Say, warn: (line: string) => void) => Promise<Res>,
        secretsOf: (request: Req) => ReadonlySet<string> = () => new Set(),
    ) {
        return (call: Call<Req>, callback: Callback<Res>) => {
            const say = this.sayFor(call.request);
            const getUrn = (call.request as { getUrn?: () => string }).getUrn;
            const urn = typeof getUrn === "function" ? getUrn.call(call.request) || undefined : undefined;
            const sent: Promise<void>[] = [];
            const warn = (line: string) => void sent.push(this.warnings(say(line), urn));
            const delivered = () => Promise.allSettled(sent);
            work(call.request, say, warn).then(
                (response) => delivered().then(() => callback(null, response)),
                (error) => {
                    const status = this.fail(error, secretsOf(call.request), say);
                    void delivered().then(() => callback(status, null, status.metadata));
                },
            );
        };
    }

    private resource(type: string): ResourceHandler {
        const handler = RESOURCES[type];
        if (!handler)
            throw new ProviderError(
                `tencent-chat has no resource type ${JSON.stringify(type)}; it has ${Object.keys(RESOURCES).join(", ")}.`,
            );
        return handler;
    }

    private chat(): ChatClient {
        if (this.client) return this.client;
        if (Object.values(this.config).some((v) => v === UNKNOWN)) {
            throw new ProviderError(
                "The tencent-chat provider's configuration is not known yet " +
                    "(it depends on values computed during the update); it cannot call Tencent before then.",
            );
        }
        const options = clientOptionsFor(this.config, this.env);
        this.secretKey = options.secretKey;
        this.client = this.clients.get(options);
        return this.client;
    }

    readonly implementation = {
        getPluginInfo: this.handle<Empty, plugproto.PluginInfo>(async () => new plugproto.PluginInfo().setVersion(this.version)),

        getSchema: this.handle<provproto.GetSchemaRequest, provproto.GetSchemaResponse>(async () =>
            new provproto.GetSchemaResponse().setSchema(JSON.stringify(packageSchema(this.version))),
        ),

        checkConfig: this.handle<provproto.CheckRequest, provproto.CheckResponse>(async (req, say) => {
            const news = unwrap(read(req.getNews()));
            const failures = checkConfig(news.plain, this.env);
            // The SecretKey goes back secret even when it was given in the clear, so it is stored encrypted.
            const checked = checkedConfig(news.plain);
            const secrets = new Set([...[...news.secrets].filter((k) => news.plain[k] !== UNKNOWN), ...checked.secrets]);
            const response = new provproto.CheckResponse().setInputs(struct(rewrap(checked.inputs, secrets)));
            response.setFailuresList(checkFailures(failures, say));
            return response;
        }),

        diffConfig: this.handle<provproto.DiffRequest, provproto.DiffResponse>(async (req) => {
            const { changed } = diffConfig(unwrap(read(req.getOlds())).plain, unwrap(read(req.getNews())).plain);
            const response = new provproto.DiffResponse()
                .setChanges(
                    changed.length > 0
                        ? provproto.DiffResponse.DiffChanges.DIFF_SOME
                        : provproto.DiffResponse.DiffChanges.DIFF_NONE,
                )
                .setDiffsList(changed)
                .setHasdetaileddiff(true);
            for (const key of changed) response.getDetaileddiffMap().set(key, new provproto.PropertyDiff().setKind(Kind.UPDATE));
            return response;
        }),

        configure: this.handle<provproto.ConfigureRequest, provproto.ConfigureResponse>(async (req) => {
            let config = unwrap(read(req.getArgs())).plain;
            if (Object.keys(config).length === 0) {
                // Old engines send only `variables`, keyed `tencent-chat:config:<key>`.
                config = Object.fromEntries(
                    req
                        .getVariablesMap()
                        .toArray()
                        .map(([k, v]) => [k.replace(/^tencent-chat:(config:)?/, ""), v]),
                );
            }
            this.config = config;
            this.client = undefined;
            this.clients.clear();
            // Fail here, before any resource, when the settings are known and wrong.
            if (!Object.values(config).some((v) => v === UNKNOWN)) this.chat();
            return new provproto.ConfigureResponse()
                .setAcceptsecrets(true)
                .setAcceptresources(true)
                .setAcceptoutputs(false)
                .setSupportspreview(false)
                .setSupportsAutonamingConfiguration(true);
        }),

        check: this.handle<provproto.CheckRequest, provproto.CheckResponse>(
            async (req, say) => {
                const fromName = fromUrn(req.getUrn());
                const type = req.getType() || fromName.type;
                const olds = unwrap(read(req.getOlds()));
                const news = unwrap(read(req.getNews()));
                const naming = namingOf(req, fromName.name);
                const handler = this.resource(type);
                // The engine's inputs as the program gave them: internal ones are the provider's to set.
                const internal = internalInputFailures(news.plain, type);
                const result = await handler.check(olds.plain, news.plain, naming);
                const response = new provproto.CheckResponse().setInputs(struct(rewrap(result.inputs, news.secrets)));
                const named = new Set(internal.map((f) => f.property));
                response.setFailuresList(
                    checkFailures([...internal, ...result.failures.filter((f) => !named.has(f.property))], say),
                );
                return response;
            },
            (req) => unwrap(read(req.getNews())).secrets,
        ),

        diff: this.handle<provproto.DiffRequest, provproto.DiffResponse>(async (req, _say, warn) => {
            const type = req.getType() || fromUrn(req.getUrn()).type;
            const olds = unwrap(read(req.getOlds())).plain;
            const news = unwrap(read(req.getNews())).plain;
            return diffResponse(await this.resource(type).diff(() => this.chat(), req.getId(), olds, news, warn), olds);
        }),

        create: this.handle<provproto.CreateRequest, provproto.CreateResponse>(
            async (req) => {
                const type = req.getType() || fromUrn(req.getUrn()).type;
                const props = unwrap(read(req.getProperties()));
                const handler = this.resource(type);
                // Not reached today (supportsPreview is false), but a preview must never create.
                if (req.getPreview())
                    return new provproto.CreateResponse().setProperties(struct(rewrap(props.plain, props.secrets)));
                // The URN says which resource creates: two declarations of one channel ID must not share it.
                const { id, outs } = await handler.create(this.chat(), props.plain, req.getUrn() || undefined);
                return new provproto.CreateResponse().setId(id).setProperties(struct(rewrap(outs, props.secrets)));
            },
            (req) => unwrap(read(req.getProperties())).secrets,
        ),

        read: this.handle<provproto.ReadRequest, provproto.ReadResponse>(async (req, _say, warn) => {
            const type = req.getType() || fromUrn(req.getUrn()).type;
            const props = unwrap(read(req.getProperties()));
            const inputs = unwrap(read(req.getInputs()));
            const urn = req.getUrn() || undefined;
            const result = await this.resource(type).read(this.chat(), req.getId(), props.plain, urn, warn);
            const response = new provproto.ReadResponse();
            if (!result.id) return response; // gone: refresh drops it, import reports it missing
            const secrets = new Set([...props.secrets, ...inputs.secrets]);
            response.setId(result.id).setProperties(struct(rewrap(result.props ?? {}, secrets)));
            if (result.inputs) response.setInputs(struct(rewrap(result.inputs, secrets)));
            return response;
        }),

        update: this.handle<provproto.UpdateRequest, provproto.UpdateResponse>(
            async (req) => {
                const type = req.getType() || fromUrn(req.getUrn()).type;
                const olds = unwrap(read(req.getOlds()));
                const news = unwrap(read(req.getNews()));
                const handler = this.resource(type);
                if (req.getPreview())
                    return new provproto.UpdateResponse().setProperties(
                        struct(rewrap({ ...olds.plain, ...news.plain }, news.secrets)),
                    );
                const outs = await handler.update(this.chat(), req.getId(), olds.plain, news.plain);
                return new provproto.UpdateResponse().setProperties(struct(rewrap(outs, news.secrets)));
            },
            (req) => unwrap(read(req.getNews())).secrets,
        ),

        delete: this.handle<provproto.DeleteRequest, Empty>(async (req, _say, warn) => {
            const type = req.getType() || fromUrn(req.getUrn()).type;
            const props = unwrap(read(req.getProperties())).plain;
            await this.resource(type).delete(this.chat(), req.getId(), props, req.getUrn() || undefined, warn);
            return new Empty();
        }),

        invoke: this.handle<provproto.InvokeRequest, provproto.InvokeResponse>(async (req) => {
            const fn = FUNCTIONS[req.getTok()];
            if (!fn)
                throw new ProviderError(
                    `tencent-chat has no function ${JSON.stringify(req.getTok())}; it has ${Object.keys(FUNCTIONS).join(", ")}.`,
                );
            const args = unwrap(read(req.getArgs()));
            const result = await fn(() => this.chat(), args.plain);
            // A secret argument makes the whole answer secret.
            const returned =
                args.secrets.size > 0
                    ? Object.fromEntries(Object.entries(result).map(([k, v]) => [k, isSecret(v) ? v : secret(v)]))
                    : result;
            return new provproto.InvokeResponse().setReturn(struct(returned));
        }),

        construct: this.handle<provproto.ConstructRequest, provproto.ConstructResponse>(async (req) => {
            if (req.getType() !== TOKENS.channelSet)
                throw new ProviderError(
                    `tencent-chat has no component ${JSON.stringify(req.getType())}; it has ${TOKENS.channelSet}.`,
                );
            // The SDK runtime is loaded only here: no other call needs it, and every plugin start would pay for it.
            const { constructChannelSet } = require("./component") as typeof import("./component");
            return constructChannelSet(req, this.engineAddress);
        }),

        cancel: this.handle<Empty, Empty>(async () => new Empty()),
    };
}

const unimplemented = (method: string) => (_call: unknown, callback: Callback<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${method} is not implemented by the tencent-chat provider` });

/** A running provider server: the port the engine dials, and the gRPC server (to shut it down when embedding). */
export interface Served {
    port: number;
    server: grpc.Server;
}

/** Starts the server on 127.0.0.1 (a free port) and returns the port; the caller prints it for the engine. */
export async function serve(options: { env?: NodeJS.ProcessEnv; engineAddress?: string } = {}): Promise<Served> {
    const service = new TencentChatProviderService(
        packageVersion(),
        options.env ?? process.env,
        warningSink(options.engineAddress),
        options.engineAddress,
    );
    const server = new grpc.Server({
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    const fallback = Object.fromEntries(
        ["handshake", "parameterize", "call", "attach", "getMapping", "getMappings"].map((m) => [m, unimplemented(m)]),
    );
    const list = (call: grpc.ServerWritableStream<unknown, unknown>) =>
        call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by the tencent-chat provider" });
    server.addService(provrpc.ResourceProviderService, {
        ...fallback,
        list,
        ...service.implementation,
    } as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
        ),
    );
    return { port, server };
}
