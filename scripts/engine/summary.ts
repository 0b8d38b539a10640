/** Human-readable summaries of engine steps, in the spirit of `pulumi up --diff`. */
import type { FieldChange, Step } from "./engine";

const SYMBOL: Record<Step["kind"], string> = {
    create: "+",
    update: "~",
    replace: "+-",
    "delete-replaced": "-",
    delete: "-",
    same: " ",
    refresh: "~",
    drop: "-",
};

const VERB: Record<Step["kind"], string> = {
    create: "create",
    update: "update",
    replace: "replace",
    "delete-replaced": "delete original",
    delete: "delete",
    same: "same",
    refresh: "drift",
    drop: "gone",
};

/**
 * The tally's labels in a fixed order, so the summary never depends on which concurrent step
 * finished first ("1 drift, 2 in sync" on every run).
 */
const TALLY_ORDER = ["create", "update", "replace", "delete original", "delete", "retained", "same", "drift", "in sync", "gone"];

const OUTPUT_ONLY = new Set(["subscriberCount", "createTime", "lastMessageTime"]);

function show(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? "∅" : text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

function describeChanges(step: Step): string[] {
    const relevant = step.kind === "create" ? step.changes.filter((c) => c.to !== "" && c.to !== false) : step.changes;
    const shown = relevant.filter((c: FieldChange) => !(step.kind === "refresh" && OUTPUT_ONLY.has(c.field)));
    if (step.kind === "create")
        return [
            shown
                .filter((c) => c.field !== "channelId")
                .map((c) => `${c.field}=${show(c.to)}`)
                .join(" "),
        ];
    return shown.map((c) => `${c.field}: ${show(c.from)} → ${show(c.to)}`);
}

function labelOf(step: Step, changes: readonly string[]): string {
    if (step.kind === "refresh" && changes.length === 0) return "in sync";
    if (step.retained && step.kind === "delete") return "retained";
    return VERB[step.kind];
}

export function formatSteps(steps: readonly Step[]): string {
    const lines: string[] = [];
    const counts = new Map<string, number>();
    for (const step of steps) {
        const changes = describeChanges(step).filter((line) => line !== "");
        const label = labelOf(step, changes);
        counts.set(label, (counts.get(label) ?? 0) + 1);
        if (step.error) {
            lines.push(`  ✗ ${VERB[step.kind].padEnd(8)} ${step.id ?? step.name}: ${step.error.split("\n")[0]}`);
            continue;
        }
        if (label === "same" || label === "in sync") continue;
        const head = `  ${SYMBOL[step.kind].padEnd(2)} ${label.padEnd(8)} ${step.id ?? step.name}`;
        if (changes.length <= 1) lines.push(`${head}${changes.length ? `  ${changes[0]}` : ""}`);
        else lines.push(head, ...changes.map((c) => `       ${c}`));
        if (step.kind === "replace" && step.deleteBeforeReplace)
            lines.push(`       (the original ${step.oldId ?? ""} was deleted first)`);
        if (step.kind === "replace" && !step.deleteBeforeReplace && step.oldId && step.oldId !== step.id)
            lines.push(`       (replaces ${step.oldId}, deleted once the replacement exists)`);
        if (step.retained && step.kind === "delete")
            lines.push("       (retainOnDelete: left on Tencent, removed from the state)");
    }
    const failed = steps.filter((s) => s.error).length;
    const rank = (label: string) => (TALLY_ORDER.includes(label) ? TALLY_ORDER.indexOf(label) : TALLY_ORDER.length);
    const tally = [...counts]
        .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
        .map(([label, n]) => `${n} ${label}`)
        .join(", ");
    lines.push(`  ${tally || "nothing to do"}${failed ? ` — ${failed} failed` : ""}`);
    return lines.join("\n");
}
