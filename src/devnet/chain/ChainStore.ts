/**
 * ChainStore: the canonical chain, in memory. Blocks by number, by hash, and transactions by
 * hash. `truncate` drops blocks after a number (snapshots).
 *
 * Blocks are either built (mined with their transactions, and stored) or reserved: a run of
 * empty blocks mined at once is kept as one BlockReservation, and each of its blocks is made
 * when asked for (see BlockReservation.ts for what such a block is, and its hash).
 *
 * Invariants:
 * - Every number from `first` (0, or a forked chain's fork block) to `height` is one built
 *   block's or one reservation's, never both.
 * - `built` holds the built blocks, `reservations` the reservations, each in number order.
 * - Asked twice, a reserved block is the same block: it is a function of its reservation.
 * - A reserved block's hash is its header's (see ReservedHashChain.ts): asked for before the
 *   walk of its reservation's hashes has reached it, it walks there first.
 */
import { hexToBytes } from "@ethereumjs/util";
import type { BlockReservation } from "./BlockReservation.js";
import { CompactedBlock } from "./CompactedBlock.js";
import type { MinedBlock, TxLocation } from "./types.js";

/** How many of the newest built blocks stay decoded: what reads and reorgs mostly touch. */
export const DECODED_BLOCKS = 256;

export class ChainStore {
  private built: MinedBlock[] = [];
  /** Every built block below this index is compacted (or the first); see compactBehind. */
  private compactedBelow = 0;
  private compactionScheduled = false;
  private reservations: BlockReservation[] = [];
  private byHash = new Map<string, MinedBlock>();
  private txs = new Map<string, TxLocation>();
  private top = -1n;
  /** The lowest number held: a forked chain's blocks before its fork block are the remote's. */
  private first = 0n;

  /** A chain of these built blocks and reservations (a loaded dump), each list in number order. */
  /** `forked`: the chain starts at its first block's number (a forked chain, from its fork block). */
  static of(
    built: readonly MinedBlock[],
    reserved: readonly BlockReservation[],
    options: { forked?: boolean } = {},
  ): ChainStore {
    const [first] = built;
    const forked = options.forked === true && first !== undefined;
    const chain = forked ? ChainStore.startingAt(first) : new ChainStore();
    let next = 0;
    for (const mined of forked ? built.slice(1) : built) {
      for (let r = reserved[next]; r !== undefined && r.first < mined.number; r = reserved[++next])
        chain.reserve(r);
      chain.append(mined);
    }
    for (const r of reserved.slice(next)) chain.reserve(r);
    return chain;
  }

  /** A chain whose first block is `mined` (a forked chain, from its fork block). */
  static startingAt(mined: MinedBlock): ChainStore {
    const chain = new ChainStore();
    chain.first = mined.number;
    chain.top = mined.number - 1n;
    chain.append(mined);
    return chain;
  }

  /** The lowest block number held. */
  get base(): bigint {
    return this.first;
  }

  get head(): MinedBlock {
    const head = this.byNumber(this.top);
    if (head === undefined) throw new Error("the chain has no genesis block");
    return head;
  }

  get height(): bigint {
    return this.top;
  }

  /** The reservations, in number order (for dumps). */
  get reserved(): readonly BlockReservation[] {
    return this.reservations;
  }

  append(mined: MinedBlock): void {
    if (mined.number !== this.top + 1n) {
      throw new Error(`block ${mined.number} does not follow block ${this.top}`);
    }
    this.built.push(mined);
    this.byHash.set(mined.hash, mined);
    this.scheduleCompaction();
    mined.receipts.forEach((receipt, index) => {
      this.txs.set(receipt.transactionHash, { blockNumber: mined.number, index });
    });
    this.top = mined.number;
  }

  /**
   * Compacts the built blocks DECODED_BLOCKS behind the newest and older (see CompactedBlock): a
   * long-running devnet's memory then grows by its receipts, not by decoded blocks. It runs once
   * the current request is answered, on the devnet's thread all the same: a block of one transfer
   * is encoded in ~5 µs (encodeBlock), where Block.serialize() took 25-45 µs, 4% of the thread's
   * time in automine over HTTP. A forked chain's first block stands in for the remote's fork block
   * and is left as it is.
   */
  private scheduleCompaction(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    setImmediate(() => {
      this.compactionScheduled = false;
      this.compactBehind();
    });
  }

  /** Compacts now what scheduleCompaction would (tests, and the scheduled run). */
  compactBehind(): void {
    const end = this.built.length - DECODED_BLOCKS;
    for (let index = Math.min(this.compactedBelow, end); index < end; index++) {
      const mined = this.built[index];
      if (mined === undefined || mined instanceof CompactedBlock || mined.number === this.first) continue;
      const compacted = new CompactedBlock(mined);
      this.built[index] = compacted;
      this.byHash.set(compacted.hash, compacted);
    }
    this.compactedBelow = Math.max(0, end);
  }

