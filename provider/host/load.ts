/**
 * The one loader behind every provider facade method (./channel.ts, ./subscription.ts). The
 * implementations live in provider/dynamic/ (the dynamic provider's adapter), reached only at run
 * time and by package name, so this folder imports nothing of ours.
 */
import type * as pulumi from "@pulumi/pulumi";

/** A provider implementation as the facades call it: every method of the host's ResourceProvider. */
export type Implementation = Required<pulumi.dynamic.ResourceProvider>;

/**
 * Loads a provider implementation (`channel`: provider/dynamic/channel.ts, `sub`:
 * provider/dynamic/subscription.ts) by package name, so that it resolves to the installed version
 * wherever the facade was loaded from. Node caches the module: only the first call per process
 * reads a file.
 *
 * @throws Node's MODULE_NOT_FOUND when the package is not installed where the host runs.
 */
export function load(kind: "channel" | "sub"): Implementation {
    return require(`pulumi-tencent-chat/dynamic/${kind}`);
}
