/** URL path → handler. The only place that knows which service each command lives in. */
import { ACCOUNT_COMMANDS, ACCOUNT_SERVICE, COMMANDS, SERVICE } from "../provider/tencent/wire";
import { accountCheck, accountImport, multiaccountImport } from "./account-commands";
import {
    createOfficialAccount,
    destroyOfficialAccount,
    getOfficialAccountInfo,
    modifyOfficialAccountBaseInfo,
    sendOfficialAccountMsg,
} from "./channel-commands";
import type { CommandHandler } from "./context";
import {
    addSubscriber,
    deleteSubscriber,
    getSubscribedOfficialAccountList,
    getSubscriberInfo,
    modifySubscriberInfo,
} from "./subscriber-commands";

/** Every command the emulator answers: the ten official-channel ones and the account ones. */
export type EmulatedCommand = (typeof COMMANDS)[number] | (typeof ACCOUNT_COMMANDS)[number];

const OFFICIAL_HANDLERS: Record<(typeof COMMANDS)[number], CommandHandler> = {
    create_official_account: createOfficialAccount,
    get_official_account_info: getOfficialAccountInfo,
    modify_official_account_base_info: modifyOfficialAccountBaseInfo,
    destroy_official_account: destroyOfficialAccount,
    get_subscriber_info: getSubscriberInfo,
    add_subscriber: addSubscriber,
    delete_subscriber: deleteSubscriber,
    modify_subscriber_info: modifySubscriberInfo,
    get_subscribed_official_account_list: getSubscribedOfficialAccountList,
    send_official_account_msg: sendOfficialAccountMsg,
};

const ACCOUNT_HANDLERS: Record<(typeof ACCOUNT_COMMANDS)[number], CommandHandler> = {
    account_import: accountImport,
    multiaccount_import: multiaccountImport,
    account_check: accountCheck,
};

/** Where a request path leads: the command and the handler that answers it. */
export interface Route {
    command: EmulatedCommand;
    handler: CommandHandler;
    /** Official-channel commands fail with 131000 when the service is disabled; account import does not. */
    officialChannel: boolean;
}

/** Every EmulatedCommand, official-channel commands first (the keys of the call statistics). */
export const ALL_COMMANDS: readonly EmulatedCommand[] = [...COMMANDS, ...ACCOUNT_COMMANDS];

/** The route for `/v4/<service>/<command>`, or undefined for any other path (the server answers 60009). */
export function route(pathname: string): Route | undefined {
    const match = /^\/v4\/([a-z_]+)\/([a-z_]+)$/.exec(pathname);
    if (!match) return undefined;
    const [, service, command] = match as unknown as [string, string, string];
    if (service === SERVICE && Object.hasOwn(OFFICIAL_HANDLERS, command)) {
        const c = command as (typeof COMMANDS)[number];
        return { command: c, handler: OFFICIAL_HANDLERS[c], officialChannel: true };
    }
    if (service === ACCOUNT_SERVICE && Object.hasOwn(ACCOUNT_HANDLERS, command)) {
        const c = command as (typeof ACCOUNT_COMMANDS)[number];
        return { command: c, handler: ACCOUNT_HANDLERS[c], officialChannel: false };
    }
    return undefined;
}
