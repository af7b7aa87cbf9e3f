/**
 * The lead chain of a block: one sender's transactions (or one transaction) heavy enough to be
 * the block's critical path, which a thread should start at once and run before anything else.
 *
 * Handed out in block order, such work starts late: mainnet block 4370000 has one sender's 32
 * calls, the last two thirds of its execution time, from index 39 on; its thread reached them
 * after 40 ms of other work, and the block took longer in parallel than in order. A contract
 * creation of 21M gas at index 25 of 15537394, two thirds of that block, waited the same way.
 *
 * Weights are gas limits: all that is known before execution (a limit far above the gas used
 * only makes a light chain lead, which costs little).
 */
import type { TxIndex } from "./types.js";

/**
 * The heaviest of `chains` (each a sender's transactions in block order; a transaction of its
 * own is a chain of one) when it weighs at least a (threads + 1)th of the block, else undefined.
 */
export function leadChain(
  chains: Iterable<readonly TxIndex[]>,
  weights: ArrayLike<number>,
  threads: number,
): readonly TxIndex[] | undefined {
  if (threads < 2) return undefined;
  let total = 0;
  for (let tx = 0; tx < weights.length; tx++) total += weights[tx] as number;
  let heaviest: readonly TxIndex[] | undefined;
  let most = 0;
  for (const chain of chains) {
    let weight = 0;
    for (const tx of chain) weight += weights[tx] as number;
    if (weight > most) {
      most = weight;
      heaviest = chain;
    }
  }
  return total > 0 && most * (threads + 1) >= total ? heaviest : undefined;
}
