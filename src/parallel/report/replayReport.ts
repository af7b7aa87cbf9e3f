/**
 * The report of `pevm-devnet replay --json`: a block executed by the parallel engine, with the
 * timed sequential and parallel runs. Read and write sets come from the parallel run; when it
 * fell back to sequential execution it has none, and the block is run once more in order with
 * recording (as it is when per-transaction times are asked for).
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import { keccak256 } from "../../crypto/nativeCrypto.js";
import { rawOf } from "../../execution/rawTransaction.js";
import type { BlockExecution, BlockInput } from "../../execution/types.js";
import type { ParallelDetails } from "../ParallelExecutor.js";
import type { BlockReport } from "./BlockReport.js";
import { buildBlockReport, type TxFacts } from "./buildBlockReport.js";
import { type RecordedTransaction, recordBlock } from "./recordBlock.js";

export interface ReplayReportOptions {
  /** The block that was executed. */
  input: BlockInput;
  /** The parallel engine's result for it. */
  execution: BlockExecution & { parallel: ParallelDetails };
  /** Wall-clock time of the timed sequential run. */
  sequentialMs: number;
  /** Wall-clock time of the timed parallel run. */
  parallelMs: number;
  /** Put each transaction's read and written locations in the report. */
  locations?: boolean;
  /** Time each transaction alone (one more in-order run of the block) for the time estimates. */
  transactionTimes?: boolean;
}

/**
 * @example
 * const parallel = await executor.execute(input);
 * const report = await replayReport({ input, execution: parallel, sequentialMs, parallelMs: parallel.elapsedMs });
 * console.log(JSON.stringify(report));
 */
export async function replayReport(options: ReplayReportOptions): Promise<BlockReport> {
  const { input, execution } = options;
  const details = execution.parallel;
  const n = input.transactions.length;
  const hasSets = details.fellBack === undefined && details.reads.length === n && details.writes.length === n;
  let recorded: RecordedTransaction[] | undefined;
  if (!hasSets || options.transactionTimes === true) recorded = await recordBlock(input);

  const transactions = input.transactions.map((tx, index): TxFacts => {
    const outcome = execution.outcomes[index];
    const run = recorded?.[index];
    const facts: TxFacts = {
      hash: transactionHash(tx),
      sender: tx.getSenderAddress().toString(),
      gas: outcome?.kind === "included" ? outcome.gasUsed : 0n,
      reads: (hasSets ? details.reads[index] : run?.reads) ?? [],
      writes: (hasSets ? details.writes[index] : run?.writes) ?? [],
      incarnations: details.incarnations[index] ?? 1,
    };
    if (run !== undefined) facts.timeMs = run.timeMs;
    return facts;
  });
  return buildBlockReport({
    number: input.header.number,
    hash: bytesToHex(input.header.hash()),
    transactions,
    locations: options.locations === true,
    feeRecipient: input.header.coinbase.toString(),
    sequentialMs: options.sequentialMs,
    parallelMs: options.parallelMs,
    threads: details.threads,
    reExecutions: details.reExecutions,
    ...(details.fellBack === undefined ? {} : { fellBack: details.fellBack }),
  });
}

/** keccak256 of the serialized transaction; also for an unsigned one that claims its sender. */
function transactionHash(tx: TypedTransaction): string {
  return bytesToHex(tx.isSigned() ? tx.hash() : keccak256(rawOf(tx)));
}
