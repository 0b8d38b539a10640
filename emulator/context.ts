import type { Body } from "./fields";
import type { DeleteSubscriberReading } from "./options";
import type { Store } from "./store";

/** Everything a command handler may touch. Handlers do no I/O: they read the body, the store and this. */
export interface CommandContext {
    store: Store;
    /** The emulator's clock, Unix seconds. */
    nowSeconds: number;
    maxChannels: number;
    reuseDestroyedIds: boolean;
    deleteSubscriberReading: DeleteSubscriberReading;
    /** Uniform [0, 1) source for generated channel IDs and message keys. */
    random: () => number;
}

/** Returns the payload fields of an OK envelope, or throws an ApiError. */
export type CommandHandler = (body: Body, ctx: CommandContext) => Record<string, unknown>;
