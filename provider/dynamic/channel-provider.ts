/**
 * The ResourceProvider Pulumi serializes into every OfficialChannel's state as `__provider`.
 *
 * Installed, it is the facade module provider/host/channel.ts, which Pulumi writes as
 * `require("pulumi-tencent-chat/host/channel")`. Linked (outside `node_modules`), Pulumi copies the
 * provider by value, so it is the compact object below, whose methods require that same facade by
 * package name. Either way `require` is resolved in the host, whose working directory is the Pulumi
 * program's: every operation — including delete and refresh of resources whose state an older
 * version wrote — runs the installed version's code, and the text holds no secret. Rest parameters
 * keep each copied method short (see providerFor).
 */
import type * as pulumi from "@pulumi/pulumi";
import * as facade from "../host/channel";
import { providerFor } from "./provider-form";

/** OfficialChannel's dynamic provider; it holds no settings and no secret, only lazy loads by package name. */
export const officialChannelProvider: pulumi.dynamic.ResourceProvider = providerFor(
    facade,
    require.resolve("../host/channel"),
    () => ({
        configure: (...a) => require("pulumi-tencent-chat/host/channel").configure(...a),
        check: (...a) => require("pulumi-tencent-chat/host/channel").check(...a),
        diff: (...a) => require("pulumi-tencent-chat/host/channel").diff(...a),
        create: (...a) => require("pulumi-tencent-chat/host/channel").create(...a),
        read: (...a) => require("pulumi-tencent-chat/host/channel").read(...a),
        update: (...a) => require("pulumi-tencent-chat/host/channel").update(...a),
        delete: (...a) => require("pulumi-tencent-chat/host/channel").delete(...a),
    }),
);
