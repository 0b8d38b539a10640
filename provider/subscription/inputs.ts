/**
 * ChannelSubscription's inputs: the field schemas (derived from provider/fields/subscription.ts)
 * and the pure `checkSubscriptionInputs`.
 */
import { SUBSCRIPTION_FIELD_TABLE } from "../fields/subscription";
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

/**
 * The pair a state names, completing a missing half from the resource id where that is provable:
 * the id is `<channelId>/<userId>`, and either ID may itself contain "/", so it is split only
 * around the half the state still has, or at its only "/". Undefined halves stay unknown.
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
        else if (channelId === undefined && userId === undefined && id.indexOf("/") === id.lastIndexOf("/") && id.includes("/")) {
            [channelId, userId] = id.split("/") as [string, string];
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
