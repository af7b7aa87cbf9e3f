/**
 * Builds a BlockReport from what execution learned about each transaction: the locations it
 * read and wrote, its gas, and where known its executions and time. Conflicts come from
 * `findConflicts` (each read charged to the closest earlier writer), so every dependency points
 * to an earlier transaction.
 *
 * The fee recipient's balance is the exception: most transactions only add a lazy credit to it
 * (a delta, not a read), and an exact read of it (BALANCE, a payment to the fee recipient) sees
 * the fold of every credit since the last transaction that itself read it exactly (whose write is
 * an absolute value). Such a read depends on all of those transactions, not on the closest alone.
 */
import { type Conflict, findConflicts, hotLocations } from "../conflicts.js";
import { balanceKey, codeKey, nonceKey, parseLocation, storageKey } from "../locations.js";
import type { LocationKey } from "../types.js";
import {
  type BlockReport,
  type DependencyKind,
  ESTIMATED_THREADS,
  type EstimatedSpeedup,
  type ReportLocation,
  type TxReport,
} from "./BlockReport.js";
import { estimateSpeedup } from "./estimateSpeedup.js";

/** What is known of one transaction. */
export interface TxFacts {
  hash: string;
  /** Lowercase 0x address of the sender: its nonce and balance are the sender-order dependencies. */
  sender?: string;
  /** Gas used; 0 for a transaction that was not valid at its place. */
  gas: bigint | number;
  reads: readonly LocationKey[];
  writes: readonly LocationKey[];
  /** Executions in a parallel run; 1 when not given. */
  incarnations?: number;
  timeMs?: number;
}

export interface BlockReportInput {
  number: bigint | number;
  hash?: string;
  transactions: readonly TxFacts[];
  /** Put each transaction's read and written locations in the report. */
  locations?: boolean;
  /** Wall-clock times of a sequential and a parallel run of the block, where both ran. */
  sequentialMs?: number;
  parallelMs?: number;
  threads?: number;
  reExecutions?: number;
  fellBack?: string;
  warnings?: readonly string[];
  /** The block's fee recipient, whose balance earlier transactions credit lazily. */
  feeRecipient?: string;
}

/** How many of the hottest locations a report lists. */
const HOT_LOCATIONS = 5;

/**
 * The report of one block (or of any sequence of transactions taken as one block).
 * @example
 * const report = buildBlockReport({
 *   number: 1n,
 *   transactions: [
 *     { hash: "0xaa…", gas: 43_000n, reads: [slot], writes: [slot] },
 *     { hash: "0xbb…", gas: 26_000n, reads: [slot], writes: [slot] },
 *   ],
 * });
 * report.transactions[1].conflicts; // [{ tx: 0, location: { kind: "storage", … } }]
 */
export function buildBlockReport(input: BlockReportInput): BlockReport {
  const txs = input.transactions;
  const reads = txs.map((tx) => [...tx.reads]);
  const writes = txs.map((tx) => [...tx.writes]);
  const conflicts = findConflicts(reads, writes);
  const feeRecipient =
    input.feeRecipient === undefined ? undefined : balanceKey(input.feeRecipient.toLowerCase());
  if (feeRecipient !== undefined) chargeFoldedReads(conflicts, reads, writes, feeRecipient);
  const senders = txs.map((tx) => tx.sender?.toLowerCase());
  const kinds = conflicts.map((list, tx) =>
    list.map((c) => dependencyKind(c.location, senders[tx], senders[c.tx], feeRecipient)),
  );
  const dependencies = conflicts.map((list) => [...new Set(list.map((c) => c.tx))]);
  // Without sender order: the dependencies that remain when each transaction has its own sender.
  const contractDependencies = conflicts.map((list, tx) => [
    ...new Set(list.filter((_, at) => kinds[tx]?.[at] !== "sender").map((c) => c.tx)),
  ]);
  const gas = txs.map((tx) => Number(tx.gas));
  const byGas = estimateSpeedup({ weights: gas, dependencies });
  const byContracts = estimateSpeedup({ weights: gas, dependencies: contractDependencies });

  const transactions = txs.map((tx, index): TxReport => {
    const report: TxReport = {
      hash: tx.hash,
      index,
      gas: gas[index] as number,
      incarnations: tx.incarnations ?? 1,
      ...(tx.timeMs === undefined ? {} : { timeMs: roundMs(tx.timeMs) }),
      reads: tx.reads.length,
      writes: tx.writes.length,
      conflicts: (conflicts[index] ?? []).map((c, at) => ({
        tx: c.tx,
        location: reportLocation(c.location),
        kind: kinds[index]?.[at] ?? "storage",
      })),
    };
    if (input.locations === true) {
      report.readLocations = tx.reads.map(reportLocation);
      report.writeLocations = tx.writes.map(reportLocation);
    }
    return report;
  });

  const times = txs.map((tx) => tx.timeMs);
  const byTime =
    txs.length > 0 && times.every((t): t is number => t !== undefined)
      ? estimateSpeedup({ weights: times, dependencies })
      : undefined;
  const { sequentialMs, parallelMs, warnings } = input;

  // The block's figures first, its transactions last: a reader sees the summary at the top.
  return {
    number: Number(input.number),
    ...(input.hash === undefined ? {} : { hash: input.hash }),
    totalGas: byGas.totalWeight,
    dependentTransactions: dependencies.filter((list) => list.length > 0).length,
    criticalPath: { gas: byGas.criticalPath.weight, transactions: byGas.criticalPath.transactions },
    ...(byTime === undefined
      ? {}
      : {
          criticalPathTime: {
            ms: roundMs(byTime.criticalPath.weight),
            transactions: byTime.criticalPath.transactions,
          },
        }),
    estimatedSpeedup: roundSpeedup(byGas.speedup),
    estimatedSpeedupByContracts: roundSpeedup(byContracts.speedup),
    ...(byTime === undefined ? {} : { estimatedSpeedupByTime: roundSpeedup(byTime.speedup) }),
    ...(sequentialMs !== undefined && parallelMs !== undefined && parallelMs > 0
      ? { measuredSpeedup: round(sequentialMs / parallelMs, 2) }
      : {}),
    ...(sequentialMs === undefined ? {} : { sequentialMs: roundMs(sequentialMs) }),
    ...(parallelMs === undefined ? {} : { parallelMs: roundMs(parallelMs) }),
    ...(input.threads === undefined ? {} : { threads: input.threads }),
    ...(input.reExecutions === undefined ? {} : { reExecutions: input.reExecutions }),
    ...(input.fellBack === undefined ? {} : { fellBack: input.fellBack }),
    ...(warnings === undefined || warnings.length === 0 ? {} : { warnings: [...warnings] }),
    hotLocations: hotLocations(conflicts, HOT_LOCATIONS).map((hot) => ({
      location: reportLocation(hot.location),
      transactions: hot.transactions,
    })),
    transactions,
  };
}

