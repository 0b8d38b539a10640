/** Human-readable summaries of engine steps, in the spirit of `pulumi up --diff`. */
import type { FieldChange, Step } from "./engine";

const SYMBOL: Record<Step["kind"], string> = {
    create: "+",
    update: "~",
    replace: "+-",
    delete: "-",
    same: " ",
    refresh: "~",
    drop: "-",
};

const VERB: Record<Step["kind"], string> = {
    create: "create",
    update: "update",
    replace: "replace",
    delete: "delete",
    same: "same",
    refresh: "drift",
    drop: "gone",
};

const OUTPUT_ONLY = new Set(["subscriberCount", "createTime", "lastMessageTime"]);

function show(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? "∅" : text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

function describeChanges(step: Step): string[] {
    const relevant = step.kind === "create" ? step.changes.filter((c) => c.to !== "" && c.to !== false) : step.changes;
    const shown = relevant.filter((c: FieldChange) => !(step.kind === "refresh" && OUTPUT_ONLY.has(c.field)));
    if (step.kind === "create") return [shown.filter((c) => c.field !== "channelId").map((c) => `${c.field}=${show(c.to)}`).join(" ")];
    return shown.map((c) => `${c.field}: ${show(c.from)} → ${show(c.to)}`);
}

export function formatSteps(steps: readonly Step[]): string {
    const lines: string[] = [];
    const counts = new Map<string, number>();
    for (const step of steps) {
        const changes = describeChanges(step).filter((line) => line !== "");
        const label = step.kind === "refresh" && changes.length === 0 ? "in sync" : VERB[step.kind];
        counts.set(label, (counts.get(label) ?? 0) + 1);
        if (step.error) {
            lines.push(`  ✗ ${VERB[step.kind].padEnd(8)} ${step.id ?? step.name}: ${step.error.split("\n")[0]}`);
            continue;
        }
        if (label === "same" || label === "in sync") continue;
        const head = `  ${SYMBOL[step.kind].padEnd(2)} ${label.padEnd(8)} ${step.id ?? step.name}`;
        if (changes.length <= 1) lines.push(`${head}${changes.length ? `  ${changes[0]}` : ""}`);
        else lines.push(head, ...changes.map((c) => `       ${c}`));
        if (step.deleteBeforeReplace) lines.push("       (deleted first: the ID stays the same)");
    }
    const failed = steps.filter((s) => s.error).length;
    const tally = [...counts].map(([label, n]) => `${n} ${label}`).join(", ");
    lines.push(`  ${tally || "nothing to do"}${failed ? ` — ${failed} failed` : ""}`);
    return lines.join("\n");
}
