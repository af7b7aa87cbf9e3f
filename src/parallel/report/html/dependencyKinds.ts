/**
 * Why one transaction waits for another, and the colour each reason has on the page. A report
 * that gives a conflict's `kind` is taken at its word; one that does not (older reports) is
 * classed by the location: a nonce is the sender's order, the rest is named by what it is.
 */
import type { TxConflict } from "../BlockReport.js";

export interface DependencyKindStyle {
  kind: string;
  colour: string;
  /** For the legend. */
  description: string;
}

/** The kinds in the order the legend lists them; sender order, the least telling, last. */
export const DEPENDENCY_KINDS: readonly DependencyKindStyle[] = [
  { kind: "storage", colour: "#d1495b", description: "contract storage" },
  { kind: "balance", colour: "#1f78b4", description: "account balance" },
  { kind: "code", colour: "#2a9d6f", description: "code / creation" },
  { kind: "feeRecipient", colour: "#a05cc7", description: "fee recipient" },
  { kind: "sender", colour: "#9aa4b1", description: "same sender (nonce order)" },
];

const OTHER: DependencyKindStyle = { kind: "other", colour: "#6b7280", description: "other" };

/** The kind of a dependency: the report's own where it has one, else read from the location. */
export function dependencyKindOf(conflict: TxConflict): string {
  const given = (conflict as { kind?: unknown }).kind;
  if (typeof given === "string") return given;
  return conflict.location.kind === "nonce" ? "sender" : conflict.location.kind;
}

export function styleOfKind(kind: string): DependencyKindStyle {
  return DEPENDENCY_KINDS.find((style) => style.kind === kind) ?? { ...OTHER, kind };
}
