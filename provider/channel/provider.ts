/**
 * The ResourceProvider Pulumi serializes into every OfficialChannel's state as `__provider`.
 *
 * Each method only loads the implementation by package name and delegates, so the serialized text
 * stays under 2 KB and holds no secret, and every operation — including delete and refresh of
 * resources whose state an older version wrote — runs the installed version's code. `require` is
 * resolved in the host, whose working directory is the Pulumi program's: the package must be
 * installed there, exactly as in a user's project. Rest parameters keep each method short: the
 * serializer wraps every function in ~200 bytes of boilerplate.
 */
import type * as pulumi from "@pulumi/pulumi";

export const officialChannelProvider: pulumi.dynamic.ResourceProvider = {
    configure: (...a) => require("pulumi-tencent-chat/host/channel").configure(...a),
    check: (...a) => require("pulumi-tencent-chat/host/channel").check(...a),
    diff: (...a) => require("pulumi-tencent-chat/host/channel").diff(...a),
    create: (...a) => require("pulumi-tencent-chat/host/channel").create(...a),
    read: (...a) => require("pulumi-tencent-chat/host/channel").read(...a),
    update: (...a) => require("pulumi-tencent-chat/host/channel").update(...a),
    delete: (...a) => require("pulumi-tencent-chat/host/channel").delete(...a),
};
