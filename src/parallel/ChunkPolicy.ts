/**
 * ChunkPolicy: how much of a block the engine hands out at a time, and when it stops running the
 * block in parallel. Counts in, sizes and a verdict out: it sees no worker and no state.
 *
 * Chunks and window: a worker runs several consecutive transactions per message, seeing its own
 * writes at once, which saves messages. Transactions are handed out only up to `window` beyond
 * the validated prefix. Both start small and double while validations pass, so a block of
 * independent transactions soon runs in large chunks on every worker, while a block whose
 * transactions depend on each other wastes little before it shows it: when half of a round's
 * validations fail, the policy turns serial, and the rest of the block runs on the calling thread
 * with the sequential executor, over the state the validated prefix left (instead of a storm of
 * re-executions).
 */

/**
 * Chunks handed to each worker and not answered yet. Two in flight keep a worker busy while the
 * coordinator handles its last answer (one alone left workers idle a quarter of the time).
 */
export const PIPELINE_DEPTH = 2;
const FIRST_CHUNK = 8;
const MAX_CHUNK = 64;
/** The coordinator's own chunks stay short: workers' answers wait while it executes. */
const LOCAL_MAX_CHUNK = 16;

/** What one round of validations found. */
export interface ValidationRound {
  validated: number;
  failed: number;
  /** Contracts that this round's failures made hot (their callers now run on one thread each). */
  newlyHot: number;
  /** Of those, the ones whose probe failed (see ContractProbes.ts). */
  probedHot?: number;
}

export class ChunkPolicy {
  private readonly largestChunk: number;
  private chunk: number;
  private window: number;
  private isSerial = false;

  /** `size`: the block's transactions; `threads`: the threads that execute them. */
  constructor(
    private readonly size: number,
    private readonly threads: number,
  ) {
    this.largestChunk = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(size / (threads * 8))));
    this.chunk = Math.min(FIRST_CHUNK, this.largestChunk);
    this.window = threads * this.chunk;
  }

  /** The rest of the block runs sequentially. */
  get serial(): boolean {
    return this.isSerial;
  }

  /** The whole block runs sequentially from the start (see BlockRun: one thread owns most of it). */
  turnSerial(): void {
    this.isSerial = true;
  }

  /** Chunks hand out transactions below this index, given the validated prefix's end. */
  limit(validationIndex: number): number {
    return validationIndex + this.window;
  }

  /**
   * A worker's next chunk: the current size, or less, an even share of the `ready` transactions
   * per pipeline slot, so that near the end of the block the threads finish together instead of
   * one waiting for another's last large chunk.
   */
  workerChunk(ready: number): number {
    return Math.min(this.chunk, Math.max(1, Math.ceil(ready / (this.threads * PIPELINE_DEPTH))));
  }

  /** The calling thread's next chunk: a worker's, capped short. */
  localChunk(ready: number): number {
    return Math.min(this.workerChunk(ready), LOCAL_MAX_CHUNK);
  }

  /**
   * Adapts chunk and window to a round of validations, or turns serial. `scheduler.lopsided` is
   * read only when it decides (it walks the block).
   */
  afterValidation(
    round: ValidationRound,
    scheduler: { readonly lopsided: boolean; readonly wastedByTail?: boolean },
  ): void {
    const { validated, failed, newlyHot, probedHot = 0 } = round;
    if (validated === 0 || this.isSerial) return;
    // A probe found a contract that most of what is left calls (a counter that every transaction
    // bumps), now one thread's: the others would wait, and that thread is better off with the
    // sequential executor, unless the tail would throw away more work done ahead than it saves.
    if (probedHot > 0 && scheduler.lopsided && scheduler.wastedByTail !== true) {
      this.isSerial = true;
      return;
    }
    if (failed === 0) {
      this.chunk = Math.min(this.largestChunk, this.chunk * 2);
      this.window = Math.min(
        this.size,
        Math.max(this.window * 2, this.threads * this.chunk * PIPELINE_DEPTH),
      );
    } else if (
      failed * 2 >= validated &&
      validated >= 4 &&
      // Failures on contracts just made hot get one more round: their callers now run on one
      // thread each (AMM swaps over 20 pools: 1.0x -> ~1.5x), unless one thread now owns most of
      // what is left (a counter every transaction calls), which is serial.
      (newlyHot === 0 || scheduler.lopsided)
    ) {
      this.isSerial = true;
    } else {
      this.window = Math.max(this.threads * this.chunk, Math.floor(this.window / 2));
    }
  }
}
