/**
 * Why one transaction waits for another, and the colour each reason has on the page. A report
 * that gives a conflict's `kind` is taken at its word. One that does not (older reports) is
 * classed by the location: a wait on an account's nonce or balance that comes with a wait on its
 * code, from the same transaction, is on the account's creation; any other wait on a nonce, and on
 * the balance of the same account, is the sender's order (the earlier transaction came from the
 * same account); the rest is named by what it is.
 */
import type { TxConflict, TxReport } from "../BlockReport.js";

export interface DependencyKindStyle {
  kind: string;
  colour: string;
  /** For the legend. */
  description: string;
}

/**
 * The kinds, most telling first: the legend lists them in this order, and two transactions that
 * depend on each other in several ways are drawn in the colour of the first.
 */
export const DEPENDENCY_KINDS: readonly DependencyKindStyle[] = [
  { kind: "storage", colour: "#d1495b", description: "contract storage" },
  { kind: "balance", colour: "#1f78b4", description: "account balance" },
  { kind: "feeRecipient", colour: "#a05cc7", description: "fee recipient" },
  { kind: "code", colour: "#2a9d6f", description: "code / creation" },
  { kind: "sender", colour: "#9aa4b1", description: "same sender (nonce order)" },
];

const OTHER: DependencyKindStyle = { kind: "other", colour: "#6b7280", description: "other" };

/** The kind of each of `tx`'s dependencies, in the order of its conflicts. */
export function dependencyKinds(tx: Pick<TxReport, "conflicts">): string[] {
  const accounts = (kind: string) =>
    new Set(tx.conflicts.filter((c) => c.location.kind === kind).map((c) => `${c.tx}:${c.location.address}`));
  const created = accounts("code");
  const sent = accounts("nonce");
  return tx.conflicts.map((conflict) => {
    const given = givenKind(conflict);
    if (given !== undefined) return given;
    const { kind } = conflict.location;
    const account = `${conflict.tx}:${conflict.location.address}`;
    if (kind !== "nonce" && kind !== "balance") return kind;
    if (created.has(account)) return "code";
    return kind === "nonce" || sent.has(account) ? "sender" : "balance";
  });
}

export function styleOfKind(kind: string): DependencyKindStyle {
  return DEPENDENCY_KINDS.find((style) => style.kind === kind) ?? { ...OTHER, kind };
}

/** Of several kinds, the most telling (the colour of a pair of transactions' arc). */
export function mainKind(kinds: Iterable<string>): string {
  const all = [...kinds];
  return DEPENDENCY_KINDS.find((style) => all.includes(style.kind))?.kind ?? all[0] ?? OTHER.kind;
}

function givenKind(conflict: TxConflict): string | undefined {
  const kind = (conflict as { kind?: unknown }).kind;
  return typeof kind === "string" ? kind : undefined;
}
