/** One channel, to watch drift detection at work (see README.md). */
import { OfficialChannel } from "pulumi-tencent-chat";

export const channel = new OfficialChannel("drift-demo", {
    channelId: "@TOA#_drift-demo",
    owner: "ops",
    name: "Drift demo",
    introduction: "Managed by Pulumi: edit me in the console, then run `pulumi refresh`.",
});

export const name = channel.name;
