import { availableParallelism } from "node:os";
import type { BlockExecution, BlockInput } from "../execution/types.js";
import type { WorldState } from "../state/WorldState.js";
import { type ParallelDetails, ParallelExecutor } from "./ParallelExecutor.js";

export interface ExecuteBlockOptions extends Omit<BlockInput, "preState"> {
  /** The state before the block. */
  preState: WorldState;
  /** Worker threads; the available cores when not given. */
  threads?: number;
}

/**
 * Executes one block on the parallel engine (Block-STM over worker threads) and returns the
 * receipts, the state changes and, per transaction, the locations read and written and the
 * number of executions. Equal to `executeBlockSequential` on the same input, byte for byte.
 * @example
 * import { executeBlock } from "pevm-devnet";
 *
 * // header: an @ethereumjs/block BlockHeader; transactions: @ethereumjs/tx transactions;
 * // preState: a WorldState holding the accounts the block starts from.
 * const result = await executeBlock({ header, transactions, preState, threads: 4 });
 * result.outcomes[0]?.kind; // "included"
 * result.changes; // the accounts and slots the block changed
 * result.parallel.reExecutions; // executions beyond one per transaction, caused by conflicts
 */
export async function executeBlock(
  options: ExecuteBlockOptions,
): Promise<BlockExecution & { parallel: ParallelDetails }> {
  const { threads, preState, ...input } = options;
  const executor = new ParallelExecutor({ threads: threads ?? availableParallelism() });
  executor.resetState(() => preState.snapshot());
  try {
    return await executor.execute({ ...input, preState });
  } finally {
    await executor.close();
  }
}
