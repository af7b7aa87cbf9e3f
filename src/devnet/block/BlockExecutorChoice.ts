/**
 * How the devnet executes a block: blocks too small to gain run sequentially; the rest go to
 * whichever executor the devnet's own recent blocks of that size ran faster on (ExecutionHistory),
 * the parallel engine falling back to sequential on any failure. Small counts work, not
 * transactions: a block is considered for the engine when at least `minTransactions` of its
 * transactions run contract code and they make at least `minCodeShare` of it (by default 16 and
 * half: plain value transfers only lose in parallel, see runsCode). Keeps the workers' state
 * replicas in step with the chain. When it records (DevnetOptions.recordAccess), every block
 * comes with its transactions' read and write sets: the engine's, or those of an in-order run
 * through the engine's own transaction execution in place of the sequential executor.
 */

import { type ExecutionContext, executeBlockSequential } from "../../execution/sequentialExecutor.js";
import type { BlockExecution, BlockInput } from "../../execution/types.js";
import { executeBlockRecorded, type TxAccess } from "../../parallel/executeBlockRecorded.js";
import { MIN_CODE_SHARE, MIN_CODE_TRANSACTIONS } from "../../parallel/inOrderReason.js";
import { type ParallelDetails, ParallelExecutor } from "../../parallel/ParallelExecutor.js";
import { runsCode } from "../../parallel/runsCode.js";
import type { BlockChange } from "../../state/JournaledState.js";
import type { BlockRunSummary } from "../chain/types.js";
import { ExecutionHistory } from "./ExecutionHistory.js";

/** Below this many transactions that run code a block is not worth the coordination. */
export const MIN_PARALLEL_TRANSACTIONS = MIN_CODE_TRANSACTIONS;
/** Below this share of transactions that run code, the plain transfers' cost dominates. */
export { MIN_CODE_SHARE };

/** How long a started worker may run synthetic work to compile its code (warmUpIncarnations). */
export const WORKER_WARM_UP_MS = 1_000;

export type ExecutionMode =
  | { kind: "sequential" }
  | {
      kind: "parallel";
      threads: number;
      minTransactions?: number;
      minCodeShare?: number;
      /**
       * Choose between the executors from the devnet's own measurements (the default). Off, every
       * block that passes the thresholds runs on the engine (tests that mean to use it).
       */
      learn?: boolean;
      /**
       * Start the engine's workers in the background as soon as a block the engine could take
       * has run (sequentially: the devnet has no measure of the engine yet), ready for the next
       * one. Not before: starting them costs about a second of CPU, which on a small machine
       * made that first block up to a quarter slower than with --sequential.
       */
      warmUpAfterFirst?: boolean;
    };

