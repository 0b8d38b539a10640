import * as pulumi from "@pulumi/pulumi";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { allUndefined } from "../fields/types";
import type { ChannelInputs } from "../channel/types";
import { DYNAMIC_CHANNEL_TYPE } from "../kit/dynamic-types";
import { NAME_HINT, RESOURCE_URN } from "../kit/internal-inputs";
import { ownUrn } from "./urn";
import { officialChannelProvider } from "./channel-provider";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * The type token `pulumi.dynamic.Resource` registers for module "tencent-chat", type "OfficialChannel";
 * the plugin's component aliases its children to it, so a manifest deployed by the TypeScript
 * OfficialChannelSet moves to the plugin's without a change.
 */
export const CHANNEL_TYPE = DYNAMIC_CHANNEL_TYPE;

/**
 * Arguments of {@link OfficialChannel}. Limits are in UTF-8 bytes, as Tencent counts them: one CJK
 * character is 3 bytes, most emoji 4. Every limit is checked before any API call.
 */
export interface OfficialChannelArgs extends Inputs<ChannelInputs> {
    /**
     * The channel's custom ID (Tencent's `OfficialAccountUserID`): printable ASCII, at most 48 bytes,
     * starting with `@TOA#_` and not with `@TOA#_@TOA#` (reserved for IDs Tencent assigns).
     * Changing it **replaces** the channel (its subscribers are lost; see `allowReplace`).
     * @default `@TOA#_<logical name>-<7 random characters>`, fixed at the first `pulumi up`
     * @example "@TOA#_news"
     */
    channelId?: pulumi.Input<string>;
    /**
     * `Owner_Account`: the UserID that owns the channel; it must already be imported into Chat.
     * At most 32 bytes. Tencent cannot change it, so changing it **replaces** the channel.
     */
    owner: pulumi.Input<string>;
    /** Display name, 1–150 bytes. */
    name: pulumi.Input<string>;
    /** Introduction, at most 400 bytes. @default "" */
    introduction?: pulumi.Input<string>;
    /** Avatar URL, at most 500 bytes. @default "" */
    faceUrl?: pulumi.Input<string>;
    /**
     * Most subscribers the channel accepts (a whole number ≥ 1). Tencent does not report it back,
     * so a change made in the console is not detected by refresh.
     * @default 100000
     */
    maxSubscribers?: pulumi.Input<number>;
    /** Organization the channel belongs to, at most 500 bytes. @default "" */
    organization?: pulumi.Input<string>;
    /** Free-form app data, at most 3000 bytes. @default "" */
    customString?: pulumi.Input<string>;
    /**
     * When a channel with this ID already exists, take it over (and set its fields to the declared
     * values) instead of failing. Dynamic resources cannot be imported with `pulumi import`; this is
     * the way to bring an existing channel under management. The owner must match. Without it, an
     * existing channel is taken only as this resource's own interrupted attempt: identical, and
     * either created by this process or less than 10 minutes old with no subscribers.
     * @default false
     */
    adopt?: pulumi.Input<boolean>;
    /**
     * Replacing a channel (changing `channelId` or `owner`) destroys it with all its subscriptions.
     * Before planning one, the provider counts the live channel's subscribers; while it has any, the
     * change is refused (in preview too) unless this is `true`. A new owner that is not an imported
     * Chat user is refused whatever this says.
     * @default false
     */
    allowReplace?: pulumi.Input<boolean>;
}

/**
 * A Tencent Cloud Chat official channel (formerly "official account").
 *
 * @example
 * ```ts
 * const news = new OfficialChannel("news", {
 *     channelId: "@TOA#_news",
 *     owner: "ops",
 *     name: "Company News",
 *     introduction: "Announcements from the comms team",
 * });
 * export const subscribers = news.subscriberCount;
 * ```
 */
export class OfficialChannel extends pulumi.dynamic.Resource {
    /** The channel ID; also the resource's `id`. */
    declare readonly channelId: pulumi.Output<string>;
    declare readonly owner: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly introduction: pulumi.Output<string>;
    declare readonly faceUrl: pulumi.Output<string>;
    declare readonly maxSubscribers: pulumi.Output<number>;
    declare readonly organization: pulumi.Output<string>;
    declare readonly customString: pulumi.Output<string>;
    declare readonly adopt: pulumi.Output<boolean>;
    declare readonly allowReplace: pulumi.Output<boolean>;
    /** Subscribers as of the last create or refresh. */
    declare readonly subscriberCount: pulumi.Output<number>;
    /** Creation time, Unix seconds. */
    declare readonly createTime: pulumi.Output<number>;
    /** Time of the last message, Unix seconds (0 when none). */
    declare readonly lastMessageTime: pulumi.Output<number>;

    constructor(name: string, args: OfficialChannelArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            officialChannelProvider,
            name,
            {
                // Every field is registered, so each one (outputs included) becomes an output of the resource.
                ...allUndefined(CHANNEL_FIELD_TABLE),
                ...args,
                channelId: args.channelId,
                // check() needs the logical name to auto-name the channel (and diff to know it did).
                ...(args.channelId === undefined ? { [NAME_HINT]: name } : {}),
                // Which resource creates: the provider's create receives only inputs, and telling
                // this resource's own earlier attempt from a twin declaration needs it.
                [RESOURCE_URN]: ownUrn(name, CHANNEL_TYPE, opts?.parent),
            },
            opts,
            "tencent-chat",
            "OfficialChannel",
        );
    }
}

// Each field of the table is an output of the class (declared above, where its TSDoc lives): this
// stops compiling when a field is added to the table but not declared here.
type DeclaredOutputs = { [K in (typeof CHANNEL_FIELD_TABLE)[number]["name"]]: pulumi.Output<unknown> };
const declaresEveryField = (resource: OfficialChannel): DeclaredOutputs => resource;
void declaresEveryField;
