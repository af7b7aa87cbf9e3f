/**
 * Section B, blocks with pauses: the devnet as a user's script drives it, several blocks of
 * ERC-20 transfers, each sent over HTTP (RawTxSender) and mined with `evm_mine`, with the devnet
 * idle for a while between them. The default devnet (its workers warm up while idle, and it
 * rehearses each block it mined sequentially to measure the engine on it) against
 * `--sequential`, in alternating rounds; the figure is the time the blocks took to mine.
 */
import { bytesToHex } from "@ethereumjs/util";
import { createDevnet } from "../dist/rpc/createDevnet.js";
import { JsonRpcClient } from "./jsonRpc.ts";
import { note } from "./progress.ts";
import { RawTxSender } from "./rawTxSender.ts";
import { median } from "./stats.ts";
import type { TransferLoad } from "./transferLoad.ts";

export interface PausesRun {
  client: string;
  blocks: number;
  transfersPerBlock: number;
  pauseMs: number;
  /** The blocks' mining time (evm_mine requests), median over the rounds. */
  mineMs: number;
  /** Of the last round: blocks the engine ran, and the speedups the devnet reported for them. */
  onEngine: number;
  speedups: number[];
  rounds: number;
}

export interface PausesOptions {
  blocks: number;
  transfersPerBlock: number;
  pauseMs: number;
  rounds: number;
  threads: number;
}

/** `load` must hold blocks × transfersPerBlock transfers (its warm-up ones count). */
export async function measureDevnetWithPauses(
  load: TransferLoad,
  options: PausesOptions,
): Promise<PausesRun[]> {
  const transfers = [...load.warmUp.flat(), ...load.transfers].map((raw) => bytesToHex(raw));
  const runs = new Map<string, { mineMs: number[]; last?: { onEngine: number; speedups: number[] } }>();
  const sender = new RawTxSender();
  await sender.started();
  try {
    for (let round = 0; round < options.rounds; round++) {
      const pair = [undefined, options.threads];
      for (const threads of round % 2 === 0 ? pair : pair.reverse()) {
        const client = threads === undefined ? "pevm-devnet, sequential" : "pevm-devnet (default)";
        note(`B: ${client}, ${options.blocks} blocks with ${options.pauseMs} ms pauses, round ${round + 1}`);
        const run = await runOnce(sender, load, transfers, threads, options);
        const entry = runs.get(client) ?? { mineMs: [] };
        entry.mineMs.push(run.mineMs);
        entry.last = run;
        runs.set(client, entry);
      }
    }
  } finally {
    await sender.close();
  }
  return [...runs].map(([client, entry]) => ({
    client,
    blocks: options.blocks,
    transfersPerBlock: options.transfersPerBlock,
    pauseMs: options.pauseMs,
    mineMs: median(entry.mineMs),
    onEngine: entry.last?.onEngine ?? 0,
    speedups: entry.last?.speedups ?? [],
    rounds: entry.mineMs.length,
  }));
}

async function runOnce(
  sender: RawTxSender,
  load: TransferLoad,
  transfers: string[],
  threads: number | undefined,
  options: PausesOptions,
): Promise<{ mineMs: number; onEngine: number; speedups: number[] }> {
  // As `npx pevm-devnet` starts, with room for a block of every transfer.
  const handle = await createDevnet({
    mining: { mode: "manual" },
    gasLimit: 100_000_000n,
    warmUpWorkers: true,
    ...(threads === undefined ? { sequential: true } : { sequential: false, threads }),
  });
  try {
    const { url } = await handle.listen({ port: 0 });
    const rpc = new JsonRpcClient(url);
    await sender.send(
      url,
      load.setup.map((raw) => bytesToHex(raw)),
    );
    await rpc.call("evm_mine", []);
    let mineMs = 0;
    let onEngine = 0;
    const speedups: number[] = [];
    for (let block = 0; block < options.blocks; block++) {
      const start = block * options.transfersPerBlock;
      await sender.send(url, transfers.slice(start, start + options.transfersPerBlock));
      const started = performance.now();
      await rpc.call("evm_mine", []);
      mineMs += performance.now() - started;
      const ran = handle.devnet.head.ran;
      if (ran?.executor === "parallel") {
        onEngine++;
        if (ran.speedup !== undefined) speedups.push(ran.speedup);
      }
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
    return { mineMs, onEngine, speedups };
  } finally {
    await handle.close();
  }
}
