/**
 * Issue 18 item 10: paging has a bound. Against a server that never sets CompleteFlag but keeps
 * advancing, every listing of a user's channels — the `getSubscribedChannels` lookup, the
 * `tencent-chat subscribed` command and ChannelSubscription's read — stops, says what it read and
 * why, and makes a bounded number of requests.
 */
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createChatClient } from "../../provider/api/client";
import { LISTING_BUDGET_MS, MAX_SUBSCRIBED_PAGES, whyStop } from "../../provider/api/subscribed-list";
import { closeAllPools } from "../../provider/api/transport";
import { getSubscribedChannels } from "../../provider/lookups";
import { read as readSubscription } from "../../provider/subscription/operations";
import { repoRoot } from "../support/dist";
import { ok, startFakeServer, type FakeRequest, type FakeServer } from "../support/fake-server";

type Main = typeof import("../../provider/cli/main");
const { main } = require(path.join(repoRoot, "dist/provider/cli/main.js")) as Main;

const KEY = "paging-bounds-secret-key-0123456789abcdef";
const LIST = "get_subscribed_official_account_list";

let server: FakeServer;
beforeAll(async () => {
    server = await startFakeServer();
});
afterEach(() => closeAllPools());
afterAll(() => server?.stop());

const client = () => createChatClient({ sdkAppId: 1400000000, secretKey: KEY, endpoint: server.url, callsPerSecond: 0 });

/** A page of `count` distinct channels from `offset`, as Tencent lists them. */
const channels = (offset: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({
        Official_Account: `@TOA#_c${offset + i}`,
        Name: "C",
        SelfInfo: { SubscribeTime: 1700000000, CustomString: "" },
    }));

/** Never complete: every page full, Next always one page further, with `extra` fields (TotalCount…). */
const neverComplete =
    (extra: (offset: number) => Record<string, unknown> = () => ({})) =>
    ({ body }: FakeRequest) => {
        const offset = Number(body.Offset);
        return ok({ CompleteFlag: 0, Next: offset + 200, OfficialAccountInfoList: channels(offset, 200), ...extra(offset) });
    };

const failure = (promise: Promise<unknown>) =>
    promise.then(
        () => {
            throw new Error("expected a failure");
        },
        (e: unknown) => (e as Error).message,
    );

const TAIL =
    ". The list is incomplete, so none of it is returned. Tencent ends every list with CompleteFlag 1; check that the endpoint setting " +
    "points at Tencent Chat's REST API (or the emulator), and if it does, please report this.";
const PAGE_LIMIT =
    `${LIST} for "u1" failed: the listing stopped after 50 pages and 10,000 channels: the server never marked the list complete ` +
    `(CompleteFlag 1) in 50 pages of 200, the most a listing reads${TAIL}`;

