/**
 * How the devnet executes a block: blocks too small to gain run sequentially; the rest go to
 * whichever executor the devnet's own recent blocks of that size ran faster on (ExecutionHistory),
 * the parallel engine falling back to sequential on any failure. The engine takes none before its
 * workers have warmed up, which they do while the devnet is idle (IdleWatch); idle too, a learning
 * devnet runs its latest block again on the executor it did not run on (Rehearsals), to measure
 * it without making a block pay for the measure. Small counts work, not
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
import type { StateReader } from "../../state/StateReader.js";
import type { BlockRunSummary } from "../chain/types.js";
import { ExecutionHistory, type Executor } from "./ExecutionHistory.js";
import { IdleWatch } from "./IdleWatch.js";
import { Rehearsals } from "./Rehearsals.js";

/** Below this many transactions that run code a block is not worth the coordination. */
export const MIN_PARALLEL_TRANSACTIONS = MIN_CODE_TRANSACTIONS;
/** Below this share of transactions that run code, the plain transfers' cost dominates. */
export { MIN_CODE_SHARE };

/** How long a started worker may run synthetic work to compile its code (warmUpIncarnations). */
export const WORKER_WARM_UP_MS = 1_000;
/**
 * How long the devnet must have been idle (no request, its thread free) before its workers start
 * and warm up, or before it rehearses a block (see IdleWatch).
 */
export const IDLE_BEFORE_WARM_UP_MS = 250;

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
       * Start the engine's workers at the devnet's first idle moment (the CLI), rather than
       * after the first block the engine could take (learning) or with the first block that
       * runs on them (not learning).
       */
      warmUpAtStart?: boolean;
      /** See IDLE_BEFORE_WARM_UP_MS and WORKER_WARM_UP_MS (tests shorten them). */
      idleBeforeWarmUpMs?: number;
      warmUpMs?: number;
      /** What the devnet has learnt so far (tests give one that has); a new one by default. */
      history?: ExecutionHistory;
    };

/** A block's execution, and how the choice ran it. */
export type ChosenExecution = BlockExecution & {
  parallel?: ParallelDetails;
  ran: BlockRunSummary;
  access?: TxAccess[];
};

export class BlockExecutorChoice {
  private readonly parallel: ParallelExecutor | undefined;
  private readonly minTransactions: number;
  private readonly minCodeShare: number;
  private readonly history: ExecutionHistory | undefined;
  private readonly warmUpMs: number;
  private readonly idle: IdleWatch;
  /** The latest block, run again while idle on the other executor (learning devnets). */
  private readonly rehearsals: Rehearsals | undefined;
  private closed = false;

  /**
   * `stateAt`: the chain's state after block `number`, where it is kept: the pre-state of a
   * block to rehearse.
   */
  constructor(
    readonly mode: ExecutionMode,
    private readonly context: () => ExecutionContext,
    fullState: () => BlockChange[],
    private readonly record = false,
    lazy = false,
    stateAt: (number: bigint) => StateReader | undefined = () => undefined,
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
    this.history =
      mode.kind === "parallel" && mode.learn !== false ? (mode.history ?? new ExecutionHistory()) : undefined;
    const { history, parallel } = this;
    this.rehearsals =
      history === undefined || parallel === undefined
        ? undefined
        : new Rehearsals(parallel, stateAt, (executor, n, gas, ms) => history.record(n, executor, gas, ms));
    this.warmUpMs = (mode.kind === "parallel" ? mode.warmUpMs : undefined) ?? WORKER_WARM_UP_MS;
    this.idle = new IdleWatch(
      (mode.kind === "parallel" ? mode.idleBeforeWarmUpMs : undefined) ?? IDLE_BEFORE_WARM_UP_MS,
      (inHand) => this.parallel?.noteActivity(inHand),
    );
    if (mode.kind === "parallel" && mode.warmUpAtStart === true) this.idle.whenIdle(this.idleTurn);
  }

  /**
   * Starts the engine's workers in the background (parallel mode), ready for the first block,
   * their code compiled by synthetic work meanwhile.
   */
  warmUp(): void {
    this.parallel?.warmUp(this.context().vm.common, this.warmUpMs, this.rehearsals?.heldBack);
  }

  /**
   * The devnet took up work (a request to serve, a block to execute): the workers' warm-up waits
   * for an idle moment and pauses while the devnet works, and a rehearsal stops.
   */
  workStarted(): void {
    this.idle.workStarted();
    this.rehearsals?.stop();
  }

  /** Work that workStarted was told of is done. */
  workDone(): void {
    this.idle.workDone();
  }

