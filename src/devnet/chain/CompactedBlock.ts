/**
 * CompactedBlock: a mined block well behind the head, held as its RLP rather than as decoded
 * header and transaction objects (about two thirds of what a block of a few transfers keeps on
 * the heap), and decoded again when something reads `block`. Its number, hash, senders and
 * receipts stay as they were: receipts, logs and filters read no block objects. The read and
 * write sets the devnet recorded while mining it are dropped: a report of the block executes it
 * again, as for a block mined without them.
 */
import type { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { encodeBlock } from "../../execution/encodeBlock.js";
import { blockFromRlp } from "./blockFromRlp.js";
import type { BlockRunSummary, MinedBlock, StoredReceipt } from "./types.js";

/** Every logs bloom of a block without logs: one string for all of them. */
const ZERO_BLOOM = `0x${"0".repeat(512)}`;

export class CompactedBlock implements MinedBlock {
  readonly hash: string;
  readonly number: bigint;
  readonly receipts: StoredReceipt[];
  readonly senders: string[];
  readonly ran?: BlockRunSummary;
  readonly executionMs?: number;
  private readonly rlp: Uint8Array;
  private readonly common: Common;
  /** The last decoding, while something still holds it (a range read touches it again). */
  private decoded: WeakRef<Block> | undefined;

  constructor(mined: MinedBlock) {
    this.hash = mined.hash;
    this.number = mined.number;
    this.senders = mined.senders;
    this.receipts = mined.receipts.map((receipt) =>
      receipt.logsBloom === ZERO_BLOOM ? { ...receipt, logsBloom: ZERO_BLOOM } : receipt,
    );
    if (mined.ran !== undefined) this.ran = mined.ran;
    if (mined.executionMs !== undefined) this.executionMs = mined.executionMs;
    this.rlp = encodeBlock(mined.block);
    this.common = mined.block.common;
  }

  get block(): Block {
    const kept = this.decoded?.deref();
    if (kept !== undefined) return kept;
    const block = blockFromRlp(this.rlp, this.senders, this.common);
    this.decoded = new WeakRef(block);
    return block;
  }
}
