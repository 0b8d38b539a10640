/**
 * The ResourceProvider Pulumi serializes into every ChannelSubscription's state as `__provider`.
 * Same shape as OfficialChannel's (see channel/provider.ts): each method loads the implementation
 * by package name in the host and delegates, so the text stays under 2 KB, holds no secret, and
 * every operation runs the installed version's code.
 */
import type * as pulumi from "@pulumi/pulumi";

export const channelSubscriptionProvider: pulumi.dynamic.ResourceProvider = {
    configure: (...a) => require("pulumi-tencent-chat/host/subscription").configure(...a),
    check: (...a) => require("pulumi-tencent-chat/host/subscription").check(...a),
    diff: (...a) => require("pulumi-tencent-chat/host/subscription").diff(...a),
    create: (...a) => require("pulumi-tencent-chat/host/subscription").create(...a),
    read: (...a) => require("pulumi-tencent-chat/host/subscription").read(...a),
    update: (...a) => require("pulumi-tencent-chat/host/subscription").update(...a),
    delete: (...a) => require("pulumi-tencent-chat/host/subscription").delete(...a),
};
