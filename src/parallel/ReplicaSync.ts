/**
 * ReplicaSync: keeps the workers' replicas of the pre-block state up to date. Each worker reads
 * the state a block starts from in its own copy (a read across threads would cost more than the
 * transaction: DESIGN.md). Between blocks the replicas receive the committed blocks' changes;
 * fresh workers (a crashed one replaced, the pool restarted) and a state reset get the whole
 * state instead, and then nothing older is pending.
 */
import type { BlockChange } from "../state/JournaledState.js";
import type { ToWorker } from "./messages.js";

/**
 * Account changes held for the replicas at most. A devnet that runs block after block
 * sequentially (automine's one-transaction blocks) would otherwise keep every change it ever
 * committed; past this, the replicas get the whole state at the next parallel block instead.
 */
export const MAX_PENDING_CHANGES = 50_000;

export class ReplicaSync {
  /** Committed changes the replicas have not received yet. */
  private pending: BlockChange[][] = [];
  private pendingChanges = 0;
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
    this.dropPending();
    this.generation = -1;
  }

  /** A block was committed on top of the state the replicas know. */
  apply(changes: BlockChange[]): void {
    if (this.generation === -1) return; // the next replicas get the whole state anyway
    this.pending.push(changes);
    this.pendingChanges += changes.length;
    if (this.pendingChanges > MAX_PENDING_CHANGES && this.fullState !== undefined) {
      // The whole state, read when the next block needs it, holds these changes.
      this.dropPending();
      this.generation = -1;
    }
  }

  /**
   * The message that brings every replica up to date before a block, or undefined when they
   * are. `restarted`: some workers were just started; `generation`: the pool's now. `holdBack`:
   * when it is the latest committed block's changes, that block stays pending (the replicas stay
   * at its pre-state, for a rehearsal of it: see ParallelExecutor.rehearse).
   */
  next(restarted: boolean, generation: number, holdBack?: BlockChange[]): ToWorker | undefined {
    if (restarted || generation !== this.generation) {
      this.dropPending();
      this.generation = generation;
      return { type: "state-reset", changes: this.fullState?.() ?? [], lazy: this.lazy };
    }
    const last = this.pending[this.pending.length - 1];
    const held = holdBack !== undefined && last === holdBack ? last : undefined;
    const changes = held === undefined ? this.pending : this.pending.slice(0, -1);
    this.dropPending();
    if (held !== undefined) this.apply(held);
    return changes.length === 0 ? undefined : { type: "state-apply", changes };
  }

  /**
   * Whether the replicas can be brought to the state before the last committed block and no
   * further, that block being `changes` (see next's holdBack): they hold an older state, whose
   * updates are pending with `changes` the latest. Not after a reset, which sends the state now.
   */
  canHoldBack(changes: BlockChange[], restarted: boolean, generation: number): boolean {
    return !restarted && generation === this.generation && this.pending[this.pending.length - 1] === changes;
  }

  private dropPending(): void {
    this.pending = [];
    this.pendingChanges = 0;
  }
}
