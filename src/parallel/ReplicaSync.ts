/**
 * ReplicaSync: keeps the workers' replicas of the pre-block state up to date. Each worker reads
 * the state a block starts from in its own copy (a read across threads would cost more than the
 * transaction: DESIGN.md). Between blocks the replicas receive the committed blocks' changes;
 * fresh workers (a crashed one replaced, the pool restarted) and a state reset get the whole
 * state instead, and then nothing older is pending.
 */
import type { BlockChange } from "../state/JournaledState.js";
import type { ToWorker } from "./messages.js";

export class ReplicaSync {
  /** Committed changes the replicas have not received yet. */
  private pending: BlockChange[][] = [];
  /** The pool generation whose workers hold the replicas; -1: none does. */
  private generation = -1;
  private fullState: (() => BlockChange[]) | undefined;
  private lazy = false;

  /**
   * The pre-block state from scratch; `source` is kept to resend it to replaced workers. `lazy`:
   * a forked chain's state, whose unknown keys the replicas must not take for empty.
   */
  reset(source: () => BlockChange[], lazy = false): void {
    this.fullState = source;
    this.lazy = lazy;
    this.pending = [];
    this.generation = -1;
  }

  /** A block was committed on top of the state the replicas know. */
  apply(changes: BlockChange[]): void {
    this.pending.push(changes);
  }

  /**
   * The message that brings every replica up to date before a block, or undefined when they
   * are. `restarted`: some workers were just started; `generation`: the pool's now.
   */
  next(restarted: boolean, generation: number): ToWorker | undefined {
    if (restarted || generation !== this.generation) {
      this.pending = [];
      this.generation = generation;
      return { type: "state-reset", changes: this.fullState?.() ?? [], lazy: this.lazy };
    }
    if (this.pending.length === 0) return undefined;
    const changes = this.pending;
    this.pending = [];
    return { type: "state-apply", changes };
  }
}
