/**
 * The ResourceProvider methods the plugin serves, one small function each over a table: each
 * unpacks its request, calls the resource handler, lookup or configuration check, and packs the
 * answer. The server (server.ts) holds the instance's state and wraps every entry the same way:
 * text put through `say`, warnings sent to the engine, errors redacted.
 */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { ChatClient } from "../api/types";
import { UNKNOWN } from "../kit/unknown";
import type { AutonamingMode, Naming } from "./autoname";
import { checkConfig, checkedConfig, diffConfig } from "./config";
import { FUNCTIONS } from "./functions";
import { internalInputFailures } from "./messages";
import { RESOURCES, type DiffOutcome, type ResourceHandler } from "./resources";
import { packageSchema, TOKENS } from "./schema";
import { isSecret, jsonSafe, rewrap, secret, unwrap, type Props } from "./values";

/** Puts text the way the engine may show it (see TencentChatProviderService.sayFor). */
export type Say = (text: string) => string;

/** A request the provider cannot serve (unknown type or function token, settings not known yet); returned as gRPC UNKNOWN. */
export class ProviderError extends Error {
    override name = "ProviderError";
}

/** What a handler may ask of its provider instance. */
export interface Instance {
    readonly version: string;
    readonly env: NodeJS.ProcessEnv;
    /** The engine's address, for the SDK runtime that registers a component's children. */
    readonly engineAddress: string | undefined;
    /** The instance's client, built on first use (throws ProviderError while settings are unknown). */
    chat(): ChatClient;
    /** Configure's settings: the client is rebuilt from them, at once when every one is known. */
    configure(config: Props): void;
}

/** One method: its work, and which properties of its request were secrets (a partial create's state keeps them secret). */
export interface Handler<Req, Res> {
    run(instance: Instance, request: Req, say: Say, warn: (line: string) => void): Promise<Res>;
    secretsOf?(request: Req): ReadonlySet<string>;
}

function handler<Req, Res>(run: Handler<Req, Res>["run"], secretsOf?: Handler<Req, Res>["secretsOf"]): Handler<Req, Res> {
    return secretsOf ? { run, secretsOf } : { run };
}

/** Plain properties as a Struct, with values JSON cannot hold made safe (see jsonSafe). */
export function struct(props: Props): Struct {
    return Struct.fromJavaScript(jsonSafe(props) as Record<string, never>);
}

/** A request's Struct as plain properties (an absent one is empty). */
export function read(s: Struct | undefined): Props {
    return (s?.toJavaScript() ?? {}) as Props;
}

