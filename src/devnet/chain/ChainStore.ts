/**
 * ChainStore: the canonical chain, in memory. Blocks by number (a dense array from genesis),
 * by hash, and transactions by hash. `truncate` drops blocks after a number (snapshots).
 */
import type { MinedBlock, TxLocation } from "./types.js";

export class ChainStore {
  private blocks: MinedBlock[] = [];
  private byHash = new Map<string, number>();
  private txs = new Map<string, TxLocation>();

  get head(): MinedBlock {
    const head = this.blocks[this.blocks.length - 1];
    if (head === undefined) throw new Error("the chain has no genesis block");
    return head;
  }

  get height(): bigint {
    return BigInt(this.blocks.length - 1);
  }

  append(mined: MinedBlock): void {
    if (mined.number !== BigInt(this.blocks.length)) {
      throw new Error(`block ${mined.number} does not follow block ${this.blocks.length - 1}`);
    }
    this.blocks.push(mined);
    this.byHash.set(mined.hash, this.blocks.length - 1);
    mined.receipts.forEach((receipt, index) => {
      this.txs.set(receipt.transactionHash, { blockNumber: mined.number, index });
    });
  }

  byNumber(number: bigint): MinedBlock | undefined {
    if (number < 0n || number >= BigInt(this.blocks.length)) return undefined;
    return this.blocks[Number(number)];
  }

  byBlockHash(hash: string): MinedBlock | undefined {
    const number = this.byHash.get(hash.toLowerCase());
    return number === undefined ? undefined : this.blocks[number];
  }

  locateTransaction(hash: string): TxLocation | undefined {
    return this.txs.get(hash.toLowerCase());
  }

  /** Drops every block after `number`. */
  truncate(number: bigint): MinedBlock[] {
    const dropped = this.blocks.splice(Number(number) + 1);
    for (const mined of dropped) {
      this.byHash.delete(mined.hash);
      for (const receipt of mined.receipts) this.txs.delete(receipt.transactionHash);
    }
    return dropped;
  }

  /** Blocks from `from` to `to` inclusive, clipped to the chain. */
  *range(from: bigint, to: bigint): Generator<MinedBlock> {
    const last = to < this.height ? to : this.height;
    for (let n = from < 0n ? 0n : from; n <= last; n++) yield this.blocks[Number(n)] as MinedBlock;
  }
}
