import * as pulumi from "@pulumi/pulumi";
import { SUBSCRIPTION_FIELD_TABLE } from "../fields/subscription";
import { allUndefined } from "../fields/types";
import { DYNAMIC_SUBSCRIPTION_TYPE } from "../kit/dynamic-types";
import { RESOURCE_URN } from "../kit/internal-inputs";
import { ownUrn } from "./urn";
import { channelSubscriptionProvider } from "./subscription-provider";

const SUBSCRIPTION_TYPE = DYNAMIC_SUBSCRIPTION_TYPE;

/** Arguments of {@link ChannelSubscription}. Every limit is checked before any API call. */
export interface ChannelSubscriptionArgs {
    /**
     * The official channel to subscribe to. Pass an OfficialChannel's `channelId` output so the
     * channel is created first. IDs Tencent assigned (`@TOA#_@TOA#…`) are accepted here.
     * Changing it **replaces** the subscription (the user is unsubscribed from the old channel).
     * @example news.channelId
     */
    channelId: pulumi.Input<string>;
    /**
     * The subscriber's Chat UserID (at most 32 bytes). It must already be imported into Chat.
     * Changing it **replaces** the subscription.
     * @example "u1"
     */
    userId: pulumi.Input<string>;
    /** The subscriber's own free-form data on this channel, at most 3000 bytes of UTF-8. @default "" */
    customString?: pulumi.Input<string>;
    /**
     * Take over a subscription that already exists (the user subscribed on her own, or another stack
     * or program subscribed her): its customString is changed to the declared value, and
     * `pulumi destroy` then unsubscribes the user. Without it, `pulumi up` refuses an existing
     * subscription and changes nothing — Tencent records nothing that says who subscribed a user,
     * so only this resource's own interrupted attempt in the same run counts as its own.
     * @default false
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * One user's subscription to a Tencent Cloud Chat official channel.
 *
 * Non-authoritative: it manages only the pair it declares and never removes the channel's other
 * subscribers. If the user is already subscribed, `pulumi up` fails and changes nothing (her
 * customString stays) unless `adopt: true` asks to take that subscription over; `pulumi destroy`
 * unsubscribes only a subscription this resource made or adopted. Declare each pair once: a second
 * resource for the same pair — in this deployment or another stack — fails.
 *
 * The resource `id` is `<channelId>/<userId>`. It is informational: the provider reads both from
 * the state, so IDs that contain "/" are fine.
 *
 * `pulumi refresh` shows a customString changed elsewhere (the next `up` sets it back) and drops
 * the resource when the user was unsubscribed or the channel destroyed.
 *
 * @example
 * ```ts
 * const news = new OfficialChannel("news", { channelId: "@TOA#_news", owner: "ops", name: "Company News" });
 * new ChannelSubscription("news-u1", { channelId: news.channelId, userId: "u1", customString: "vip" });
 * ```
 */
export class ChannelSubscription extends pulumi.dynamic.Resource {
    declare readonly channelId: pulumi.Output<string>;
    declare readonly userId: pulumi.Output<string>;
    declare readonly customString: pulumi.Output<string>;
    declare readonly adopt: pulumi.Output<boolean>;
    /** When the user subscribed, Unix seconds (0 when Tencent did not report it). */
    declare readonly subscribeTime: pulumi.Output<number>;

    constructor(name: string, args: ChannelSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            channelSubscriptionProvider,
            name,
            // `__urn` says which resource creates: two declarations of one pair must not share it.
            {
                ...allUndefined(SUBSCRIPTION_FIELD_TABLE),
                ...args,
                [RESOURCE_URN]: ownUrn(name, SUBSCRIPTION_TYPE, opts?.parent),
            },
            opts,
            "tencent-chat",
            "ChannelSubscription",
        );
    }
}

// Each field of the table is an output of the class (declared above, where its TSDoc lives): this
// stops compiling when a field is added to the table but not declared here.
type DeclaredOutputs = { [K in (typeof SUBSCRIPTION_FIELD_TABLE)[number]["name"]]: pulumi.Output<unknown> };
const declaresEveryField = (resource: ChannelSubscription): DeclaredOutputs => resource;
void declaresEveryField;
