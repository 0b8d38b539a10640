/** The channel's pure decisions as tables: replacement preflight, whose an existing channel is, live differences, claims. */
import { describe, expect, it } from "vitest";
import { Claims } from "../../provider/kit/claims";
import { compareInstance } from "../../provider/channel/identity";
import { UNKNOWN } from "../../provider/kit/unknown";
import { liveDifferences } from "../../provider/channel/live";
import { classifyExistingChannel, OWN_ATTEMPT_WINDOW_SECONDS, type ExistingChannelFacts } from "../../provider/channel/ownership";
import { decideReplacement, type ReplacementFacts } from "../../provider/channel/preflight";

describe("replacement preflight", () => {
    const base: ReplacementFacts = {
        channelId: "@TOA#_news",
        replaces: ["owner"],
        olds: { channelId: "@TOA#_news", owner: "ops" },
        news: { channelId: "@TOA#_news", owner: "ops2", allowReplace: false },
        deleteBeforeReplace: true,
        autoNamed: false,
        live: { kind: "exists", subscriberCount: 0 },
        newOwner: { kind: "imported" },
    };
    const table: Array<[string, Partial<ReplacementFacts>, "go" | RegExp]> = [
        ["goes ahead: no subscribers, the new owner is imported", {}, "go"],
        [
            "refuses while the live channel has subscribers, saying how many and how to allow it",
            { live: { kind: "exists", subscriberCount: 2 } },
            /lose its 2 subscribers \(counted live just now\).*allowReplace: true/s,
        ],
        ["says 1 subscriber in the singular", { live: { kind: "exists", subscriberCount: 1 } }, /lose its 1 subscriber \(/],
        [
            "goes ahead with subscribers when allowReplace is true",
            { live: { kind: "exists", subscriberCount: 2 }, news: { ...base.news, allowReplace: true } },
            "go",
        ],
        [
            "goes ahead in a preview when allowReplace is unknown (the up decides)",
            { live: { kind: "exists", subscriberCount: 2 }, news: { ...base.news, allowReplace: UNKNOWN } },
            "go",
        ],
        [
            "refuses an owner that is not imported, naming it, before anything is deleted",
            { newOwner: { kind: "notImported" }, news: { ...base.news, owner: "opps" } },
            /"opps" is not an imported Chat user.*70107.*after the old one was already gone.*Nothing was changed.*import "opps"/s,
        ],
        [
            "refuses when the new owner could not be checked",
            { newOwner: { kind: "unknown", reason: "ResultCode 6017" } },
            /could not be checked \(ResultCode 6017\).*Nothing was changed/s,
        ],
        [
            "goes ahead in a preview when the new owner is unknown",
            { newOwner: undefined, news: { ...base.news, owner: UNKNOWN } },
            "go",
        ],
        [
            "goes ahead in a preview when the only replaced field is unknown, even with subscribers (it may turn out the same)",
            {
                replaces: ["channelId"],
                newOwner: undefined,
                news: { ...base.news, owner: "ops", channelId: UNKNOWN },
                live: { kind: "exists", subscriberCount: 5 },
            },
            "go",
        ],
        [
            "refuses when a known owner change comes with an unknown ID and subscribers",
            {
                replaces: ["channelId", "owner"],
                news: { ...base.news, channelId: UNKNOWN },
                live: { kind: "exists", subscriberCount: 5 },
            },
            /lose its 5 subscribers/,
        ],
        [
            "refuses when the live channel cannot be read",
            { live: { kind: "unreadable", reason: "timeout" } },
            /could not be read to count the subscribers.*\(timeout\).*Nothing was changed/s,
        ],
        [
            "goes ahead when the old channel is already gone",
            { live: { kind: "gone" }, news: { ...base.news, allowReplace: false } },
            "go",
        ],
        [
            "explains create-first order for an auto-named channel",
            { autoNamed: true, deleteBeforeReplace: false, live: { kind: "exists", subscriberCount: 3 } },
            /a new channel would be created under a new auto-generated ID and @TOA#_news destroyed after it.*lose its 3 subscribers/s,
        ],
    ];
    it.each(table)("%s", (_title, change, expected) => {
        const decision = decideReplacement({ ...base, ...change });
        if (expected === "go") expect(decision.kind).toBe("go");
        else {
            expect(decision.kind).toBe("refuse");
            expect(decision.kind === "refuse" && decision.message).toMatch(expected);
        }
    });

    it("explains what a preview could not decide", () => {
        const decision = decideReplacement({
            ...base,
            newOwner: undefined,
            news: { ...base.news, owner: UNKNOWN, allowReplace: UNKNOWN },
            live: { kind: "exists", subscriberCount: 4 },
        });
        expect(decision).toEqual({
            kind: "go",
            notes: [
                expect.stringMatching(/new owner is not known yet.*imported Chat user/),
                expect.stringMatching(
                    /has 4 subscribers now; if owner really changes, `pulumi up` will refuse this replacement unless allowReplace is true/,
                ),
            ],
        });
    });
});

describe("whose is an existing channel (130008)", () => {
    const now = 1_800_000_000;
    const declared = {
        channelId: "@TOA#_news",
        owner: "ops",
        name: "News",
        introduction: "",
        faceUrl: "",
        organization: "",
        customString: "",
        maxSubscribers: 100000,
        adopt: false,
        allowReplace: false,
    };
    const live = {
        owner: "ops",
        name: "News",
        introduction: "",
        faceUrl: "",
        organization: "",
        customString: "",
        subscriberCount: 0,
        createTime: now - 60,
    };
    const base: ExistingChannelFacts = {
        channelId: "@TOA#_news",
        declared,
        live,
        lostAttemptInThisProcess: false,
        // This resource's create was journalled a second before Tencent created the channel.
        journalledAttempts: [now - 61],
        nowSeconds: now,
    };
    const old = now - OWN_ATTEMPT_WINDOW_SECONDS - 60;
    const table: Array<[string, Partial<ExistingChannelFacts>, "ownAttempt" | "adopt" | RegExp]> = [
        ["own attempt: this resource's journalled create made it, exact match", {}, "ownAttempt"],
        [
            "own attempt: journalled, even once users subscribed (a twin has no journal entry)",
            { live: { ...live, subscriberCount: 2 } },
            "ownAttempt",
        ],
        [
            "conflict: young, identical, no subscribers, but no journalled attempt (what a twin stack sees)",
            { journalledAttempts: [] },
            /nothing shows that this resource created it: it was created at .*0 subscribers now.*no record of a create of this resource.*adopt: true/s,
        ],
        [
            "conflict: created before this resource's attempt began (someone else's)",
            { journalledAttempts: [now - 10] },
            /no record of a create of this resource that could have made it/,
        ],
        [
            "conflict: createTime in the future (clock skew), journalled",
            { live: { ...live, createTime: now + 3600 }, journalledAttempts: [now + 3590] },
            /created 60 minutes in the future.*its age proves nothing.*adopt: true/s,
        ],
        [
            "conflict: createTime in the future, even after a lost attempt in this process",
            { lostAttemptInThisProcess: true, live: { ...live, createTime: now + 3600 } },
            /in the future/,
        ],
        [
            "own attempt: a lost create of this resource in this process, however old",
            { lostAttemptInThisProcess: true, live: { ...live, createTime: old } },
            "ownAttempt",
        ],
        [
            "conflict: created longer than the window after the journalled attempt",
            { live: { ...live, createTime: old }, journalledAttempts: [old - OWN_ATTEMPT_WINDOW_SECONDS - 1] },
            /no record of a create of this resource that could have made it.*adopt: true/s,
        ],
        [
            "conflict: no creation time reported",
            { live: { ...live, createTime: undefined } },
            /did not report when it was created/,
        ],
        ["conflict: fields differ", { live: { ...live, name: "Other" } }, /differs from this program in name.*adopt: true/s],
        [
            "conflict: fields differ even after a lost attempt",
            { lostAttemptInThisProcess: true, live: { ...live, introduction: "x" } },
            /differs from this program in introduction/,
        ],
        [
            "conflict: another owner, even with adopt",
            { declared: { ...declared, adopt: true }, live: { ...live, owner: "ops2" } },
            /owned by "ops2", not "ops".*owner: "ops2" and adopt: true/s,
        ],
        [
            "adopt: asked for, same owner, whatever the age and subscribers",
            { declared: { ...declared, adopt: true }, live: { ...live, subscriberCount: 9, createTime: old, name: "Old" } },
            "adopt",
        ],
    ];
    it.each(table)("%s", (_title, change, expected) => {
        const decision = classifyExistingChannel({ ...base, ...change });
        if (typeof expected === "string") expect(decision.kind).toBe(expected);
        else {
            expect(decision.kind).toBe("conflict");
            expect(decision.kind === "conflict" && decision.message).toMatch(expected);
        }
    });

    it("lists what an adoption changes", () => {
        const decision = classifyExistingChannel({
            ...base,
            declared: { ...declared, adopt: true },
            live: { ...live, name: "Old", customString: "x" },
        });
        expect(decision).toEqual({
            kind: "adopt",
            differences: [
                { field: "name", declared: "News", live: "Old" },
                { field: "customString", declared: "", live: "x" },
            ],
        });
    });
});

describe("live differences", () => {
    const table: Array<[string, Record<string, unknown>, Record<string, unknown>, string[]]> = [
        ["none when everything matches", { owner: "o", name: "n" }, { owner: "o", name: "n", introduction: "" }, []],
        [
            "an omitted optional field is its default",
            { owner: "o", name: "n" },
            { owner: "o", name: "n", organization: "Acme" },
            ["organization"],
        ],
        [
            "a field Tencent left out reads as empty",
            { owner: "o", name: "n", faceUrl: "u" },
            { owner: "o", name: "n" },
            ["faceUrl"],
        ],
        [
            "owner counts; maxSubscribers never does (Tencent cannot report it)",
            { owner: "o", name: "n", maxSubscribers: 5 },
            { owner: "p", name: "n" },
            ["owner"],
        ],
    ];
    it.each(table)("%s", (_title, declared, live, fields) => {
        expect(liveDifferences(live, declared).map((d) => d.field)).toEqual(fields);
    });
});

describe("claims", () => {
    it("lets exactly one of several concurrent creates of one ID through", () => {
        const claims = new Claims();
        const results = ["urn:a", "urn:b", undefined, "urn:a"].map((holder) => claims.begin("@TOA#_x", holder));
        expect(results[0]).toBeUndefined();
        expect(results.slice(1)).toEqual([
            { holder: "urn:a", inFlight: true },
            { holder: "urn:a", inFlight: true },
            { holder: "urn:a", inFlight: true },
        ]);
    });

    it("keeps a created ID for its resource: another resource cannot take it, the same one can re-create it", () => {
        const claims = new Claims();
        claims.begin("@TOA#_x", "urn:a");
        claims.end("@TOA#_x", "created");
        expect(claims.begin("@TOA#_x", "urn:b")).toEqual({ holder: "urn:a", inFlight: false });
        expect(claims.begin("@TOA#_x", "urn:a")).toBeUndefined();
    });

    it("frees an ID when nothing was created, or when it is deleted", () => {
        const claims = new Claims();
        claims.begin("@TOA#_x", "urn:a");
        claims.end("@TOA#_x", "failed");
        expect(claims.begin("@TOA#_x", "urn:b")).toBeUndefined();
        claims.end("@TOA#_x", "created");
        claims.release("@TOA#_x");
        expect(claims.begin("@TOA#_x", "urn:c")).toBeUndefined();
    });

    it("never lets a create without a URN clear or take another resource's claim (issue 18, item 6)", () => {
        const claims = new Claims();
        claims.begin("@TOA#_x", "urn:a");
        claims.end("@TOA#_x", "created");
        expect(claims.begin("@TOA#_x", undefined)).toEqual({ holder: "urn:a", inFlight: false });
        // …so a third resource (adopt or not) still meets the first one's claim.
        expect(claims.begin("@TOA#_x", "urn:c")).toEqual({ holder: "urn:a", inFlight: false });
        // Two creates without a URN in one process are two resources as well.
        claims.begin("@TOA#_y", undefined);
        claims.end("@TOA#_y", "created");
        expect(claims.begin("@TOA#_y", undefined)).toEqual({ holder: undefined, inFlight: false });
    });

    it("remembers a lost attempt for its own resource only", () => {
        const claims = new Claims();
        claims.begin("@TOA#_x", "urn:a");
        claims.end("@TOA#_x", "lost");
        expect(claims.lostAttemptOf("@TOA#_x", "urn:a")).toBe(true);
        expect(claims.lostAttemptOf("@TOA#_x", undefined)).toBe(false);
        expect(claims.begin("@TOA#_x", "urn:b")).toEqual({ holder: "urn:a", inFlight: false });
        expect(claims.begin("@TOA#_x", "urn:a")).toBeUndefined();
        expect(claims.lostAttemptOf("@TOA#_x", "urn:a")).toBe(true);
    });
});

describe("instance identity (owner + createTime)", () => {
    const live = { owner: "alice", name: "N", createTime: 1_800_000_000, subscriberCount: 2 };
    const table: Array<[string, Record<string, unknown>, "same" | string[]]> = [
        ["same owner and createTime", { owner: "alice", createTime: 1_800_000_000 }, "same"],
        ["another owner", { owner: "ops", createTime: 1_800_000_000 }, ["owner"]],
        [
            "another createTime (destroyed and re-created by the same owner)",
            { owner: "alice", createTime: 1_700_000_000 },
            ["createTime"],
        ],
        ["both", { owner: "ops", createTime: 1_700_000_000 }, ["owner", "createTime"]],
        ["createTime missing from the state: not a mismatch", { owner: "alice" }, "same"],
        ["createTime 0 (a partial failure): not a mismatch", { owner: "alice", createTime: 0 }, "same"],
        ["nothing recorded (import): not a mismatch", {}, "same"],
        // A create records createTime 0 and "created no later than" (this machine's clock), tolerance 30 s.
        [
            "created no later than, and the live one is older: ours",
            { owner: "alice", createTime: 0, __createdBefore: 1_800_000_005 },
            "same",
        ],
        [
            "created no later than, the live one within the clock tolerance after it: ours",
            { owner: "alice", createTime: 0, __createdBefore: 1_799_999_970 },
            "same",
        ],
        [
            "created no later than, the live one created after that beyond the tolerance: another instance",
            { owner: "alice", createTime: 0, __createdBefore: 1_799_999_969 },
            ["createTime"],
        ],
        [
            "a recorded createTime wins over the bound",
            { owner: "alice", createTime: 1_800_000_000, __createdBefore: 1_700_000_000 },
            "same",
        ],
    ];
    it.each(table)("%s", (_title, state, expected) => {
        const verdict = compareInstance(state, live);
        if (expected === "same") expect(verdict).toEqual({ kind: "same" });
        else expect(verdict.kind === "different" && verdict.differs).toEqual(expected);
    });

    it("describes what is there now with remote text escaped", () => {
        const verdict = compareInstance({ owner: "ops", createTime: 1 }, { ...live, owner: "al\x1b[31mice" });
        expect(verdict.kind === "different" && verdict.now).toBe(
            'owner "al\\x1b[31mice", created 2027-01-15T08:00:00Z, 2 subscribers',
        );
        expect(verdict.kind === "different" && verdict.was).toBe('owner "ops", created 1970-01-01T00:00:01Z');
    });

    it("says what the bound recorded when only the bound tells them apart", () => {
        const verdict = compareInstance({ owner: "alice", createTime: 0, __createdBefore: 1_799_999_000 }, live);
        expect(verdict.kind === "different" && verdict.was).toBe('owner "alice", created no later than 2027-01-15T07:43:20Z');
    });
});
