/**
 * The program of test/cli-e2e/migration.test.ts: one channel, declared through the dynamic provider
 * (`stage` = dynamic) or through the plugin's resource type (`plugin`, with the `import` option when
 * `importId` is set; `alias`, claiming the dynamic resource by an alias), with the same inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { OfficialChannel } from "pulumi-tencent-chat";

/** The plugin's channel type, declared the way any generated SDK class does. */
class PluginChannel extends pulumi.CustomResource {
    declare readonly subscriberCount: pulumi.Output<number>;
    constructor(name: string, args: Record<string, pulumi.Input<unknown>>, opts?: pulumi.CustomResourceOptions) {
        super("tencent-chat:index:OfficialChannel", name, { ...args, subscriberCount: undefined }, opts);
    }
}

const config = new pulumi.Config();
const stage = config.require("stage");
const declared = { channelId: "@TOA#_move", owner: "ops", name: "Moving house", introduction: "Declared once" };

if (stage === "dynamic") new OfficialChannel("news", declared);
if (stage === "plugin") new PluginChannel("news", declared, { import: config.get("importId") });
if (stage === "alias")
    new PluginChannel("news", declared, { aliases: [{ type: "pulumi-nodejs:dynamic/tencent-chat:OfficialChannel" }] });
