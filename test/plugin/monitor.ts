/**
 * The engine's ResourceMonitor for Construct tests: the address a ConstructRequest names, where the
 * plugin registers a component and its children. It records every registration and answers as the
 * engine does after an update (URNs built from the parent's type; a channel's id is its channelId),
 * so a test sees exactly what the plugin asked the engine to declare.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as resrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";

/** One RegisterResource call, as the engine would read it. */
export interface Registration {
    type: string;
    name: string;
    urn: string;
    parent: string;
    custom: boolean;
    /** The provider reference a custom resource names (`<provider urn>::<id>`). */
    provider: string;
    /** A component's providers for its children, by package. */
    providers: Record<string, string>;
    object: Record<string, unknown>;
    /** Alias specs' types (an alias of another type), and alias URNs. */
    aliases: string[];
}

export interface FakeMonitor {
    address: string;
    registrations: Registration[];
    /** Outputs registered per URN (RegisterResourceOutputs). */
    outputs: Map<string, Record<string, unknown>>;
    stop(): Promise<void>;
}

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Starts a monitor on 127.0.0.1 for stack `dev` of project `chat-yaml`. */
export async function startMonitor(): Promise<FakeMonitor> {
    const registrations: Registration[] = [];
    const outputs = new Map<string, Record<string, unknown>>();
    const qualified = new Map<string, string>();
    const server = new grpc.Server();
    server.addService(resrpc.ResourceMonitorService, {
        supportsFeature: (call: { request: resproto.SupportsFeatureRequest }, callback: grpc.sendUnaryData<unknown>) =>
            callback(
                null,
                new resproto.SupportsFeatureResponse().setHassupport(["secrets", "aliasSpecs"].includes(call.request.getId())),
            ),
        registerResource: (call: { request: resproto.RegisterResourceRequest }, callback: grpc.sendUnaryData<unknown>) => {
            const req = call.request;
            const parentType = qualified.get(req.getParent());
            const type = parentType ? `${parentType}$${req.getType()}` : req.getType();
            const urn = `urn:pulumi:dev::chat-yaml::${type}::${req.getName()}`;
            qualified.set(urn, type);
            const object = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
            registrations.push({
                type: req.getType(),
                name: req.getName(),
                urn,
                parent: req.getParent(),
                custom: req.getCustom(),
                provider: req.getProvider(),
                providers: Object.fromEntries(req.getProvidersMap().entries()),
                object,
                aliases: req.getAliasesList().map((a) => (a.hasSpec() ? `type:${a.getSpec()!.getType()}` : a.getUrn())),
            });
            const response = new resproto.RegisterResourceResponse()
                .setUrn(urn)
                .setObject(Struct.fromJavaScript(object as never));
            if (req.getCustom()) response.setId(typeof object.channelId === "string" ? object.channelId : UNKNOWN);
            callback(null, response);
        },
        registerResourceOutputs: (
            call: { request: resproto.RegisterResourceOutputsRequest },
            callback: grpc.sendUnaryData<unknown>,
        ) => {
            outputs.set(call.request.getUrn(), (call.request.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
            callback(null, new Empty());
        },
    } as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
        ),
    );
    return {
        address: `127.0.0.1:${port}`,
        registrations,
        outputs,
        stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
    };
}
