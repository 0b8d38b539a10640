/**
 * Deploys every channel of a manifest. The repository root's Pulumi.yaml runs this program with the
 * manifest examples/manifest/channels.yaml; `pulumi config set manifest <path>` picks another.
 */
import * as pulumi from "@pulumi/pulumi";
import { OfficialChannelSet } from "pulumi-tencent-chat";

const config = new pulumi.Config();
const set = new OfficialChannelSet("channels", { manifest: config.require("manifest") });

/** Channel ID → its outputs (subscriberCount, createTime, …). */
export const channels = set.channelOutputs;