/** Check failures as the engine shows them, each reason put through `say` like every other message. */
function checkFailures(list: ReadonlyArray<{ property: string; reason: string }>, say: Say): provproto.CheckFailure[] {
    return list.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(say(f.reason)));
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` → type and name, for engines that send neither separately. */
function fromUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    return { type: (parts[2] ?? "").split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

/** The request's resource type, from its `type` field or else its URN. */
function typeOf(req: { getType(): string; getUrn(): string }): string {
    return req.getType() || fromUrn(req.getUrn()).type;
}

function resource(type: string): ResourceHandler {
    const found = RESOURCES[type];
    if (!found)
        throw new ProviderError(
            `tencent-chat has no resource type ${JSON.stringify(type)}; it has ${Object.keys(RESOURCES).join(", ")}.`,
        );
    return found;
}

const MODES: Record<number, AutonamingMode> = {
    [provproto.CheckRequest.AutonamingOptions.Mode.PROPOSE]: "propose",
    [provproto.CheckRequest.AutonamingOptions.Mode.ENFORCE]: "enforce",
    [provproto.CheckRequest.AutonamingOptions.Mode.DISABLE]: "disable",
};

const Kind = provproto.PropertyDiff.Kind;
const { DIFF_SOME, DIFF_NONE } = provproto.DiffResponse.DiffChanges;

/** The engine's naming facts for a check: the logical name, its random seed and the autonaming options. */
function namingOf(req: provproto.CheckRequest): Naming {
    const autonaming = req.getAutonaming();
    return {
        name: req.getName() || fromUrn(req.getUrn()).name,
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
        .setChanges(result.changes ? DIFF_SOME : DIFF_NONE)
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

const newsSecrets = (req: { getNews(): Struct | undefined }) => unwrap(read(req.getNews())).secrets;
const propertiesSecrets = (req: { getProperties(): Struct | undefined }) => unwrap(read(req.getProperties())).secrets;

const getPluginInfo = handler<Empty, plugproto.PluginInfo>(async (instance) =>
    new plugproto.PluginInfo().setVersion(instance.version),
);

const getSchema = handler<provproto.GetSchemaRequest, provproto.GetSchemaResponse>(async (instance) =>
    new provproto.GetSchemaResponse().setSchema(JSON.stringify(packageSchema(instance.version))),
);

const checkConfigHandler = handler<provproto.CheckRequest, provproto.CheckResponse>(async (instance, req, say) => {
    const news = unwrap(read(req.getNews()));
    const failures = checkConfig(news.plain, instance.env);
    // The SecretKey goes back secret even when it was given in the clear, so it is stored encrypted.
    const checked = checkedConfig(news.plain);
    const secrets = new Set([...[...news.secrets].filter((k) => news.plain[k] !== UNKNOWN), ...checked.secrets]);
    return new provproto.CheckResponse()
        .setInputs(struct(rewrap(checked.inputs, secrets)))
        .setFailuresList(checkFailures(failures, say));
});

const diffConfigHandler = handler<provproto.DiffRequest, provproto.DiffResponse>(async (_instance, req) => {
    const { changed } = diffConfig(unwrap(read(req.getOlds())).plain, unwrap(read(req.getNews())).plain);
    const response = new provproto.DiffResponse()
        .setChanges(changed.length > 0 ? DIFF_SOME : DIFF_NONE)
        .setDiffsList(changed)
        .setHasdetaileddiff(true);
    for (const key of changed) response.getDetaileddiffMap().set(key, new provproto.PropertyDiff().setKind(Kind.UPDATE));
    return response;
});

const configure = handler<provproto.ConfigureRequest, provproto.ConfigureResponse>(async (instance, req) => {
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
    instance.configure(config);
    return new provproto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setAcceptresources(true)
        .setAcceptoutputs(false)
        .setSupportspreview(false)
        .setSupportsAutonamingConfiguration(true);
});

const check = handler<provproto.CheckRequest, provproto.CheckResponse>(async (_instance, req, say) => {
    const type = typeOf(req);
    const olds = unwrap(read(req.getOlds()));
    const news = unwrap(read(req.getNews()));
    const found = resource(type);
    // The engine's inputs as the program gave them: internal ones are the provider's to set.
    const internal = internalInputFailures(news.plain, type);
    const result = await found.check(olds.plain, news.plain, namingOf(req));
    const named = new Set(internal.map((f) => f.property));
    return new provproto.CheckResponse()
        .setInputs(struct(rewrap(result.inputs, news.secrets)))
        .setFailuresList(checkFailures([...internal, ...result.failures.filter((f) => !named.has(f.property))], say));
}, newsSecrets);

const diff = handler<provproto.DiffRequest, provproto.DiffResponse>(async (instance, req, _say, warn) => {
    const olds = unwrap(read(req.getOlds())).plain;
    const news = unwrap(read(req.getNews())).plain;
    return diffResponse(await resource(typeOf(req)).diff(() => instance.chat(), req.getId(), olds, news, warn), olds);
});

const create = handler<provproto.CreateRequest, provproto.CreateResponse>(async (instance, req) => {
    const props = unwrap(read(req.getProperties()));
    const found = resource(typeOf(req));
    // Not reached today (supportsPreview is false), but a preview must never create.
    if (req.getPreview()) return new provproto.CreateResponse().setProperties(struct(rewrap(props.plain, props.secrets)));
    // The URN says which resource creates: two declarations of one channel ID must not share it.
    const { id, outs } = await found.create(instance.chat(), props.plain, req.getUrn() || undefined);
    return new provproto.CreateResponse().setId(id).setProperties(struct(rewrap(outs, props.secrets)));
}, propertiesSecrets);

const readHandler = handler<provproto.ReadRequest, provproto.ReadResponse>(async (instance, req, _say, warn) => {
    const props = unwrap(read(req.getProperties()));
    const inputs = unwrap(read(req.getInputs()));
    const result = await resource(typeOf(req)).read(instance.chat(), req.getId(), props.plain, req.getUrn() || undefined, warn);
    const response = new provproto.ReadResponse();
    if (!result.id) return response; // gone: refresh drops it, import reports it missing
    const secrets = new Set([...props.secrets, ...inputs.secrets]);
    response.setId(result.id).setProperties(struct(rewrap(result.props ?? {}, secrets)));
    if (result.inputs) response.setInputs(struct(rewrap(result.inputs, secrets)));
    return response;
});

const update = handler<provproto.UpdateRequest, provproto.UpdateResponse>(async (instance, req) => {
    const olds = unwrap(read(req.getOlds()));
    const news = unwrap(read(req.getNews()));
    const found = resource(typeOf(req));
    if (req.getPreview())
        return new provproto.UpdateResponse().setProperties(struct(rewrap({ ...olds.plain, ...news.plain }, news.secrets)));
    const outs = await found.update(instance.chat(), req.getId(), olds.plain, news.plain);
    return new provproto.UpdateResponse().setProperties(struct(rewrap(outs, news.secrets)));
}, newsSecrets);

const deleteHandler = handler<provproto.DeleteRequest, Empty>(async (instance, req, _say, warn) => {
    const props = unwrap(read(req.getProperties())).plain;
    await resource(typeOf(req)).delete(instance.chat(), req.getId(), props, req.getUrn() || undefined, warn);
    return new Empty();
});

const invoke = handler<provproto.InvokeRequest, provproto.InvokeResponse>(async (instance, req) => {
    const fn = FUNCTIONS[req.getTok()];
    if (!fn)
        throw new ProviderError(
            `tencent-chat has no function ${JSON.stringify(req.getTok())}; it has ${Object.keys(FUNCTIONS).join(", ")}.`,
        );
    const args = unwrap(read(req.getArgs()));
    const result = await fn(() => instance.chat(), args.plain);
    // A secret argument makes the whole answer secret.
    const returned =
        args.secrets.size > 0
            ? Object.fromEntries(Object.entries(result).map(([k, v]) => [k, isSecret(v) ? v : secret(v)]))
            : result;
    return new provproto.InvokeResponse().setReturn(struct(returned));
});

const construct = handler<provproto.ConstructRequest, provproto.ConstructResponse>(async (instance, req) => {
    if (req.getType() !== TOKENS.channelSet)
        throw new ProviderError(`tencent-chat has no component ${JSON.stringify(req.getType())}; it has ${TOKENS.channelSet}.`);
    // The SDK runtime is loaded only here: no other call needs it, and every plugin start would pay for it.
    const { constructChannelSet } = require("./component") as typeof import("./component");
    return constructChannelSet(req, instance.engineAddress);
});

const cancel = handler<Empty, Empty>(async () => new Empty());

/** Every method the plugin serves, by its gRPC name; the others answer UNIMPLEMENTED (server.ts). */
export const HANDLERS = {
    getPluginInfo,
    getSchema,
    checkConfig: checkConfigHandler,
    diffConfig: diffConfigHandler,
    configure,
    check,
    diff,
    create,
    read: readHandler,
    update,
    delete: deleteHandler,
    invoke,
    construct,
    cancel,
};