describe("a server that never completes but keeps advancing", () => {
    it("getSubscribedChannels stops after 50 pages, saying what it read and why", async () => {
        server.answer(neverComplete());
        // Before: 3,840 requests in 20 s and 1.4 GB, and no end.
        expect(await failure(getSubscribedChannels("u1", { client: client() }))).toBe(PAGE_LIMIT);
        expect(server.count(LIST)).toBe(MAX_SUBSCRIBED_PAGES);
    });

    it("tencent-chat subscribed stops the same way and exits 1", async () => {
        server.answer(neverComplete());
        let stdout = "";
        let stderr = "";
        const env = { TENCENT_CHAT_SDKAPPID: "1400000000", TENCENT_CHAT_SECRET_KEY: KEY, TENCENT_CHAT_ENDPOINT: server.url };
        const code = await main(["subscribed", "u1"], { out: (t) => (stdout += t), err: (t) => (stderr += t), env });
        expect(code).toBe(1);
        expect(stdout).toBe("");
        expect(stderr).toContain(PAGE_LIMIT);
        expect(server.count(LIST)).toBe(MAX_SUBSCRIBED_PAGES);
    });

    it("a ChannelSubscription read stops the same way instead of growing for ever", async () => {
        server.answer(neverComplete());
        const reading = readSubscription(client(), "@TOA#_c1/u1", { channelId: "@TOA#_c1", userId: "u1", customString: "" });
        expect(await failure(reading)).toBe(PAGE_LIMIT);
        expect(server.count(LIST)).toBe(MAX_SUBSCRIBED_PAGES);
    });

    it("stops at the TotalCount it reports: after the page whose Next points past it", async () => {
        server.answer(neverComplete(() => ({ TotalCount: 450 })));
        expect(await failure(getSubscribedChannels("u1", { client: client() }))).toBe(
            `${LIST} for "u1" failed: the listing stopped after 3 pages and 600 channels: page 3 (offset 400) pointed past the end of the list ` +
                `(Next 600, TotalCount 450) and CompleteFlag 0${TAIL}`,
        );
        expect(server.count(LIST)).toBe(3);
    });

    it("stops at once when a page does not advance, is empty without completing, or holds more than asked for", async () => {
        server.answer(({ body }) => ok({ CompleteFlag: 0, Next: Number(body.Offset), OfficialAccountInfoList: channels(0, 2) }));
        expect(await failure(getSubscribedChannels("u1", { client: client() }))).toBe(
            `${LIST} for "u1" failed: the listing stopped after 1 page and 2 channels: page 1 (offset 0) answered Next 0, which does not advance, and CompleteFlag 0${TAIL}`,
        );
        expect(server.count(LIST)).toBe(1);

        server.answer(() => ok({ CompleteFlag: 0, Next: 200, OfficialAccountInfoList: [] }));
        expect(await failure(getSubscribedChannels("u1", { client: client() }))).toBe(
            `${LIST} for "u1" failed: the listing stopped after 1 page and 0 channels: page 1 (offset 0) was empty, yet the server did not say the list was complete (CompleteFlag 0)${TAIL}`,
        );
        expect(server.count(LIST)).toBe(1);

        server.answer(() => ok({ CompleteFlag: 1, Next: 0, OfficialAccountInfoList: channels(0, 201) }));
        expect(await failure(getSubscribedChannels("u1", { client: client() }))).toBe(
            `${LIST} for "u1" failed: the listing stopped after 1 page and 0 channels: page 1 (offset 0) held 201 channels, more than the 200 asked for${TAIL}`,
        );
        expect(server.count(LIST)).toBe(1);
    });

    it("stops when the whole listing outlasts its budget, whatever each page's own deadline", () => {
        const page = { totalCount: 0, channels: [], complete: false, next: 400 } as never;
        const progress = { pages: 2, channels: 400, offset: 200, startedAt: 0 };
        const limits = { maxPages: MAX_SUBSCRIBED_PAGES, budgetMs: LISTING_BUDGET_MS };
        const nonEmpty = { totalCount: 0, channels: [{}], complete: false, next: 400 } as never;
        expect(whyStop(nonEmpty, progress, limits, LISTING_BUDGET_MS - 1)).toBeUndefined();
        expect(whyStop(nonEmpty, progress, limits, LISTING_BUDGET_MS)).toBe("the listing took longer than its budget of 120 s");
        expect(whyStop(page, progress, limits, 0)).toMatch(/was empty/);
    });

    it("still lists a user's channels in full when the server ends the list", async () => {
        server.answer(({ body }) => {
            const offset = Number(body.Offset);
            return offset === 0
                ? ok({ TotalCount: 250, CompleteFlag: 0, Next: 200, OfficialAccountInfoList: channels(0, 200) })
                : ok({ TotalCount: 250, CompleteFlag: 1, Next: 0, OfficialAccountInfoList: channels(200, 50) });
        });
        expect(await getSubscribedChannels("u1", { client: client() })).toHaveLength(250);
        expect(server.count(LIST)).toBe(2);
    });
});
