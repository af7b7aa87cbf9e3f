/**
 * The snapshots of a chain (evm_snapshot, evm_revert): what each remembers, under an id. Ids count
 * up from 1 and are never given twice; going back to a snapshot uses it up with every later one
 * (Hardhat's rule), so each id can be reverted to once.
 */
import type { BlockChange } from "../../state/JournaledState.js";
import type { NextBlockSettings } from "../block/NextBlockSettings.js";
import type { PoolTx } from "../txpool/TxPool.js";

/** What going back to a snapshot restores. */
export interface Snapshot {
  /** The head block's number. */
  head: bigint;
  /** The state edits made after the head block, in order. */
  edits: readonly BlockChange[][];
  /** The pool's transactions. */
  pool: readonly PoolTx[];
  nextBlock: NextBlockSettings;
}

export class Snapshots {
  private readonly taken = new Map<number, Snapshot>();
  private lastId = 0;

  /** How many can still be gone back to. */
  get size(): number {
    return this.taken.size;
  }

  /** Whether a snapshot that can still be gone back to was taken with block `number` as head. */
  holdsHead(number: bigint): boolean {
    for (const snapshot of this.taken.values()) if (snapshot.head === number) return true;
    return false;
  }

  /** Keeps `snapshot`; returns its id. */
  take(snapshot: Snapshot): number {
    const id = ++this.lastId;
    this.taken.set(id, snapshot);
    return id;
  }

  /** The snapshot `id`, used up with every later one; undefined when unknown or used up. */
  useUp(id: number): Snapshot | undefined {
    const snapshot = this.taken.get(id);
    if (snapshot === undefined) return undefined;
    for (const later of [...this.taken.keys()]) if (later >= id) this.taken.delete(later);
    return snapshot;
  }

  /** Forgets the snapshots whose head is past block `number` (those blocks were taken off the chain). */
  forgetAbove(number: bigint): void {
    for (const [id, snapshot] of this.taken) if (snapshot.head > number) this.taken.delete(id);
  }

  /** Forgets every snapshot (the chain was replaced); ids go on counting. */
  clear(): void {
    this.taken.clear();
  }
}