export class BlockExecutorChoice {
  private readonly parallel: ParallelExecutor | undefined;
  private readonly minTransactions: number;
  private readonly minCodeShare: number;
  private readonly history: ExecutionHistory | undefined;
  private warmUpPending: boolean;
  private warmUpTimer: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    readonly mode: ExecutionMode,
    private readonly context: () => ExecutionContext,
    fullState: () => BlockChange[],
    private readonly record = false,
    lazy = false,
  ) {
    this.minTransactions = mode.kind === "parallel" ? (mode.minTransactions ?? MIN_PARALLEL_TRANSACTIONS) : 0;
    this.minCodeShare = mode.kind === "parallel" ? (mode.minCodeShare ?? MIN_CODE_SHARE) : 0;
    if (mode.kind === "parallel") {
      // The engine applies the same thresholds to what reaches it (0: tests that mean to use it).
      this.parallel = new ParallelExecutor({
        threads: mode.threads,
        minCodeShare: this.minCodeShare,
        minCodeTransactions: this.minTransactions,
      });
      this.parallel.resetState(fullState, lazy);
    }
    this.history = mode.kind === "parallel" && mode.learn !== false ? new ExecutionHistory() : undefined;
    this.warmUpPending = mode.kind === "parallel" && mode.warmUpAfterFirst === true;
  }

  /**
   * Starts the engine's workers in the background (parallel mode), ready for the first block,
   * their code compiled by synthetic work meanwhile.
   */
  warmUp(): void {
    this.parallel?.warmUp(this.context().vm.common, WORKER_WARM_UP_MS);
  }

  /** With warmUpAfterFirst: the workers start once the block being built is done. */
  private warmUpAfterBlock(): void {
    if (!this.warmUpPending) return;
    this.warmUpPending = false;
    this.warmUpTimer = setImmediate(() => {
      if (!this.closed) this.warmUp();
    });
  }

  /** Executes a block the way the mode and the devnet's history say, and says how it ran. */
  execute = async (
    input: BlockInput,
  ): Promise<BlockExecution & { parallel?: ParallelDetails; ran: BlockRunSummary; access?: TxAccess[] }> => {
    const n = input.transactions.length;
    const eligible = this.parallel !== undefined && this.worthParallel(input);
    if (this.parallel === undefined || !eligible || this.history?.choose(n) === "sequential") {
      const execution = await this.executeInOrder(input);
      // Only blocks the engine could have taken teach the history their sequential rate.
      if (eligible) {
        this.history?.record(n, "sequential", execution.gasUsed, execution.elapsedMs);
        this.warmUpAfterBlock();
      }
      return { ...execution, ran: { executor: "sequential" } };
    }
    this.warmUpPending = false; // the engine runs this block: its workers start now
    const execution = await this.parallel.execute(input);
    const { threads, fellBack } = execution.parallel;
    if (fellBack !== undefined) {
      const ran: BlockRunSummary = { executor: "sequential", fellBack };
      // A block the engine ended sequentially has no sets of its own: when recording, it runs
      // once more in order (its pre-state is untouched until it is committed) to keep them.
      const recorded = this.record ? await recordInOrder(input) : undefined;
      return recorded === undefined
        ? { ...execution, ran }
        : { ...recorded, parallel: execution.parallel, ran };
    }
    this.history?.record(n, "parallel", execution.gasUsed, execution.elapsedMs);
    const speedup = this.history?.speedupOf(n, execution.gasUsed, execution.elapsedMs);
    const ran: BlockRunSummary = {
      executor: "parallel",
      threads,
      ...(speedup === undefined ? {} : { speedup }),
    };
    const { reads, writes } = execution.parallel;
    if (!this.record) return { ...execution, ran };
    if (reads.length === n) {
      const access = reads.map((r, tx): TxAccess => ({ reads: r, writes: writes[tx] ?? [] }));
      return { ...execution, ran, access };
    }
    // The engine ran the block's tail in order, without sets: record the block as for a fallback.
    const recorded = await recordInOrder(input);
    return recorded === undefined
      ? { ...execution, ran }
      : { ...recorded, parallel: execution.parallel, ran };
  };

  /** The sequential executor, or, when recording, an in-order run that keeps the sets. */
  private async executeInOrder(input: BlockInput): Promise<BlockExecution & { access?: TxAccess[] }> {
    return (
      (this.record ? await recordInOrder(input) : undefined) ?? executeBlockSequential(input, this.context())
    );
  }

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
  stateReplaced(fullState: () => BlockChange[], lazy = false): void {
    this.parallel?.resetState(fullState, lazy);
  }

  /** The parallel engine, when the mode has one (tests crash its workers). */
  get engine(): ParallelExecutor | undefined {
    return this.parallel;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearImmediate(this.warmUpTimer);
    await this.parallel?.close();
  }
}

/** The block run in order with its sets kept; none for what the engine does not model (a wipe of existing storage). */
async function recordInOrder(
  input: BlockInput,
): Promise<(BlockExecution & { access: TxAccess[] }) | undefined> {
  try {
    return await executeBlockRecorded(input);
  } catch {
    return undefined;
  }
}