  /** The engine is ready for blocks: its workers run on compiled code (see warmUp). */
  get warm(): boolean {
    return this.parallel?.warm === true;
  }

  /**
   * What the devnet does for its engine when idle: warm the workers up, then rehearse its latest
   * block (see Rehearsals), and look again while there is more to do.
   */
  private readonly idleTurn = (): void => {
    if (this.parallel === undefined || this.closed) return;
    const rehearsals = this.rehearsals;
    if (!this.parallel.warm) {
      try {
        this.warmUp();
      } catch {
        // Workers that cannot start stay cold: the devnet mines sequentially.
        return;
      }
      // The engine's rehearsal waits for warm workers; the sequential executor's does not.
      if (rehearsals?.pending === true) {
        if (rehearsals.needsEngine) this.idle.whenIdle(this.idleTurn);
        else void rehearsals.runOnce().then(() => this.idle.whenIdle(this.idleTurn));
      }
      return;
    }
    if (rehearsals?.pending !== true) return;
    void rehearsals.runOnce().then(() => {
      if (rehearsals.pending) this.idle.whenIdle(this.idleTurn);
    });
  };

  /** Executes a block the way the mode and the devnet's history say, and says how it ran. */
  execute = async (input: BlockInput): Promise<ChosenExecution> => {
    this.workStarted();
    try {
      return await this.executeChosen(input);
    } finally {
      this.workDone();
    }
  };

  private async executeChosen(input: BlockInput): Promise<ChosenExecution> {
    // A rehearsal reads the chain's state, which this block will move on.
    await this.rehearsals?.stopped();
    const n = input.transactions.length;
    const eligible = this.parallel !== undefined && this.worthParallel(input);
    // A learning devnet gives the engine no block before its workers are warm: on cold code the
    // engine lost (a first block of 200 ERC-20 transfers: 0.2x), and the history learnt that.
    const cold = eligible && this.history !== undefined && !this.warm;
    if (this.parallel === undefined || !eligible || cold || this.history?.choose(n) === "sequential") {
      const execution = await this.executeInOrder(input);
      // Only blocks the engine could have taken teach the history their sequential rate.
      if (eligible && this.history !== undefined) {
        this.history.record(n, "sequential", execution.gasUsed, execution.elapsedMs);
        this.rehearse(input, execution.gasUsed, "sequential");
      }
      return { ...execution, ran: { executor: "sequential" } };
    }
    this.rehearsals?.plan(input, 0n, undefined);
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
    this.rehearse(input, execution.gasUsed, "parallel");
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
  }

  /** Plans the rehearsal the history asks for after a block that ran on `ran`, for the next idle moment. */
  private rehearse(input: BlockInput, gas: bigint, ran: Executor): void {
    const rehearsals = this.rehearsals;
    if (rehearsals === undefined || this.history === undefined) return;
    rehearsals.plan(input, gas, this.history.rehearsalDue(input.transactions.length, ran));
    this.idle.whenIdle(this.idleTurn);
  }

  /**
   * The sequential executor, or, when recording, an in-order run that keeps the sets. Plain
   * transfers are applied directly (plainTransfer.ts), as the engine does, unless the devnet runs
   * `--sequential`: there every transaction goes through runTx, the oracle.
   */
  private async executeInOrder(input: BlockInput): Promise<BlockExecution & { access?: TxAccess[] }> {
    return (
      (this.record ? await recordInOrder(input) : undefined) ??
      executeBlockSequential(input, this.context(), { plainTransfers: this.parallel !== undefined })
    );
  }

  private worthParallel(input: BlockInput): boolean {
    const { transactions, preState } = input;
    if (transactions.length < this.minTransactions) return false;
    let running = 0;
    for (const tx of transactions) if (runsCode(tx, preState)) running++;
    return running >= this.minTransactions && running >= this.minCodeShare * transactions.length;
  }

  /** A block was committed (or a state edit: anything after the block to rehearse ends it). */
  committed(changes: BlockChange[]): void {
    this.parallel?.applyChanges(changes);
    this.rehearsals?.committed(changes);
  }

  /** The chain's state changed other than by a block (a revert, a state edit): resend it all. */
  stateReplaced(fullState: () => BlockChange[], lazy = false): void {
    this.rehearsals?.forget();
    this.parallel?.resetState(fullState, lazy);
  }

  /** The parallel engine, when the mode has one (tests crash its workers). */
  get engine(): ParallelExecutor | undefined {
    return this.parallel;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.close();
    // A sequential rehearsal would otherwise run on, keeping the process alive.
    this.rehearsals?.forget();
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
