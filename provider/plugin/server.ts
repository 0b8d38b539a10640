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
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { ClientSlot } from "../api/client-slot";
import { redact } from "../tencent/redact";
import type { ChatClient } from "../api/types";
import { UNKNOWN } from "../kit/unknown";
import { packageVersion } from "../kit/version";
import { clientOptionsFor } from "./config";
import { warningSink, type WarningSink } from "./engine-log";
import { HANDLERS, ProviderError, read, struct, type Handler, type Instance, type Say } from "./handlers";
import { forPluginUsers } from "./messages";
import { rewrap, Scrubber, secretValues, type Props } from "./values";

type Callback<T> = (
    error: grpc.ServiceError | Partial<grpc.StatusObject> | null,
    value?: T | null,
    trailer?: grpc.Metadata,
) => void;
type Call<T> = { request: T };

/** The request fields that carry property values, one of which may hold a secret. */
const PROPERTY_GETTERS = ["getNews", "getOlds", "getProperties", "getInputs", "getOldInputs", "getArgs"] as const;

/**
 * One provider instance's ResourceProvider service. `implementation` holds the gRPC handlers; every
 * error they return is redacted (the SecretKey and UserSigs never reach the engine). The client is
 * built at Configure when every setting is known (so wrong settings fail before any resource), else
 * on first use, so a preview that needs no API call works while settings are still unknown.
 */
export class TencentChatProviderService implements Instance {
    private config: Props = {};
    /** Built when first needed, once per Configure (see chat). */
    private client: ChatClient | undefined;
    private readonly clients = new ClientSlot();
    /** Masked from every message this server returns, whatever its origin. */
    private secretKey: string | undefined;

    constructor(
        readonly version: string,
        readonly env: NodeJS.ProcessEnv = process.env,
        private readonly warnings: WarningSink = warningSink(undefined),
        readonly engineAddress: string | undefined = undefined,
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
    private handle<Req, Res>({ run, secretsOf = () => new Set() }: Handler<Req, Res>) {
        return (call: Call<Req>, callback: Callback<Res>) => {
            const say = this.sayFor(call.request);
            const getUrn = (call.request as { getUrn?: () => string }).getUrn;
            const urn = typeof getUrn === "function" ? getUrn.call(call.request) || undefined : undefined;
            const sent: Promise<void>[] = [];
            const warn = (line: string) => void sent.push(this.warnings(say(line), urn));
            const delivered = () => Promise.allSettled(sent);
            run(this, call.request, say, warn).then(
                (response) => delivered().then(() => callback(null, response)),
                (error) => {
                    const status = this.fail(error, secretsOf(call.request), say);
                    void delivered().then(() => callback(status, null, status.metadata));
                },
            );
        };
    }

    chat(): ChatClient {
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

    configure(config: Props): void {
        this.config = config;
        this.client = undefined;
        this.clients.clear();
        // Fail here, before any resource, when the settings are known and wrong.
        if (!Object.values(config).some((v) => v === UNKNOWN)) this.chat();
    }

    /** The gRPC handlers: every entry of HANDLERS, wrapped by `handle`. */
    readonly implementation = Object.fromEntries(
        Object.entries(HANDLERS).map(([method, entry]) => [method, this.handle(entry as Handler<unknown, unknown>)]),
    );
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
