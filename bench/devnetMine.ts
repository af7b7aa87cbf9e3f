/**
 * Section A: what mining a block costs beyond executing it. The devnet mines by hand
 * (`evm_mine`) one block of pooled ERC-20 transfers with the sequential executor; the block's
 * `executionMs` is the executor's own time, the rest is building around it: pool selection,
 * receipts and their trie, the transactions trie, the state root, the header, storing the block
 * and the pool's bookkeeping. The same block is mined `repeats` times from a snapshot taken
 * with the transfers pooled (revert, mine again), and the medians are reported.
 */

import { Devnet } from "../dist/devnet/Devnet.js";
import { decodeRawTransaction } from "../dist/execution/decodeRawTransaction.js";
import { note } from "./progress.ts";
import { median } from "./stats.ts";
import type { TransferLoad } from "./transferLoad.ts";

export interface DevnetMine {
  transactions: number;
  mineMs: number[];
  executionMs: number[];
  medianMineMs: number;
  medianExecutionMs: number;
  /** Median over the runs of mine - execution. */
  medianRestMs: number;
}

export async function measureDevnetMine(
  load: TransferLoad,
  count: number,
  repeats: number,
): Promise<DevnetMine> {
  const transfers = load.transfers.slice(0, count);
  const devnet = await Devnet.create({
    mining: { mode: "manual" },
    sequential: true,
    gasLimit: 100_000_000n,
  });
  try {
    const pool = async (raws: readonly Uint8Array[]) => {
      for (const raw of raws) {
        const { tx, sender } = decodeRawTransaction(raw, devnet.common);
        await devnet.sendTransaction(tx, sender);
      }
    };
    for (const block of [load.setup, ...load.warmUp]) {
      await pool(block);
      await devnet.mine();
    }
    await pool(transfers);
    note(`A: devnet mine of ${transfers.length} pooled transfers, ${repeats} runs from one snapshot`);
    const mineMs: number[] = [];
    const executionMs: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const pooled = await devnet.snapshot();
      const started = performance.now();
      const mined = await devnet.mine();
      mineMs.push(performance.now() - started);
      executionMs.push(mined.executionMs ?? Number.NaN);
      if (mined.block.transactions.length !== transfers.length)
        throw new Error(`A: mined ${mined.block.transactions.length} of ${transfers.length} transfers`);
      await devnet.revert(pooled);
    }
    return {
      transactions: transfers.length,
      mineMs,
      executionMs,
      medianMineMs: median(mineMs),
      medianExecutionMs: median(executionMs),
      medianRestMs: median(mineMs.map((ms, i) => ms - (executionMs[i] as number))),
    };
  } finally {
    await devnet.close();
  }
}
