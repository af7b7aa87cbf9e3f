/**
 * The conflict report of one block: which transactions depend on which, over which locations,
 * and how much parallel execution could gain. One JSON shape serves `pevm_getBlockReport`,
 * `pevm-devnet replay --json` and the Hardhat plugin; every number in it is a plain JSON number
 * (gas fits in a double far beyond any block or test suite).
 *
 * Transaction i depends on an earlier j when j wrote a location that i read (each read is charged
 * to the closest earlier writer). Lazy fee-recipient credits are not reads, so fees alone never
 * make two transactions depend on each other.
 *
 * The estimates are consistent by construction: 1 ≤ estimate(P) ≤ P, estimate(P) never falls as
 * P grows, and `unbounded` is at least every finite estimate.
 */
import type { LocationKind } from "../locations.js";
import type { TxIndex } from "../types.js";

/** A location a transaction read or wrote, for people and tools. */
export interface ReportLocation {
  /** Lowercase 0x address of the account. */
  address: string;
  kind: LocationKind;
  /** The storage slot, 0x and 64 hex digits (storage locations only). */
  slot?: string;
}

/**
 * Why a transaction waits for an earlier one:
 * - `sender`: the same sender's earlier transaction (nonce order, and the gas it paid), or for
 *   another account's nonce (read to know it exists) that account's own transaction;
 * - `storage`: a contract's storage slot;
 * - `balance`: an account's balance (value sent to or from the same account);
 * - `code`: an account's code or its creation (a contract's nonce, an account coming to exist);
 * - `feeRecipient`: an exact read of the fee recipient's balance, which every transaction credits.
 */
export type DependencyKind = "sender" | "storage" | "balance" | "code" | "feeRecipient";

/** Transaction `tx` (earlier in the block) wrote `location`, which this transaction read. */
export interface TxConflict {
  tx: TxIndex;
  location: ReportLocation;
  kind: DependencyKind;
}

export interface TxReport {
  hash: string;
  index: TxIndex;
  /** Gas used (0 for a transaction that was not valid at its place). */
  gas: number;
  /** Executions in the parallel run (1: no re-execution, or not run in parallel). */
  incarnations: number;
  /** Execution time of the transaction alone, where it was measured. */
  timeMs?: number;
  /** How many locations the transaction read. */
  reads: number;
  /** How many locations the transaction wrote. */
  writes: number;
  /** The locations read, when asked for. */
  readLocations?: ReportLocation[];
  /** The locations written, when asked for. */
  writeLocations?: ReportLocation[];
  /** What this transaction waits for, one entry per location; empty when it is independent. */
  conflicts: TxConflict[];
}

/** Estimated speedup on 2, 4, 8 and 16 threads, and with as many threads as help. */
export interface EstimatedSpeedup {
  2: number;
  4: number;
  8: number;
  16: number;
  unbounded: number;
}

/** The thread counts of an EstimatedSpeedup, smallest first. */
export const ESTIMATED_THREADS = [2, 4, 8, 16] as const;

export interface BlockReport {
  number: number;
  hash?: string;
  transactions: TxReport[];
  /** Sum of the transactions' gas. */
  totalGas: number;
  /** How many transactions depend on at least one earlier transaction. */
  dependentTransactions: number;
  /** The locations the most transactions waited on, most first. */
  hotLocations: { location: ReportLocation; transactions: number }[];
  /** The heaviest chain of dependencies, weighted by gas: no schedule finishes before it. */
  criticalPath: { gas: number; transactions: TxIndex[] };
  /** The heaviest chain weighted by execution time, where every transaction's time is known. */
  criticalPathTime?: { ms: number; transactions: TxIndex[] };
  /**
   * "As sent": total gas / makespan of the dependency graph scheduled in block order, weighted
   * by gas, every dependency counted.
   */
  estimatedSpeedup: EstimatedSpeedup;
  /**
   * "By the contracts": the same, as if each transaction came from its own sender (`sender`
   * dependencies left out): what the contracts allow when many users call them.
   */
  estimatedSpeedupByContracts: EstimatedSpeedup;
  /** The same estimate weighted by measured time, where every transaction's time is known. */
  estimatedSpeedupByTime?: EstimatedSpeedup;
  /** Sequential time / parallel time, where the block ran both ways. */
  measuredSpeedup?: number;
  sequentialMs?: number;
  parallelMs?: number;
  /** Threads of the parallel run. */
  threads?: number;
  /** Re-executions in the parallel run. */
  reExecutions?: number;
  /** Why the parallel run fell back to sequential execution, if it did. */
  fellBack?: string;
  /** Where the report may not describe the block exactly (a re-execution that differed). */
  warnings?: string[];
}