  /** Adds a reservation of the blocks after the head. */
  reserve(reservation: BlockReservation): void {
    if (reservation.first !== this.top + 1n) {
      throw new Error(`reserved block ${reservation.first} does not follow block ${this.top}`);
    }
    this.reservations.push(reservation);
    this.top = reservation.last;
  }

  byNumber(number: bigint): MinedBlock | undefined {
    if (number < this.first || number > this.top) return undefined;
    const last = this.built[this.built.length - 1];
    if (last?.number === number) return last;
    const reservation = this.reservationOf(number);
    if (reservation !== undefined) return reservation.block(number);
    return this.built[this.builtIndex(number)];
  }

  /** The hash of block `number` (BLOCKHASH), without making a reserved block. */
  hashOf(number: bigint): Uint8Array | undefined {
    if (number < this.first || number > this.top) return undefined;
    const reservation = this.reservationOf(number);
    if (reservation !== undefined) return reservation.hashOf(number);
    // The hash kept with the block: a compacted block is not decoded for it, and a forked chain's
    // first block keeps the hash of the remote's fork block it stands in for.
    const mined = this.built[this.builtIndex(number)];
    return mined === undefined ? undefined : hexToBytes(mined.hash as `0x${string}`);
  }

  byBlockHash(hash: string): MinedBlock | undefined {
    const key = hash.toLowerCase();
    const built = this.byHash.get(key);
    if (built !== undefined || this.reservations.length === 0 || !/^0x[0-9a-f]{64}$/.test(key)) return built;
    const bytes = hexToBytes(key as `0x${string}`);
    for (const reservation of this.reservations) {
      const number = reservation.numberOfHash(bytes);
      if (number !== undefined) return reservation.block(number);
    }
    return undefined;
  }

  locateTransaction(hash: string): TxLocation | undefined {
    return this.txs.get(hash.toLowerCase());
  }

  /** Whether every reserved block's hash is known: reading one costs no walk. */
  get reservedHashesWalked(): boolean {
    return this.reservations.every((reservation) => reservation.hashesWalked);
  }

  /**
   * Walks the reservations' chains of hashes, oldest first, until `deadline`
   * (performance.now()); whether any walk is left.
   */
  walkReservedHashes(deadline: number): boolean {
    for (const reservation of this.reservations) {
      if (reservation.walkHashesUntil(deadline)) return true;
    }
    return false;
  }

  /** Drops every block after `number`. */
  truncate(number: bigint): void {
    if (number >= this.top) return;
    for (let last = this.built.at(-1); last !== undefined && last.number > number; last = this.built.at(-1)) {
      this.built.pop();
      this.compactedBelow = Math.min(this.compactedBelow, this.built.length);
      this.byHash.delete(last.hash);
      for (const receipt of last.receipts) this.txs.delete(receipt.transactionHash);
    }
    while ((this.reservations.at(-1)?.first ?? -1n) > number) this.reservations.pop();
    const last = this.reservations.at(-1);
    if (last !== undefined && last.last > number)
      this.reservations[this.reservations.length - 1] = last.through(number);
    this.top = number;
  }

  /** Blocks from `from` to `to` inclusive, clipped to the chain (reserved ones made one by one). */
  *range(from: bigint, to: bigint): Generator<MinedBlock> {
    const last = to < this.top ? to : this.top;
    for (let n = from < this.first ? this.first : from; n <= last; n++) yield this.byNumber(n) as MinedBlock;
  }

  /**
   * The built blocks from `from` to `to` inclusive: the only ones with transactions and logs
   * (eth_getLogs over a reservation of a million blocks reads none of them).
   */
  *builtRange(from: bigint, to: bigint): Generator<MinedBlock> {
    let low = 0;
    let high = this.built.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.built[middle] as MinedBlock).number < from) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.built.length; i++) {
      const mined = this.built[i] as MinedBlock;
      if (mined.number > to) return;
      yield mined;
    }
  }

  /** The reservation holding block `number`, if any; the latest first (reads favour the head). */
  private reservationOf(number: bigint): BlockReservation | undefined {
    for (let i = this.reservations.length - 1; i >= 0; i--) {
      const reservation = this.reservations[i] as BlockReservation;
      if (reservation.last < number) return undefined;
      if (reservation.first <= number) return reservation;
    }
    return undefined;
  }

  /** Where built block `number` is in `built`: its number less the reserved blocks before it. */
  private builtIndex(number: bigint): number {
    let index = number - this.first;
    for (const reservation of this.reservations) {
      if (reservation.first > number) break;
      index -= reservation.count;
    }
    return Number(index);
  }
}
