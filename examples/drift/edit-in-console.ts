/**
 * Plays the console user: changes a channel field out of band through the REST API.
 * Usage: node dist/examples/drift/edit-in-console.js <channelId> <field> <value>
 * Settings come from the same TENCENT_CHAT_* variables as everything else.
 */
import { createChatClient, resolveSettings, type ChannelChanges } from "pulumi-tencent-chat";

const EDITABLE = ["name", "introduction", "faceUrl", "organization", "customString"] as const;

async function main(): Promise<void> {
    const [channelId, field, value] = process.argv.slice(2);
    if (!channelId || !field || value === undefined || !(EDITABLE as readonly string[]).includes(field)) {
        console.error(`Usage: edit-in-console <channelId> <${EDITABLE.join("|")}> <value>`);
        process.exit(1);
    }
    const client = createChatClient(resolveSettings());
    await client.modifyChannel(channelId, { [field]: value } as ChannelChanges);
    console.log(`${channelId}: ${field} set to ${JSON.stringify(value)} behind Pulumi's back.`);
}

main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
});
