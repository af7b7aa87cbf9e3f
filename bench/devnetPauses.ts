/**
 * Section B, blocks with pauses: the devnet as a user's script drives it, several blocks of
 * ERC-20 transfers, each sent over HTTP (RawTxSender) and mined with `evm_mine`, with the devnet
 * idle for a while between them. The default devnet (its workers warm up while idle, and it
 * rehearses each block it mined sequentially to measure the engine on it) against
 * `--sequential`, in alternating rounds; the figure is the time the blocks took to mine.
 */
import { bytesToHex } from "@ethereumjs/util";
import { createDevnet } from "../dist/rpc/createDevnet.js";
import { alternatingDevnets } from "./alternatingDevnets.ts";
import { JsonRpcClient } from "./jsonRpc.ts";
import type { RawTxSender } from "./rawTxSender.ts";
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
  const runs = await alternatingDevnets(
    { ...options, what: `${options.blocks} blocks with ${options.pauseMs} ms pauses` },
    (sender, threads) => runOnce(sender, load, transfers, threads, options),
  );
  return [...runs].map(([client, rounds]) => {
    const last = rounds[rounds.length - 1];
    return {
      client,
      blocks: options.blocks,
      transfersPerBlock: options.transfersPerBlock,
      pauseMs: options.pauseMs,
      mineMs: median(rounds.map((round) => round.mineMs)),
      onEngine: last?.onEngine ?? 0,
      speedups: last?.speedups ?? [],
      rounds: rounds.length,
    };
  });
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
