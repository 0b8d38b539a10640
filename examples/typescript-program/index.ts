/**
 * Official channels declared in code. Run against the emulator (see README.md) or a real Chat app.
 */
import * as pulumi from "@pulumi/pulumi";
import { OfficialChannel } from "pulumi-tencent-chat";

const config = new pulumi.Config();
const owner = config.get("owner") ?? "ops";

const news = new OfficialChannel("news", {
    channelId: "@TOA#_news",
    owner,
    name: "Company News",
    introduction: "Announcements from the comms team",
    organization: "Comms",
});

// No channelId: named "@TOA#_alerts-<random>" at the first `pulumi up` and kept from then on.
const alerts = new OfficialChannel("alerts", {
    owner,
    name: "运维告警", // limits are UTF-8 bytes: these 4 characters are 12 of the 150
    introduction: "Production alerts for on-call engineers",
    maxSubscribers: 5000,
});

// A channel with subscribers that must never be replaced by accident; `protect` also blocks delete.
const support = new OfficialChannel(
    "support",
    {
        channelId: "@TOA#_support",
        owner,
        name: "Customer Support",
        customString: JSON.stringify({ tier: "gold", escalation: "support-leads" }),
        allowReplace: false,
    },
    { protect: config.getBoolean("protect") ?? false },
);

export const channelIds = [news.channelId, alerts.channelId, support.channelId];
export const newsSubscribers = news.subscriberCount;
