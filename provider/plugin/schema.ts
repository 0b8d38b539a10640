/**
 * The Pulumi package schema of the `tencent-chat` plugin, generated from the field tables
 * (provider/fields) and the settings list (provider/config.ts): one description, limit and default
 * per field, shared with `check`.
 */
import { REQUIRED_SETTINGS, SETTINGS, TUNING, tuningRange } from "../config";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { SUBSCRIPTION_FIELD_TABLE } from "../fields/subscription";
import { inputFields, ownReportedFields, reportedFields, requiredInputs, type FieldSpec, type FieldTable } from "../fields/types";

/** The package name: the plugin is `pulumi-resource-tencent-chat`, its tokens `tencent-chat:index:…`. */
export const PACKAGE = "tencent-chat";
/** The type tokens of the resources, functions and object types the package schema declares. */
export const TOKENS = {
    channel: `${PACKAGE}:index:OfficialChannel`,
    subscription: `${PACKAGE}:index:ChannelSubscription`,
    channelSet: `${PACKAGE}:index:OfficialChannelSet`,
    getOfficialChannels: `${PACKAGE}:index:getOfficialChannels`,
    getSubscribedChannels: `${PACKAGE}:index:getSubscribedChannels`,
    channelInfo: `${PACKAGE}:index:ChannelInfo`,
    channelLookup: `${PACKAGE}:index:OfficialChannelLookup`,
    subscribedChannel: `${PACKAGE}:index:SubscribedChannel`,
    subscriptionSelf: `${PACKAGE}:index:SubscriptionSelf`,
} as const;

type PropertySpec = Record<string, unknown>;

function describe(field: FieldSpec): string {
    const parts = [field.description];
    if (field.note) parts.push(field.note);
    if (field.byteLimit !== undefined) parts.push(`At most ${field.byteLimit} bytes of UTF-8 (a CJK character is 3 bytes).`);
    if (field.replaces) parts.push("Changing it replaces the resource.");
    if (field.default !== undefined) parts.push(`Default: ${JSON.stringify(field.default)}.`);
    return parts.join(" ");
}

function property(field: FieldSpec, { asInput }: { asInput: boolean }): PropertySpec {
    return {
        type: field.type,
        description: describe(field),
        ...(asInput && field.default !== undefined ? { default: field.default } : {}),
        ...(field.replaces ? { willReplaceOnChanges: true } : {}),
    };
}

function properties(fields: readonly FieldSpec[], asInput: boolean): Record<string, PropertySpec> {
    return Object.fromEntries(fields.map((f) => [f.name, property(f, { asInput })]));
}

function resource(table: FieldTable, description: string) {
    return {
        description,
        properties: properties(table, false),
        // Check fills every input and the provider reports every output, so the state holds them all.
        required: table.map((f) => f.name),
        inputProperties: properties(inputFields(table), true),
        requiredInputs: requiredInputs(table),
    };
}

/** What Tencent reports about a channel, and a subscriber's own data on it (the lookups' result types). */
const channelInfoFields = reportedFields(CHANNEL_FIELD_TABLE);
const selfFields = ownReportedFields(SUBSCRIPTION_FIELD_TABLE);

function settingProperties(): Record<string, PropertySpec> {
    const connection = Object.fromEntries(
        SETTINGS.map((s) => [
            s.key,
            {
                type: "string",
                description: `${s.description} Falls back to the environment variable ${s.env}.`,
                ...(s.secret ? { secret: true } : {}),
                ...(s.default !== undefined ? { default: s.default } : {}),
                defaultInfo: { environment: [s.env] },
            },
        ]),
    );
    return { ...connection, ...tuningProperties() };
}

/** The optional tuning knobs, each with its range: outside it CheckConfig refuses the value. */
function tuningProperties(): Record<string, PropertySpec> {
    return Object.fromEntries(
        TUNING.map((t) => [
            t.key,
            {
                type: t.kind === "boolean" ? "boolean" : "integer",
                description: `${t.description} Optional; must be ${tuningRange(t)}. Falls back to the environment variable ${t.env}.`,
                defaultInfo: { environment: [t.env] },
            },
        ]),
    );
}

