/**
 * How the engine ran a block, for the bench's tables: "parallel", "in order (one sender)"...,
 * "fell back: <why>"; with the plain transfers it applied without the EVM, where it did
 * (plainTransfer.ts), since those, not threads, make such a block faster than sequential.
 */
import type { ParallelDetails } from "../dist/parallel/ParallelExecutor.js";

export function engineRan(execution: { parallel: ParallelDetails; plainTransfers?: number }): string {
  const { inOrder, fellBack } = execution.parallel;
  if (fellBack !== undefined) return `fell back: ${fellBack.slice(0, 40)}`;
  const how = inOrder === undefined ? "parallel" : `in order (${inOrder})`;
  const direct = execution.plainTransfers ?? 0;
  return direct === 0 ? how : `${how}, ${direct.toLocaleString("en-US")} direct`;
}
