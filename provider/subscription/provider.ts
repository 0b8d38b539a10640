/**
 * The ResourceProvider Pulumi serializes into every ChannelSubscription's state as `__provider`.
 * Same shape as OfficialChannel's (see channel/provider.ts): each method loads the implementation
 * by package name in the host and delegates, so the text stays under 2 KB, holds no secret, and
 * every operation runs the installed version's code. The export path is `host/sub`, not
 * `host/subscription`: the path is repeated in all seven methods, and the long form left only one
 * byte of margin under 2 KB.
 */
import type * as pulumi from "@pulumi/pulumi";

export const channelSubscriptionProvider: pulumi.dynamic.ResourceProvider = {
    configure: (...a) => require("pulumi-tencent-chat/host/sub").configure(...a),
    check: (...a) => require("pulumi-tencent-chat/host/sub").check(...a),
    diff: (...a) => require("pulumi-tencent-chat/host/sub").diff(...a),
    create: (...a) => require("pulumi-tencent-chat/host/sub").create(...a),
    read: (...a) => require("pulumi-tencent-chat/host/sub").read(...a),
    update: (...a) => require("pulumi-tencent-chat/host/sub").update(...a),
    delete: (...a) => require("pulumi-tencent-chat/host/sub").delete(...a),
};
