/**
 * Mining a run of blocks at once (anvil_mine, hardhat_mine). The first block takes from the pool,
 * and so do the next ones while the pool still gives; once the blocks left would all be empty,
 * and there are at least RESERVE_FROM of them, they are reserved instead of built (see
 * BlockReservation.ts): the last reserved block is the head, and its hash is walked to in the
 * background, so that the run answers at once.
 */
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { MinedBlock } from "../chain/types.js";

/**
 * From this many empty blocks on, the blocks are reserved instead of built (~50 µs and ~6 KB a
 * block): ordinary counts get ordinary blocks.
 */
export const RESERVE_FROM = 1_000n;

const MAX_UINT64 = 2n ** 64n - 1n;

/** What a run of blocks is mined on; the chain is locked while it runs. */
export interface BlockRunTarget {
  head(): MinedBlock;
  /** Mines one block, at `timestamp` when given; whether it took (or refused) pool transactions. */
  mineOne(timestamp?: bigint): Promise<boolean>;
  /** Whether every block after the head would be empty, the last block having taken or not. */
  onlyEmptyBlocksAhead(lastBlockTook: boolean): boolean;
  /** Adds `count` empty blocks after the head, `interval` seconds apart, without building them. */
  reserve(count: bigint, interval: bigint): void;
}

/** Mines `count` blocks, `interval` seconds apart (at least 1). */
export async function mineBlocks(target: BlockRunTarget, count: bigint, interval: bigint): Promise<void> {
  if (count <= 0n) return;
  const step = interval > 0n ? interval : 1n;
  assertCanMine(target.head(), count, step);
  let took = await target.mineOne();
  let left = count - 1n;
  while (left > 0n) {
    if (left >= RESERVE_FROM && target.onlyEmptyBlocksAhead(took)) {
      target.reserve(left, step);
      return;
    }
    took = await target.mineOne(target.head().block.header.timestamp + step);
    left--;
  }
}

/** Refuses a count of blocks the chain cannot hold (numbers are safe integers, times uint64). */
function assertCanMine(head: MinedBlock, count: bigint, interval: bigint): void {
  if (head.number + count > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidParamsError(`cannot mine ${count} blocks: block numbers would pass 2^53 - 1`);
  }
  if (head.block.header.timestamp + count * interval > MAX_UINT64) {
    throw new InvalidParamsError(
      `cannot mine ${count} blocks ${interval} s apart: timestamps would pass 2^64 - 1`,
    );
  }
}
