/**
 * What the plugin tells its users that the dynamic provider tells its own differently: the core's
 * advice is written for the dynamic resources (which `pulumi import` cannot bring in), while the
 * plugin's resource types can be imported. Also which inputs a program must never give the plugin.
 */
import { INTERNAL_INPUTS } from "../kit/internal-inputs";
import type { InputFailure } from "../kit/inputs";
import { TOKENS } from "./schema";
import type { Props } from "./values";

/** The core's sentences about importing dynamic resources, and what is true for the plugin's types. */
const IMPORT_ADVICE: ReadonlyArray<[RegExp, string]> = [
    [
        /\(Dynamic providers cannot be used with `pulumi import`\.\)/g,
        `Or bring it into the stack with \`pulumi import ${TOKENS.channel} <name> '<channelId>'\`.`,
    ],
    [
        // The core's refusal of a taken ID names adopt; through the plugin, import is the other way in.
        /(take it over \(its fields will be changed to the declared values, and `pulumi destroy` will delete it\), or choose another channelId\.)/g,
        `$1 Or bring it into the stack with \`pulumi import ${TOKENS.channel} <name> '<channelId>'\`.`,
    ],
    [
        /\(dynamic resources cannot be imported with `pulumi import`\)/g,
        `(import it with \`pulumi import ${TOKENS.subscription} <name> '<channelId>/<userId>'\`)`,
    ],
];

/**
 * `message` with the dynamic provider's import advice replaced by the plugin's: Pulumi cannot
 * `pulumi import` dynamic-provider resources, but the plugin's `tencent-chat:index:*` types can be
 * imported, and saying otherwise sends a user to `adopt` or a re-declaration for nothing.
 */
export function forPluginUsers(message: string): string {
    let out = message;
    for (const [pattern, replacement] of IMPORT_ADVICE) out = out.replace(pattern, replacement);
    return out;
}

/**
 * One failure per input only the provider may set (`__urn`, `__provider`, `nameHint`, anything
 * else starting with `__`): the engine gives the plugin the resource's identity itself, and a
 * program that supplied one could pass for another resource in the ownership checks.
 */
export function internalInputFailures(news: Props, type: string): InputFailure[] {
    const kind = type.split(":").pop() ?? type;
    return Object.keys(news)
        .filter((key) => key.startsWith("__") || INTERNAL_INPUTS.includes(key))
        .map((property) => ({
            property,
            reason: `is not an input of ${kind}: names starting with \`__\` (and \`nameHint\`) are internal to the provider, which sets them itself; remove it from the program`,
        }));
}
