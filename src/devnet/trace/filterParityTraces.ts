/**
 * trace_filter: the Parity-style traces of a range of blocks whose sender or recipient is among
 * the given addresses, then `after` of them skipped and `count` kept. A trace's sender is the
 * caller, the creator or the self-destructed account; its recipient the callee, the created
 * address or the beneficiary. With both address lists, `mode` says whether a trace must match
 * either (union, the default) or both (intersection).
 */
import type { Devnet } from "../Devnet.js";
import { type LocalizedParityTrace, parityBlockTraces } from "./parityBlockTraces.js";

export interface ParityTraceFilter {
  fromBlock: bigint;
  toBlock: bigint;
  /** Lowercase; empty matches every sender. */
  fromAddress: readonly string[];
  /** Lowercase; empty matches every recipient. */
  toAddress: readonly string[];
  mode: "union" | "intersection";
  after?: number;
  count?: number;
}

export async function filterParityTraces(
  devnet: Devnet,
  filter: ParityTraceFilter,
): Promise<LocalizedParityTrace[]> {
  const from = new Set(filter.fromAddress);
  const to = new Set(filter.toAddress);
  const matches = (trace: LocalizedParityTrace): boolean => {
    const fromMatch = from.has(senderOf(trace));
    const toMatch = to.has(recipientOf(trace));
    if (from.size === 0 && to.size === 0) return true;
    if (to.size === 0) return fromMatch;
    if (from.size === 0) return toMatch;
    return filter.mode === "union" ? fromMatch || toMatch : fromMatch && toMatch;
  };
  const found: LocalizedParityTrace[] = [];
  const blocks = [...devnet.chain.builtRange(filter.fromBlock, filter.toBlock)];
  for (const mined of blocks) {
    if (mined.block.transactions.length === 0) continue;
    for (const trace of await parityBlockTraces(devnet, mined)) if (matches(trace)) found.push(trace);
  }
  const start = filter.after ?? 0;
  return found.slice(start, filter.count === undefined ? undefined : start + filter.count);
}

/** The account a trace comes from. */
export function senderOf(trace: { action: LocalizedParityTrace["action"] }): string {
  const { action } = trace;
  return "address" in action ? action.address : action.from;
}

/** The account a trace goes to (none for a failed creation). */
export function recipientOf(trace: Pick<LocalizedParityTrace, "action" | "result">): string {
  const { action, result } = trace;
  if ("refundAddress" in action) return action.refundAddress;
  if ("to" in action) return action.to;
  return result !== null && "address" in result ? result.address : "";
}
