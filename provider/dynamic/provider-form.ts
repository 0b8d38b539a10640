/** Which provider object a resource hands to Pulumi's serializer (see providerFor). */
import type * as pulumi from "@pulumi/pulumi";

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
