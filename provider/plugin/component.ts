/**
 * `tencent-chat:index:OfficialChannelSet` as a multi-language component: the plugin's Construct
 * loads the manifest with the one loader (provider/manifest), then registers the component and one
 * `tencent-chat:index:OfficialChannel` per entry through the engine's ResourceMonitor, with the
 * logical names the TypeScript class gives (channelSetChildren). Children take the component's
 * providers, so an explicit provider instance given to the component serves them too.
 *
 * Loaded only when a Construct arrives: it needs the @pulumi/pulumi runtime, which no other call does.
 */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { DYNAMIC_CHANNEL_TYPE } from "../kit/dynamic-types";
import { UNKNOWN } from "../kit/unknown";
import { loadManifest, type ChannelManifest } from "../manifest/load";
import { channelSetChildren } from "../manifest/logical-names";
import { TOKENS } from "./schema";
import { unwrap, type Props } from "./values";

/**
 * The runtime calls @pulumi/pulumi's own provider server makes for Construct (its `Server` class is
 * not exported): a per-call store, the engine's addresses, the monitor's features, and waiting for
 * every registration to be sent before answering.
 */
interface RuntimeInternals {
    withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
    resetOptions(
        project: string,
        stack: string,
        parallel: number,
        engineAddr: string,
        monitorAddr: string,
        preview: boolean,
        organization: string,
    ): void;
    awaitFeatureSupport(): Promise<void>;
    waitForRPCs(): Promise<void>;
}

function runtimeInternals(): RuntimeInternals {
    const state = require("@pulumi/pulumi/runtime/state") as Partial<RuntimeInternals>;
    const settings = require("@pulumi/pulumi/runtime/settings") as Partial<RuntimeInternals>;
    const found = {
        withLocalStorage: state.withLocalStorage,
        resetOptions: settings.resetOptions,
        awaitFeatureSupport: settings.awaitFeatureSupport,
        waitForRPCs: settings.waitForRPCs,
    };
    const missing = Object.entries(found).filter(([, fn]) => typeof fn !== "function");
    if (missing.length > 0)
        throw new Error(
            `OfficialChannelSet cannot be constructed with this @pulumi/pulumi: it lacks ${missing.map(([k]) => k).join(", ")}; ` +
                "install @pulumi/pulumi 3.216.0 or later beside the plugin.",
        );
    return found as RuntimeInternals;
}

/** A channel registered by the component: the plugin's own resource type, not the dynamic one. */
class ChannelChild extends pulumi.CustomResource {
    constructor(name: string, inputs: Props, opts: pulumi.CustomResourceOptions) {
        super(TOKENS.channel, name, inputs, opts);
    }
}

/** The component the plugin registers for one Construct: its children and their IDs as its outputs. */
export class PluginChannelSet extends pulumi.ComponentResource {
    /** Each child's logical name → its channel ID. */
    readonly channelIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, manifest: ChannelManifest, opts: pulumi.ComponentResourceOptions) {
        super(TOKENS.channelSet, name, {}, opts);
        const ids: Record<string, pulumi.Output<string>> = {};
        // The alias: a set deployed by the TypeScript class has these children, under this component's
        // URN and names, as dynamic resources; the engine then moves each in state with no call to Tencent.
        const aliases = [{ type: DYNAMIC_CHANNEL_TYPE }];
        for (const child of channelSetChildren(name, manifest.channels))
            ids[child.logicalName] = new ChannelChild(child.logicalName, { ...child.inputs }, { parent: this, aliases }).id;
        this.channelIds = pulumi.output(ids);
        this.registerOutputs({ channelIds: this.channelIds });
    }
}

/**
 * The manifest path among the component's inputs, or an error naming the input: a known, non-empty
 * string and nothing else (a path computed during the update cannot be read at preview).
 */
export function manifestPathOf(inputs: Props): string {
    const unexpected = Object.keys(inputs).filter((k) => k !== "manifest");
    if (unexpected.length > 0)
        throw new Error(
            `OfficialChannelSet has one input, manifest; remove ${unexpected.map((k) => JSON.stringify(k)).join(", ")}.`,
        );
    const manifest = inputs.manifest;
    if (manifest === UNKNOWN)
        throw new Error(
            "OfficialChannelSet: manifest is not known yet (it is computed during the update); give the file's path as a plain string.",
        );
    if (typeof manifest !== "string" || manifest === "")
        throw new Error(
            `OfficialChannelSet: manifest must be the manifest file's path, a non-empty string; got ${manifest === "" ? "an empty string" : typeof manifest}.`,
        );
    return manifest;
}

/** The component's options from the request: its parent, the providers its children use, and the engine's own options. */
function optionsOf(req: provproto.ConstructRequest): pulumi.ComponentResourceOptions {
    const providers: Record<string, pulumi.ProviderResource> = {};
    for (const [pkg, ref] of req.getProvidersMap().entries()) providers[pkg] = new pulumi.DependencyProviderResource(ref);
    const aliases = req
        .getAliasesList()
        .filter((alias) => alias.hasUrn())
        .map((alias) => alias.getUrn());
    return {
        providers,
        parent: req.getParent() ? new pulumi.DependencyResource(req.getParent()) : undefined,
        dependsOn: req.getDependenciesList().map((urn) => new pulumi.DependencyResource(urn)),
        protect: req.getProtect(),
        retainOnDelete: req.getRetainondelete(),
        aliases,
    };
}

/**
 * Serves one Construct of OfficialChannelSet. The manifest is loaded before anything is registered,
 * so a bad one fails with every problem (file:line:column) and the engine records nothing.
 */
export async function constructChannelSet(
    req: provproto.ConstructRequest,
    engineAddress: string | undefined,
): Promise<provproto.ConstructResponse> {
    const manifest = loadManifest(manifestPathOf(unwrap((req.getInputs()?.toJavaScript() ?? {}) as Props).plain));
    const runtime = runtimeInternals();
    return runtime.withLocalStorage(async () => {
        runtime.resetOptions(
            req.getProject(),
            req.getStack(),
            req.getParallel(),
            // The SDK wants an engine to log to; without one (a test's harness) it is never dialled.
            engineAddress ?? "127.0.0.1:1",
            req.getMonitorendpoint(),
            req.getDryrun(),
            req.getOrganization(),
        );
        await runtime.awaitFeatureSupport();
        const set = new PluginChannelSet(req.getName(), manifest, optionsOf(req));
        const urn = await new Promise<string>((resolve) => set.urn.apply(resolve));
        const [state, dependencies] = await rpc.serializeResourceProperties(`construct(${req.getName()})`, {
            channelIds: set.channelIds,
        });
        const response = new provproto.ConstructResponse().setUrn(urn).setState(Struct.fromJavaScript(state));
        for (const [key, resources] of dependencies) {
            const urns = await Promise.all([...resources].map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));
            response.getStatedependenciesMap().set(key, new provproto.ConstructResponse.PropertyDependencies().setUrnsList(urns));
        }
        await runtime.waitForRPCs();
        return response;
    });
}