/**
 * Where the generated SDKs are published from: this repository. The Go SDK's module is the
 * repository path plus `sdk/go`, so `go get <GO_IMPORT_PATH>` resolves from a tag `sdk/go/v<version>`.
 */
export const REPOSITORY = "github.com/pulumi-tencent-chat/pulumi-tencent-chat";
/** The Go SDK's module (its go.mod sits in sdk/go) and the package programs import. */
export const GO_MODULE = `${REPOSITORY}/sdk/go`;
/** The import path of the Go SDK's package: `import tencentchat "<GO_IMPORT_PATH>"`. */
export const GO_IMPORT_PATH = `${GO_MODULE}/tencentchat`;
/** The Python SDK's import and distribution name (`pip install ./sdk/python`, `import pulumi_tencent_chat`). */
export const PYTHON_PACKAGE = "pulumi_tencent_chat";
/** The Node.js SDK's import path: the `plugin-sdk` subpath of this package (package.json `exports`). */
export const NODEJS_PACKAGE = "pulumi-tencent-chat/plugin-sdk";

/**
 * What each generator needs to name its package (read by `pulumi package gen-sdk` and by
 * scripts/sdkgen, which call the same code generators). `respectSchemaVersion` makes the SDKs
 * carry this package's version, so they ask the engine for the matching plugin.
 */
function languages() {
    return {
        python: { packageName: PYTHON_PACKAGE, pyproject: { enabled: true }, respectSchemaVersion: true },
        go: {
            importBasePath: GO_IMPORT_PATH,
            modulePath: GO_MODULE,
            generateResourceContainerTypes: true,
            respectSchemaVersion: true,
        },
        // The Node.js SDK ships inside this package as a subpath, and the name is also what code generated
        // by `pulumi import` / `pulumi convert` imports, so it is the subpath a program can require.
        nodejs: { packageName: NODEJS_PACKAGE, respectSchemaVersion: true },
        csharp: { rootNamespace: "PulumiTencentChat", respectSchemaVersion: true },
        // No Gradle files: they leave version.txt to a release step; scripts/sdkgen/java writes a pom.xml.
        java: { basePackage: "io.github.pulumitencentchat", buildFiles: "none", dependencies: { "com.pulumi:pulumi": "1.36.1" } },
    };
}

const ref = (token: string) => ({ $ref: `#/types/${token}` });

/**
 * The package schema `pulumi package get-schema` shows for plugin `version`: the provider's
 * settings, both resources and the two lookup functions, every property generated from the field
 * tables. test/plugin holds it to Pulumi's package metaschema.
 */
export function packageSchema(version: string) {
    const settings = settingProperties();
    return {
        name: PACKAGE,
        displayName: "Tencent Cloud Chat",
        version,
        description: "Manage Tencent Cloud Chat official channels and their subscriptions as infrastructure as code.",
        keywords: ["pulumi", "tencent", "chat", "category/cloud", "kind/native"],
        license: "Apache-2.0",
        repository: `https://${REPOSITORY}`,
        // No pluginDownloadURL: the plugin ships inside the npm package and there is no host to
        // download it from; a URL here would only send every SDK user's engine to one that does not answer.
        meta: { supportPack: true },
        language: languages(),
        // Pulumi reads `defaults` as the settings a program must set: only those without a default.
        config: { variables: settings, defaults: [...REQUIRED_SETTINGS] },
        provider: {
            description:
                "The tencent-chat provider. Several instances (different SDKAppIDs, regions or endpoints) can serve one program.",
            inputProperties: settings,
            properties: Object.fromEntries(Object.entries(settings).filter(([k]) => k !== "secretKey")),
        },
        resources: resources(),
        functions: functions(),
        types: types(),
    };
}

function resources() {
    return {
        [TOKENS.channel]: resource(
            CHANNEL_FIELD_TABLE,
            "A Tencent Cloud Chat official channel. Import one with `pulumi import tencent-chat:index:OfficialChannel <name> '<channelId>'`. " +
                "A replacement that would destroy subscribers is refused unless `allowReplace` is set.",
        ),
        [TOKENS.subscription]: resource(
            SUBSCRIPTION_FIELD_TABLE,
            "One user's subscription to an official channel. Non-authoritative: it never touches the channel's other subscribers. " +
                "The id is `<channelId>/<userId>`; import with `pulumi import tencent-chat:index:ChannelSubscription <name> '<channelId>/<userId>'`.",
        ),
        [TOKENS.channelSet]: channelSetComponent(),
    };
}

