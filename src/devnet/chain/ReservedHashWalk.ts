/**
 * ReservedHashWalk: walks the chain of reserved blocks' hashes (ReservedHashChain) in slices
 * between other work, so that hardhat_mine of a million blocks answers at once and the walk
 * (~3.5 s a million blocks) neither blocks the requests that come meanwhile nor waits for the
 * first one that needs a hash. Mining on a reserved head finishes the walk first, yielding
 * between slices too.
 */
import type { ChainStore } from "./ChainStore.js";

/** One slice of walking, in milliseconds: other requests wait at most about this long. */
const SLICE_MS = 8;

export class ReservedHashWalk {
  private pending: NodeJS.Immediate | undefined;

  /** `walked` runs each time the walk of every reservation of `chain()` is done. */
  constructor(
    private readonly chain: () => ChainStore,
    private readonly walked: () => void,
  ) {}

  /** Walks in the background from the next turn of the event loop (when not already). */
  start(): void {
    this.pending ??= setImmediate(this.slice);
  }

  /** Walks to the end, yielding to the event loop between slices. */
  async finish(): Promise<void> {
    while (this.chain().walkReservedHashes(performance.now() + SLICE_MS)) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.walked();
  }

  stop(): void {
    clearImmediate(this.pending);
    this.pending = undefined;
  }

  private readonly slice = (): void => {
    this.pending = undefined;
    if (this.chain().walkReservedHashes(performance.now() + SLICE_MS))
      this.pending = setImmediate(this.slice);
    else this.walked();
  };
}