/**
 * Charges each read of `key` (the fee recipient's balance) to every earlier writer back to, and
 * including, the closest one that read it too (that one wrote an absolute value, the others
 * deltas). Replaces findConflicts' single entry for it, in place.
 */
function chargeFoldedReads(
  conflicts: Conflict[][],
  reads: readonly LocationKey[][],
  writes: readonly LocationKey[][],
  key: LocationKey,
): void {
  const readers = reads.map((list) => list.includes(key));
  const writers = writes.map((list) => list.includes(key));
  conflicts.forEach((list, tx) => {
    const at = list.findIndex((c) => c.location === key);
    if (at < 0) return;
    const folded: Conflict[] = [];
    for (let j = tx - 1; j >= 0; j--) {
      if (writers[j] === true) folded.push({ tx: j, location: key });
      if (writers[j] === true && readers[j] === true) break;
    }
    list.splice(at, 1, ...folded.reverse());
  });
}

/**
 * Why a transaction with sender `sender` waits for an earlier one with sender `writer` that wrote
 * `key`. An account's nonce written by its own transaction, and the sender's balance written by
 * its own earlier transaction (the gas it paid), are sender order: they vanish when each
 * transaction has its own sender. A balance written otherwise is a payment; a nonce written
 * otherwise is a creation (CREATE bumps the creator's nonce, a new contract's is set).
 */
export function dependencyKind(
  key: LocationKey,
  sender: string | undefined,
  writer: string | undefined,
  feeRecipient: LocationKey | undefined,
): DependencyKind {
  if (key === feeRecipient) return "feeRecipient";
  const { kind, address } = parseLocation(key);
  switch (kind) {
    case "storage":
      return "storage";
    case "nonce":
      return writer === address ? "sender" : "code";
    case "balance":
      return writer === address && sender === address ? "sender" : "balance";
    default:
      return "code";
  }
}

/** A location key as a report shows it. */
export function reportLocation(key: LocationKey): ReportLocation {
  const { kind, address, slot } = parseLocation(key);
  return slot === undefined ? { address, kind } : { address, kind, slot };
}

/** The location key of a report's location (to find conflicts across reports). */
export function locationKeyOf(location: ReportLocation): LocationKey {
  switch (location.kind) {
    case "balance":
      return balanceKey(location.address);
    case "nonce":
      return nonceKey(location.address);
    case "code":
      return codeKey(location.address);
    case "storage":
      return storageKey(location.address, location.slot ?? "");
  }
}

/**
 * Speedups to two decimals. Rounding is monotone, so what held before still holds: each estimate
 * between 1 and its thread count, rising with threads, at most `unbounded`.
 */
function roundSpeedup(speedup: EstimatedSpeedup): EstimatedSpeedup {
  const rounded = { unbounded: round(speedup.unbounded, 2) } as EstimatedSpeedup;
  for (const threads of ESTIMATED_THREADS) rounded[threads] = round(speedup[threads], 2);
  return rounded;
}

function roundMs(ms: number): number {
  return round(ms, 3);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
