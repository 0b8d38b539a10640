/**
 * ChannelSubscription's inputs: the field schemas (derived from provider/fields/subscription.ts)
 * and the pure `checkSubscriptionInputs`.
 */
import { BYTE_LIMITS, utf8Bytes } from "../tencent/wire";
import { SUBSCRIPTION_FIELD_TABLE, subscribableChannelIdProblem } from "../fields/subscription";
import { defaults, fieldSchemas, type InputName } from "../fields/types";
import { unknownFieldFailures, validateFields, withDefaults, type CheckResult } from "../kit/inputs";
import { UNKNOWN } from "../kit/unknown";
import type { CheckedSubscriptionInputs, SubscriptionInputs, SubscriptionOutputs } from "./types";

/** Defaults `check` fills so the state always holds every field. */
export const SUBSCRIPTION_DEFAULTS = defaults(SUBSCRIPTION_FIELD_TABLE) as Pick<
    CheckedSubscriptionInputs,
    "customString" | "adopt"
>;

/** The resource id: `<channelId>/<userId>`. The provider reads both from state; the id only fills in what a state lacks. */
export function subscriptionId(inputs: Pick<SubscriptionInputs, "channelId" | "userId">): string {
    return `${inputs.channelId}/${inputs.userId}`;
}

/** A subscription's identity: the channel and the Chat UserID following it. */
export interface Pair {
    channelId: string;
    userId: string;
}

/**
 * Which pairs a subscription id `<channelId>/<userId>` can mean: every split at a "/" that gives a
 * subscribable channel ID and a UserID of 1 to BYTE_LIMITS.userId UTF-8 bytes, in order of the
 * split's position (channel IDs may contain "/"); none for an id that has none. `pulumi import`
 * settles several by what exists; {@link pairOf} takes one only when it is the only one.
 *
 * @example
 * ```ts
 * subscriptionIdCandidates("@TOA#_a/b/u1");
 * // [{ channelId: "@TOA#_a", userId: "b/u1" }, { channelId: "@TOA#_a/b", userId: "u1" }]
 * ```
 */
export function subscriptionIdCandidates(id: string): Pair[] {
    const pairs: Pair[] = [];
    for (let at = id.indexOf("/"); at >= 0; at = id.indexOf("/", at + 1)) {
        const channelId = id.slice(0, at);
        const userId = id.slice(at + 1);
        if (subscribableChannelIdProblem(channelId) !== undefined) continue;
        if (userId.length === 0 || utf8Bytes(userId) > BYTE_LIMITS.userId) continue;
        pairs.push({ channelId, userId });
    }
    return pairs;
}

/**
 * The pair a state names, completing a missing half from the resource id where that is provable:
 * the id is `<channelId>/<userId>`, and either ID may itself contain "/", so it is split only
 * around the half the state still has, or, with both missing, where it is the id's only reading
 * ({@link subscriptionIdCandidates}). Undefined halves stay unknown.
 */
export function pairOf(props: Record<string, unknown>, id: string | undefined): { channelId?: string; userId?: string } {
    const known = (value: unknown) => (typeof value === "string" && value !== "" && value !== UNKNOWN ? value : undefined);
    let channelId = known(props.channelId);
    let userId = known(props.userId);
    if (id && (channelId === undefined || userId === undefined)) {
        if (channelId !== undefined && userId === undefined && id.startsWith(`${channelId}/`))
            userId = id.slice(channelId.length + 1) || undefined;
        else if (userId !== undefined && channelId === undefined && id.endsWith(`/${userId}`))
            channelId = id.slice(0, -(userId.length + 1)) || undefined;
        else if (channelId === undefined && userId === undefined) {
            const candidates = subscriptionIdCandidates(id);
            if (candidates.length === 1) ({ channelId, userId } = candidates[0]!);
        }
    }
    return { ...(channelId !== undefined ? { channelId } : {}), ...(userId !== undefined ? { userId } : {}) };
}

/** One validator per input and whether it is required, derived from the field table. */
export const SUBSCRIPTION_FIELDS = fieldSchemas(SUBSCRIPTION_FIELD_TABLE);

// The interfaces carry the TSDoc users read; these lines stop compiling when they and the table disagree.
type TableName = (typeof SUBSCRIPTION_FIELD_TABLE)[number]["name"];
type TableInput = InputName<typeof SUBSCRIPTION_FIELD_TABLE>;
const inputsMatch: [TableInput, keyof SubscriptionInputs] extends [keyof SubscriptionInputs, TableInput] ? true : never = true;
const outputsMatch: [TableName, keyof SubscriptionOutputs] extends [keyof SubscriptionOutputs, TableName] ? true : never = true;
void inputsMatch;
void outputsMatch;

/** Pulumi `check`: report every failure, fill defaults, and pass unknown (preview) values through untouched. */
export function checkSubscriptionInputs(news: Record<string, unknown>): CheckResult {
    const inputs = withDefaults(news, SUBSCRIPTION_DEFAULTS);
    const failures = [
        ...unknownFieldFailures(inputs, Object.keys(SUBSCRIPTION_FIELDS), "ChannelSubscription"),
        ...validateFields(inputs, SUBSCRIPTION_FIELDS),
    ];
    return { inputs, failures };
}