/** The manifest component: the plugin's Construct registers one OfficialChannel per entry under it. */
function channelSetComponent() {
    return {
        isComponent: true,
        description:
            "Every channel of a reviewed manifest (YAML or JSON) as an OfficialChannel under this component, named from its channel ID " +
            "(`@TOA#_news` in set `channels` → `channels-news`), so editing a display name updates in place. An invalid manifest fails " +
            "with every problem as `file:line:column`, before anything is registered. The children use this component's provider.",
        inputProperties: {
            manifest: {
                type: "string",
                description:
                    "Path of the manifest file, relative to the program's working directory (the project directory). " +
                    "A regular file of at most 16 MiB of UTF-8.",
            },
        },
        requiredInputs: ["manifest"],
        properties: {
            channelIds: {
                type: "object",
                additionalProperties: { type: "string" },
                description: "Each child's logical name → its channel ID (the child's resource id).",
            },
        },
        required: ["channelIds"],
    };
}

/** The argument names a function's schema declares: the one list its Invoke accepts. */
export function functionArguments(token: string): string[] {
    const declared = (functions() as Record<string, { inputs: { properties: object } }>)[token];
    return declared ? Object.keys(declared.inputs.properties) : [];
}

function functions() {
    return {
        [TOKENS.getOfficialChannels]: {
            description:
                "Official channels by ID (reads are batched, 50 IDs a call). A channel that does not exist is reported with found=false, not an error.",
            inputs: {
                properties: { channelIds: { type: "array", items: { type: "string" }, description: "Channel IDs to look up." } },
                required: ["channelIds"],
            },
            outputs: {
                properties: {
                    channels: {
                        type: "array",
                        items: ref(TOKENS.channelLookup),
                        description: "One result per requested ID, in order.",
                    },
                },
                required: ["channels"],
            },
        },
        [TOKENS.getSubscribedChannels]: {
            description:
                "Every official channel a user follows, across all pages, with the user's own subscription time and customString.",
            inputs: {
                properties: {
                    userId: { type: "string", description: "The Chat UserID." },
                    channelFields: {
                        type: "array",
                        items: { type: "string" },
                        description: "Channel fields to return; all when omitted.",
                    },
                    selfFields: {
                        type: "array",
                        items: { type: "string" },
                        description: "The user's own fields to return (subscribeTime, customString); both when omitted.",
                    },
                },
                required: ["userId"],
            },
            outputs: {
                properties: {
                    channels: {
                        type: "array",
                        items: ref(TOKENS.subscribedChannel),
                        description: "The channels the user follows.",
                    },
                },
                required: ["channels"],
            },
        },
    };
}

function types() {
    return {
        [TOKENS.channelInfo]: {
            type: "object",
            description: "A channel as Tencent reports it.",
            properties: properties(channelInfoFields, false),
            required: ["channelId"],
        },
        [TOKENS.channelLookup]: {
            type: "object",
            description: "One requested ID's outcome.",
            properties: {
                channelId: { type: "string", description: "The requested ID." },
                found: { type: "boolean", description: "Whether the channel exists." },
                channel: { ...ref(TOKENS.channelInfo), description: "The channel, when found." },
                reason: { type: "string", description: "Why it was not found (Tencent's code and meaning)." },
            },
            required: ["channelId", "found"],
        },
        [TOKENS.subscriptionSelf]: {
            type: "object",
            description: "The user's own data on a channel.",
            properties: properties(selfFields, false),
        },
        [TOKENS.subscribedChannel]: {
            type: "object",
            description: "A channel the user follows.",
            properties: {
                ...properties(channelInfoFields, false),
                self: { ...ref(TOKENS.subscriptionSelf), description: "The user's own data on this channel." },
            },
            required: ["channelId", "self"],
        },
    };
}
