/**
 * Section A: how fast one core executes ERC-20 transfers.
 * - `executeBlockSequential` on a block of transfers between holders over the BenchWorld state,
 *   with a reused execution context as the devnet's miner does (median of the timed runs);
 * - the devnet's automine path in-process: each raw transfer goes through
 *   `decodeRawTransaction` and `devnet.sendTransaction`, which validates, pools, builds, executes
 *   and commits a one-transaction block (state root included) before returning;
 * - the devnet mining one block of pooled transfers by hand, and how much of it is execution
 *   (`devnetMine.ts`).
 */

import { Devnet } from "../dist/devnet/Devnet.js";
import { decodeRawTransaction } from "../dist/execution/decodeRawTransaction.js";
import { createExecutionContext, executeBlockSequential } from "../dist/execution/sequentialExecutor.js";
import { type DevnetMine, measureDevnetMine } from "./devnetMine.ts";
import { assertAllSucceeded, type BenchWorld } from "./fixtures.ts";
import type { Sizes } from "./options.ts";
import { note } from "./progress.ts";
import { transfersBetweenHolders } from "./scenarios.ts";
import { median, perSecond, timed } from "./stats.ts";
import type { TransferLoad } from "./transferLoad.ts";

export interface SequentialThroughput {
  block: { transactions: number; runsMs: number[]; medianMs: number; txPerSecond: number; gasPerTx: number };
  devnetAutomine: { transactions: number; ms: number; txPerSecond: number; blocks: number };
  devnetMine: DevnetMine;
}

/** The target of section A, from the design: at least one core's EVM ceiling. */
export const SEQUENTIAL_TARGET_TX_PER_SECOND = 2_000;

export async function measureSequentialThroughput(
  bench: BenchWorld,
  load: TransferLoad,
  sizes: Sizes,
): Promise<SequentialThroughput> {
  const { transactions, senders } = bench.sign(
    "A: sign ERC-20 transfers between holders",
    transfersBetweenHolders(bench, sizes.sequentialBlock),
  );
  const input = { header: bench.nextHeader(), transactions, preState: bench.world, senders };
  const context = await createExecutionContext(bench.common);
  note(
    `A: executeBlockSequential, ${transactions.length} transfers: 1 warm-up + ${sizes.repeats} timed runs`,
  );
  const warmUp = await executeBlockSequential(input, context);
  assertAllSucceeded("A: transfers between holders", warmUp);
  const runsMs: number[] = [];
  for (let r = 0; r < sizes.repeats; r++) {
    runsMs.push((await timed(() => executeBlockSequential(input, context))).ms);
  }
  const medianMs = median(runsMs);
  return {
    block: {
      transactions: transactions.length,
      runsMs,
      medianMs,
      txPerSecond: perSecond(transactions.length, medianMs),
      gasPerTx: Number(warmUp.gasUsed) / transactions.length,
    },
    devnetAutomine: await measureDevnetAutomine(load, sizes.devnetTransfers),
    devnetMine: await measureDevnetMine(load, sizes.devnetTransfers, sizes.repeats),
  };
}

async function measureDevnetAutomine(
  load: TransferLoad,
  count: number,
): Promise<SequentialThroughput["devnetAutomine"]> {
  const devnet = await Devnet.create();
  try {
    const send = async (raw: Uint8Array) => {
      const { tx, sender } = decodeRawTransaction(raw, devnet.common);
      await devnet.sendTransaction(tx, sender);
    };
    for (const raw of [...load.setup, ...load.warmUp.flat()]) await send(raw);
    const transfers = load.transfers.slice(0, count);
    const startHeight = devnet.chain.height;
    note(`A: devnet automine in-process, ${transfers.length} raw transfers`);
    const { ms } = await timed(async () => {
      for (const raw of transfers) await send(raw);
    });
    const blocks = Number(devnet.chain.height - startHeight);
    if (blocks !== transfers.length)
      throw new Error(`A: expected ${transfers.length} blocks, mined ${blocks}`);
    return { transactions: transfers.length, ms, txPerSecond: perSecond(transfers.length, ms), blocks };
  } finally {
    await devnet.close();
  }
}
