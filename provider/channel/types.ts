/**
 * OfficialChannel's public types: what a user declares and what the state holds. Plain interfaces
 * on purpose: the published declarations of the package's entry points reach this file and must not
 * reach zod, whose typings fail a program's type check under the classic `pulumi new typescript`
 * tsconfig (TS1259 without esModuleInterop). `channel/inputs.ts` holds the field table to them.
 */
import type { NewChannel } from "../api/types";

/** What a user declares: the channel as create_official_account takes it, plus how to handle conflicts. Documented for users on OfficialChannelArgs. */
export interface ChannelInputs extends NewChannel {
    adopt?: boolean;
    allowReplace?: boolean;
}

/** Inputs after `check`: every field filled. */
export type CheckedChannelInputs = Required<ChannelInputs>;

/** What the state holds: the checked inputs plus what only Tencent knows. */
export interface ChannelOutputs extends CheckedChannelInputs {
    subscriberCount: number;
    /** Unix seconds. */
    createTime: number;
    /** Unix seconds; 0 when nothing was sent yet. */
    lastMessageTime: number;
}
