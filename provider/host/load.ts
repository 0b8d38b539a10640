/**
 * The one loader behind every provider facade method (./channel.ts, ./subscription.ts), and the
 * rule that decides which provider object a resource hands to Pulumi's serializer.
 */
import type * as pulumi from "@pulumi/pulumi";

/** What each facade kind loads: the implementation modules, by their `exports` subpath. */
interface Implementations {
    channel: typeof import("./impl/channel");
    sub: typeof import("./impl/subscription");
}

/**
 * Loads a provider implementation by package name, so that it resolves to the installed version
 * wherever the facade was loaded from. Node caches the module: only the first call per process
 * reads a file.
 *
 * @throws Node's MODULE_NOT_FOUND when the package is not installed where the host runs.
 */
export function load<K extends keyof Implementations>(kind: K): Implementations[K] {
    return require(`pulumi-tencent-chat/host/impl/${kind}`) as Implementations[K];
}

/**
 * The provider a resource registers: the facade module itself when Pulumi's serializer will write it
 * as `require("<package>/<subpath>")` — it does so for a module object whose file lies under
 * `node_modules` (an installed package, whichever package manager) — and otherwise `byValue`.
 *
 * Why two: a module outside `node_modules` (this repository's self-link, `npm link`, a workspace
 * member) is copied by value, and the serializer wraps each copied function in ~170 bytes, so the
 * facade's seven methods plus the shared loader would exceed 2 KB. `byValue` is the compact form:
 * seven arrows that each require the facade by package name, so the host still runs the installed
 * version's code.
 *
 * @param facadeFile the facade's resolved file name (`require.resolve`), real path as Node caches it.
 */
export function providerFor(
    facade: pulumi.dynamic.ResourceProvider,
    facadeFile: string,
    byValue: () => pulumi.dynamic.ResourceProvider,
): pulumi.dynamic.ResourceProvider {
    return facadeFile.split(/[\\/]/).includes("node_modules") ? facade : byValue();
}
