/**
 * NODE_DEBUG: undici logs every request URL when one of these debuglog sections is on, and our URLs
 * carry the admin UserSig (API doc, "the UserSig travels in the URL"). `websocket` is included
 * because undici 7 then also logs client events, request lines included (lib/core/diagnostics.js).
 */
import { debuglog } from "node:util";

import { echo } from "../tencent/display";

/** NODE_DEBUG sections that make undici print request URLs, and so the UserSig in them. */
export const URL_LOGGING_SECTIONS = ["undici", "fetch", "websocket"] as const;

/**
 * Why requests must not be sent in this process, or undefined. Pure: `isEnabled` answers whether a
 * debuglog section is on (Node decides that from NODE_DEBUG at start-up, wildcards included).
 */
export function urlLoggingProblem(isEnabled: (section: string) => boolean, nodeDebug: string | undefined): string | undefined {
    const on = URL_LOGGING_SECTIONS.filter((section) => isEnabled(section));
    if (on.length === 0) return undefined;
    return (
        `NODE_DEBUG=${echo(nodeDebug ?? "")} turns on undici's debug log (${on.join(", ")}), which prints every request URL, ` +
        "and every Tencent Chat request URL carries the admin's UserSig, a credential that stays valid for hours. " +
        "pulumi-tencent-chat sends no request while it is set: remove undici, fetch and websocket (and any * pattern) from NODE_DEBUG and run again."
    );
}

/** Throws when this process would log request URLs. Called wherever a transport is built (provider and CLI). */
export function assertNoUrlLogging(): void {
    const problem = urlLoggingProblem((section) => debuglog(section).enabled, process.env.NODE_DEBUG);
    if (problem !== undefined) throw new Error(problem);
}
