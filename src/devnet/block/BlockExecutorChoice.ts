/**
 * How the devnet executes a block: blocks too small to gain run sequentially, the rest on the
 * parallel engine (which itself falls back to sequential on any failure). Small counts work,
 * not transactions: a block goes to the engine when at least `minTransactions` of its
 * transactions run contract code and they make at least `minCodeShare` of it (by default 16 and
 * half: plain value transfers only lose in parallel, see runsCode). Keeps the workers' state
 * replicas in step with the chain.
 */

import { type ExecutionContext, executeBlockSequential } from "../../execution/sequentialExecutor.js";
import type { BlockExecution, BlockInput } from "../../execution/types.js";
import { type ParallelDetails, ParallelExecutor } from "../../parallel/ParallelExecutor.js";
import type { BlockChange } from "../../state/JournaledState.js";
import { runsCode } from "./runsCode.js";

/** Below this many transactions that run code a block is not worth the coordination. */
export const MIN_PARALLEL_TRANSACTIONS = 16;
/** Below this share of transactions that run code, the plain transfers' cost dominates. */
export const MIN_CODE_SHARE = 0.5;

export type ExecutionMode =
  | { kind: "sequential" }
  | { kind: "parallel"; threads: number; minTransactions?: number; minCodeShare?: number };

export class BlockExecutorChoice {
  private readonly parallel: ParallelExecutor | undefined;
  private readonly minTransactions: number;
  private readonly minCodeShare: number;

  constructor(
    readonly mode: ExecutionMode,
    private readonly context: () => ExecutionContext,
    fullState: () => BlockChange[],
  ) {
    if (mode.kind === "parallel") {
      this.parallel = new ParallelExecutor({ threads: mode.threads });
      this.parallel.resetState(fullState);
    }
    this.minTransactions = mode.kind === "parallel" ? (mode.minTransactions ?? MIN_PARALLEL_TRANSACTIONS) : 0;
    this.minCodeShare = mode.kind === "parallel" ? (mode.minCodeShare ?? MIN_CODE_SHARE) : 0;
  }

  /** Executes a block the way the mode says. */
  execute = async (input: BlockInput): Promise<BlockExecution & { parallel?: ParallelDetails }> => {
    if (this.parallel === undefined || !this.worthParallel(input)) {
      return executeBlockSequential(input, this.context());
    }
    return this.parallel.execute(input);
  };

  private worthParallel(input: BlockInput): boolean {
    const { transactions, preState } = input;
    if (transactions.length < this.minTransactions) return false;
    let running = 0;
    for (const tx of transactions) if (runsCode(tx, preState)) running++;
    return running >= this.minTransactions && running >= this.minCodeShare * transactions.length;
  }

  /** A block was committed. */
  committed(changes: BlockChange[]): void {
    this.parallel?.applyChanges(changes);
  }

  /** The chain's state changed other than by a block (a revert, a state edit): resend it all. */
  stateReplaced(fullState: () => BlockChange[]): void {
    this.parallel?.resetState(fullState);
  }

  /** The parallel engine, when the mode has one (tests crash its workers). */
  get engine(): ParallelExecutor | undefined {
    return this.parallel;
  }

  async close(): Promise<void> {
    await this.parallel?.close();
  }
}
