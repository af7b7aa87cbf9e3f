/**
 * BlockIndex: what an index needs to follow the chain block by block. Each built block with
 * transactions is indexed once, in order, by the caller's `index` function, which returns how to
 * take its entries out again. Before catching up to the head, blocks that are no longer the
 * chain's (a reverted snapshot, a reorg: their hash changed or they are gone) are taken out,
 * newest first, so the index always describes a prefix of the current chain.
 */
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";

/** Takes one block's entries out of an index. */
export type Undo = () => void;

interface IndexedBlock {
  number: bigint;
  hash: string;
  undo: Undo;
}

export class BlockIndex {
  private readonly blocks: IndexedBlock[] = [];
  /** Every block up to this one has been looked at (empty ones need no entry). */
  private through = -1n;
  private throughHash = "";
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly index: (mined: MinedBlock) => Promise<Undo> | Undo) {}

  /** Brings the index to the devnet's head; concurrent calls run one after the other. */
  catchUp(devnet: Devnet): Promise<void> {
    this.running = this.running.then(() => this.run(devnet));
    return this.running;
  }

  private async run(devnet: Devnet): Promise<void> {
    const { chain } = devnet;
    for (let top = this.blocks.at(-1); top !== undefined; top = this.blocks.at(-1)) {
      if (chain.byNumber(top.number)?.hash === top.hash) break;
      top.undo();
      this.blocks.pop();
    }
    if (this.through >= 0n && chain.byNumber(this.through)?.hash !== this.throughHash) {
      this.through = this.blocks.at(-1)?.number ?? -1n;
    }
    const head = chain.head;
    for (const mined of [...chain.builtRange(this.through + 1n, head.number)]) {
      if (mined.block.transactions.length === 0) continue;
      const undo = await this.index(mined);
      this.blocks.push({ number: mined.number, hash: mined.hash, undo });
    }
    this.through = head.number;
    this.throughHash = head.hash;
  }
}
