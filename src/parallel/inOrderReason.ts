/**
 * Blocks the engine runs in order on the calling thread's warm VM, without announcing them to
 * the workers or building a run: those where its set-up, messages and validation cost more than
 * a second thread can win back.
 * - "one sender": one sender's chain owns the block (see oneSenderOwnsMost).
 * - "plain transfers": fewer than `minCodeShare` of its transactions run contract code (see
 *   runsCode). A value transfer costs ~45 µs sequentially, less than the engine's own work for
 *   it; mainnet 3356896 (176 transactions, 15% running code, a dependency estimate of 1.98x)
 *   took 0.32-0.42x of its sequential time in parallel on 2 threads.
 * - "few transactions": fewer than `minCodeTransactions` of them run code. The engine's start of
 *   a block (announcing it, the workers' first chunks on a cold block) and its chunks' round
 *   trips are not won back over a handful of calls: mainnet 1150000 (9 transactions), 2675000
 *   (15) and 2462997 (9 heavy ones) took 0.42-0.51x of their sequential time on 2 threads.
 * The devnet leaves such blocks to its sequential executor before they reach the engine; this
 * is the same rule for everyone else who runs a block on the engine (`replay`, the library).
 */
import type { BlockInput } from "../execution/types.js";
import { oneSenderOwnsMost } from "./oneSenderOwnsMost.js";
import { runsCode } from "./runsCode.js";

export type InOrderReason = "one sender" | "plain transfers" | "few transactions";

/** Below this share of transactions that run code, a block runs in order. */
export const MIN_CODE_SHARE = 0.5;
/** Below this many transactions that run code, a block runs in order. */
export const MIN_CODE_TRANSACTIONS = 16;

/** `minCodeShare` 0: every block of several senders runs on the engine, however small. */
export function inOrderReason(
  input: BlockInput,
  minCodeShare = MIN_CODE_SHARE,
  minCodeTransactions = MIN_CODE_TRANSACTIONS,
): InOrderReason | undefined {
  if (oneSenderOwnsMost(input.senders ?? [])) return "one sender";
  if (minCodeShare <= 0) return undefined;
  let running = 0;
  for (const tx of input.transactions) if (runsCode(tx, input.preState)) running++;
  if (running < minCodeShare * input.transactions.length) return "plain transfers";
  return running < minCodeTransactions ? "few transactions" : undefined;
}
