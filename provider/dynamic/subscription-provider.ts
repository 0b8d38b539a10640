/**
 * The ResourceProvider Pulumi serializes into every ChannelSubscription's state as `__provider`.
 * Same shape as OfficialChannel's (see ./channel-provider.ts): installed, the facade module
 * provider/host/subscription.ts, written as `require("pulumi-tencent-chat/host/sub")`; linked, the
 * compact by-value object below. The export path is `host/sub`, not `host/subscription`: the
 * by-value form repeats it in all seven methods, and the long form left only one byte under 2 KB.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as facade from "../host/subscription";
import { providerFor } from "./provider-form";

/** ChannelSubscription's dynamic provider; it holds no settings and no secret, only lazy loads by package name. */
export const channelSubscriptionProvider: pulumi.dynamic.ResourceProvider = providerFor(
    facade,
    require.resolve("../host/subscription"),
    () => ({
        configure: (...a) => require("pulumi-tencent-chat/host/sub").configure(...a),
        check: (...a) => require("pulumi-tencent-chat/host/sub").check(...a),
        diff: (...a) => require("pulumi-tencent-chat/host/sub").diff(...a),
        create: (...a) => require("pulumi-tencent-chat/host/sub").create(...a),
        read: (...a) => require("pulumi-tencent-chat/host/sub").read(...a),
        update: (...a) => require("pulumi-tencent-chat/host/sub").update(...a),
        delete: (...a) => require("pulumi-tencent-chat/host/sub").delete(...a),
    }),
);
