/**
 * The state edits made between blocks (anvil_setBalance, hardhat_setStorageAt, ...). Those since
 * the head are kept in order, for a snapshot to re-apply them; once a block is mined on them, they
 * are kept as the edits made before that block, so that tracing and reports re-execute the block
 * over the state it really started from.
 */
import type { BlockChange } from "../../state/JournaledState.js";

export class StateEdits {
  private sinceHead: BlockChange[][] = [];
  private readonly beforeBlock = new Map<bigint, BlockChange[]>();

  /** The edits made since the head block, in order. */
  get pending(): readonly BlockChange[][] {
    return this.sinceHead;
  }

  /** Notes an edit made after the head block. */
  record(changes: BlockChange[]): void {
    this.sinceHead.push(changes);
  }

  /** Block `number` was mined (or reserved) on the edits since the head: they become its. */
  sealBefore(number: bigint): void {
    if (this.sinceHead.length > 0) this.beforeBlock.set(number, this.sinceHead.flat());
    this.sinceHead = [];
  }

  /** The edits made before block `number`, flattened; undefined when there were none. */
  before(number: bigint): BlockChange[] | undefined {
    return this.beforeBlock.get(number);
  }

  /** The chain went back to block `head`, with `pending` the edits made after it. */
  rewind(head: bigint, pending: readonly BlockChange[][]): void {
    for (const number of [...this.beforeBlock.keys()]) if (number > head) this.beforeBlock.delete(number);
    this.sinceHead = [...pending];
  }

  /** Forgets every edit (the chain was replaced). */
  clear(): void {
    this.sinceHead = [];
    this.beforeBlock.clear();
  }
}
