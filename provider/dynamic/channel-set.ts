/** OfficialChannelSet: one OfficialChannel per manifest entry, under one component. */
import * as pulumi from "@pulumi/pulumi";
import type { ChannelOutputs } from "../channel/types";
import { OfficialChannel } from "./channel-resource";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { isLoadedManifest, loadManifest, type ChannelManifest } from "../manifest/load";
import { channelSetChildren } from "../manifest/logical-names";

/** The component's type token; part of every child's URN, so it never changes. */
export const OFFICIAL_CHANNEL_SET_TYPE = "tencent-chat:index:OfficialChannelSet";

/** Arguments of {@link OfficialChannelSet}. */
export interface OfficialChannelSetArgs {
    /**
     * The manifest: a path to a YAML or JSON file (relative paths resolve against the working
     * directory, which Pulumi sets to the project directory), the manifest's data as an object,
     * or a {@link ChannelManifest} returned by `loadManifest`.
     * @example "channels.yaml"
     */
    manifest: string | ChannelManifest | object;
}

/**
 * Every channel of a manifest as an {@link OfficialChannel}. Each child's logical name derives from
 * its channel ID (`@TOA#_news` → `<name>-news`), so editing a display name updates in place.
 * An invalid manifest throws {@link ManifestError} listing every problem, before anything is
 * registered.
 *
 * @example
 * ```ts
 * const set = new OfficialChannelSet("channels", { manifest: "channels.yaml" });
 * export const news = set.channels["@TOA#_news"].subscriberCount;
 * export const channels = set.channelOutputs;
 * ```
 */
export class OfficialChannelSet extends pulumi.ComponentResource {
    /** The validated manifest, defaults merged. */
    readonly manifest: ChannelManifest;
    /** Channel ID → its resource. */
    readonly channels: Readonly<Record<string, OfficialChannel>>;
    /** Channel ID → that channel's outputs (also the component's registered outputs). */
    readonly channelOutputs: pulumi.Output<Record<string, ChannelOutputs>>;

    constructor(name: string, args: OfficialChannelSetArgs, opts?: pulumi.ComponentResourceOptions) {
        // Load before super(): a bad manifest must fail before the component itself is registered.
        const manifest = isLoadedManifest(args.manifest) ? args.manifest : loadManifest(args.manifest);
        super(OFFICIAL_CHANNEL_SET_TYPE, name, {}, opts);
        this.manifest = manifest;

        const channels: Record<string, OfficialChannel> = {};
        for (const child of channelSetChildren(name, manifest.channels)) {
            channels[child.channelId] = new OfficialChannel(child.logicalName, child.inputs, { parent: this });
        }
        this.channels = channels;
        const outputs: Record<string, pulumi.Output<ChannelOutputs>> = {};
        for (const [id, channel] of Object.entries(channels)) outputs[id] = outputsOf(channel);
        this.channelOutputs = pulumi.output(outputs);
        this.registerOutputs({ channels: this.channelOutputs });
    }
}

/** Every field of the channel's state (the field table's order) as one Output. */
function outputsOf(channel: OfficialChannel): pulumi.Output<ChannelOutputs> {
    const fields: Record<string, pulumi.Output<unknown>> = {};
    for (const { name } of CHANNEL_FIELD_TABLE)
        fields[name] = (channel as unknown as Record<string, pulumi.Output<unknown>>)[name]!;
    return pulumi.output(fields) as unknown as pulumi.Output<ChannelOutputs>;
}
