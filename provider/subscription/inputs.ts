/**
 * ChannelSubscription's inputs: field schemas (zod, sharing OfficialChannel's where the rules are
 * the same) and the pure `checkSubscriptionInputs`.
 */
import { z } from "zod";
import { BYTE_LIMITS, CHANNEL_ID_PREFIX, RESERVED_ID_PREFIX, channelIdProblem, utf8Bytes } from "../api/wire";
import { echo } from "../api/display";
import { CHANNEL_FIELDS } from "../channel/inputs";
import { describeValue } from "../fields/describe";
import { unknownFieldFailures, validateFields, withDefaults, type CheckResult } from "../kit/inputs";
import { UNKNOWN } from "../kit/unknown";

/** What a user declares. Documented for users on ChannelSubscriptionArgs. */
export interface SubscriptionInputs {
    channelId: string;
    userId: string;
    customString?: string;
}

export type CheckedSubscriptionInputs = Required<SubscriptionInputs>;

/** What the state holds: the checked inputs plus what only Tencent knows. */
export interface SubscriptionOutputs extends CheckedSubscriptionInputs {
    /** Unix seconds; 0 when Tencent did not report it. */
    subscribeTime: number;
}

export const SUBSCRIPTION_DEFAULTS: Pick<CheckedSubscriptionInputs, "customString"> = { customString: "" };

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

/**
 * Why `id` cannot name an existing channel, or undefined. Unlike a custom ID at creation, an ID
 * Tencent assigned (`@TOA#_@TOA#…`) is fine to subscribe to, so the reserved prefix is masked with
 * same-length, non-reserved characters and every other rule (ASCII, 48 bytes) still applies.
 */
export function subscribableChannelIdProblem(id: string): string | undefined {
    if (id.startsWith(RESERVED_ID_PREFIX) && id.length > RESERVED_ID_PREFIX.length) {
        return channelIdProblem(
            CHANNEL_ID_PREFIX +
                "_".repeat(RESERVED_ID_PREFIX.length - CHANNEL_ID_PREFIX.length) +
                id.slice(RESERVED_ID_PREFIX.length),
        );
    }
    return channelIdProblem(id);
}

const channelId = z
    .string({
        error: (issue) => `must be a channel ID string like "${CHANNEL_ID_PREFIX}news" (got ${describeValue(issue.input)})`,
    })
    .superRefine((value, ctx) => {
        const problem = subscribableChannelIdProblem(value);
        if (problem) {
            ctx.addIssue({
                code: "custom",
                message: `${echo(value)} ${problem}; IDs are printable ASCII, at most ${BYTE_LIMITS.channelId} bytes (this one is ${utf8Bytes(value)})`,
            });
        }
    });

// The string check is ours (the owner schema's type message names the owner); the owner schema's
// own rules — non-empty, at most 32 bytes, with the size — apply to every Chat UserID.
const userId = z
    .string({
        error: (issue) =>
            `must be a Chat UserID, a string of at most ${BYTE_LIMITS.userId} bytes (got ${describeValue(issue.input)})`,
    })
    .pipe(CHANNEL_FIELDS.owner.schema);

// Tencent documents the same 3000-byte limit for a subscriber's CustomString as for a channel's
// (§3); this line stops compiling if either constant changes, so the shared schema stays right.
const sameLimit: typeof BYTE_LIMITS.customString = BYTE_LIMITS.subscriberCustomString;
void sameLimit;

export const SUBSCRIPTION_FIELDS = {
    channelId: { schema: channelId, required: true },
    userId: { schema: userId, required: true },
    customString: { schema: CHANNEL_FIELDS.customString.schema, required: false },
} as const satisfies Record<keyof SubscriptionInputs, { schema: z.ZodType; required: boolean }>;

/** Pulumi `check`: report every failure, fill defaults, and pass unknown (preview) values through untouched. */
export function checkSubscriptionInputs(news: Record<string, unknown>): CheckResult {
    const inputs = withDefaults(news, SUBSCRIPTION_DEFAULTS);
    const failures = [
        ...unknownFieldFailures(inputs, Object.keys(SUBSCRIPTION_FIELDS), "ChannelSubscription"),
        ...validateFields(inputs, SUBSCRIPTION_FIELDS),
    ];
    return { inputs, failures };
}
