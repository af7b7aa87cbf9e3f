/**
 * Rehearsals: the devnet's latest block, run again while the devnet is idle on the executor it did
 * not run on, over the chain's state before it, its result dropped and its time a measure of that
 * executor on the devnet's own blocks (see ExecutionHistory.rehearsalDue). The engine's code
 * compiles on its first runs of a new contract (a devnet's first 1,000-transfer blocks of a token
 * ran 0.6-0.9x on the engine, the fourth and later 1.2-1.5x): it is rehearsed REHEARSALS times and
 * the last run counts. Either way no block pays for a measure, and the devnet's blocks need no
 * probe of the slower executor while it has idle moments.
 *
 * A rehearsal stops when the devnet takes up work: the engine's after the transaction in progress
 * on this thread, the sequential executor's within PACE transactions, which it runs between turns
 * of the event loop.
 */
import type { Common } from "@ethereumjs/common";
import {
  createExecutionContext,
  type ExecutionContext,
  executeBlockSequential,
} from "../../execution/sequentialExecutor.js";
import type { BlockInput } from "../../execution/types.js";
import type { ParallelExecutor } from "../../parallel/ParallelExecutor.js";
import type { BlockChange } from "../../state/JournaledState.js";
import type { StateReader } from "../../state/StateReader.js";
import type { Executor } from "./ExecutionHistory.js";

/** The engine's runs of a block to rehearse, the last one measured. */
export const REHEARSALS = 3;
/** Transactions the sequential executor runs between two turns of the event loop when rehearsing. */
const PACE = 16;

/** A block to rehearse on `executor`. */
interface Rehearsal {
  executor: Executor;
  input: BlockInput;
  gas: bigint;
  /** Its committed changes (see committed): the workers' replicas are held before them. */
  changes?: BlockChange[];
  runs: number;
}

class RehearsalStopped extends Error {}

export class Rehearsals {
  private next: Rehearsal | undefined;
  /** The run in progress: `stop` ends it soon, `done` settles once it ran to its end or stopped. */
  private running: { stop: () => void; done: Promise<void> } | undefined;
  private sequentialContext: { common: Common; context: ExecutionContext } | undefined;

  /**
   * `stateAt`: the chain's state after block `number`, where kept. `measured`: a rehearsal's
   * measure, for the history.
   */
  constructor(
    private readonly engine: ParallelExecutor,
    private readonly stateAt: (number: bigint) => StateReader | undefined,
    private readonly measured: (executor: Executor, transactions: number, gas: bigint, ms: number) => void,
  ) {}

  /** A block just ran; `executor`: what to rehearse it on, if anything (none forgets the last). */
  plan(input: BlockInput, gas: bigint, executor: Executor | undefined): void {
    this.next = executor === undefined ? undefined : { executor, input, gas, runs: 0 };
  }

  /** Changes were committed: the planned block's, or anything after it, which ends it. */
  committed(changes: BlockChange[]): void {
    const next = this.next;
    if (next !== undefined && next.changes === undefined) next.changes = changes;
    else this.next = undefined;
  }

  /** The chain's state was replaced: nothing to rehearse. */
  forget(): void {
    this.next = undefined;
    this.running?.stop();
  }

  /** A block planned for the engine: its changes, which a warm-up of the workers keeps pending. */
  get heldBack(): BlockChange[] | undefined {
    return this.next?.executor === "parallel" ? this.next.changes : undefined;
  }

  /** What runs next needs the engine's workers warm. */
  get needsEngine(): boolean {
    return this.next?.executor === "parallel";
  }

  /** Whether a rehearsal is planned and not over. */
  get pending(): boolean {
    const next = this.next;
    return next?.changes !== undefined && next.runs < (next.executor === "parallel" ? REHEARSALS : 1);
  }

  /** Stops the run in progress, if any (the devnet took up work). */
  stop(): void {
    this.running?.stop();
  }

  /** Stops the run in progress and resolves once nothing of it runs. */
  async stopped(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    running.stop();
    await running.done;
  }

  /** Runs the planned block once; a measure goes to `measured` when the last run is done. */
  async runOnce(): Promise<void> {
    const next = this.next;
    if (next === undefined || next.changes === undefined || !this.pending || this.running !== undefined)
      return;
    let preState: StateReader | undefined;
    try {
      preState = this.stateAt(next.input.header.number - 1n);
    } catch {
      preState = undefined; // no longer kept: nothing to rehearse on
    }
    let stop = () => {};
    const run =
      preState === undefined
        ? Promise.resolve(undefined)
        : next.executor === "parallel"
          ? this.onEngine({ ...next.input, preState }, next.changes, (stopRun) => {
              stop = stopRun;
            })
          : this.inOrder({ ...next.input, preState }, (stopRun) => {
              stop = stopRun;
            });
    // A rehearsal is the devnet's own business: whatever goes wrong in it ends it, and no more.
    const settled = run.catch(() => undefined);
    const running = { stop: () => stop(), done: settled.then(() => undefined) };
    this.running = running;
    const result = await settled;
    this.running = undefined;
    if (this.next !== next) return;
    // Not run again where it cannot run, or where a run does not reproduce the block's gas (no
    // measure of it, then).
    if (result === undefined || (result !== "stopped" && result.gasUsed !== next.gas)) {
      this.next = undefined;
      return;
    }
    if (result === "stopped") return;
    next.runs++;
    if (!this.pending) this.measured(next.executor, next.input.transactions.length, next.gas, result.ms);
  }

  private async onEngine(
    input: BlockInput,
    changes: BlockChange[],
    stoppable: (stop: () => void) => void,
  ): Promise<{ ms: number; gasUsed: bigint } | "stopped" | undefined> {
    stoppable(() => void this.engine.stopRehearsal());
    return this.engine.rehearse(input, changes);
  }

  private async inOrder(
    input: BlockInput,
    stoppable: (stop: () => void) => void,
  ): Promise<{ ms: number; gasUsed: bigint } | "stopped" | undefined> {
    let stopped = false;
    stoppable(() => {
      stopped = true;
    });
    const context = await this.contextFor(input.header.common);
    if (stopped) return "stopped";
    const started = performance.now();
    // The turns of the event loop are not the executor's time.
    let yielded = 0;
    const turn = () =>
      new Promise<void>((resolve) => {
        const left = performance.now();
        setImmediate(() => {
          yielded += performance.now() - left;
          resolve();
        });
      });
    try {
      // As the devnet runs a block in order when it does not take the engine.
      const execution = await executeBlockSequential(input, context, {
        plainTransfers: true,
        pace: (index) => {
          if (stopped) throw new RehearsalStopped();
          return index % PACE === 0 ? turn() : undefined;
        },
      });
      return { ms: performance.now() - started - yielded, gasUsed: execution.gasUsed };
    } catch (error) {
      return error instanceof RehearsalStopped ? "stopped" : undefined;
    }
  }

  /** A VM of the rehearsals' own: the devnet's may build a block meanwhile. */
  private async contextFor(common: Common): Promise<ExecutionContext> {
    if (this.sequentialContext?.common !== common) {
      this.sequentialContext = { common, context: await createExecutionContext(common) };
    }
    return this.sequentialContext.context;
  }
}
