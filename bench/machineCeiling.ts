/**
 * The machine's own ceiling for a parallel speedup on a block's kind of work, with no engine at
 * all: T worker threads each run their own copy of the block with the sequential executor, at
 * the same time, against one of them alone. Throughput ratio = T × (time alone) / (time for all
 * T). Two busy threads do not make two cores' worth of EVM work on every machine (shared caches
 * and memory bandwidth, garbage collection that had a core to itself, a host that shares its
 * cores); this says how far the engine is from what the machine gives, as measured in the same
 * run.
 */
import { Worker } from "node:worker_threads";
import { rawOf } from "../dist/execution/rawTransaction.js";
import type { BlockInput } from "../dist/execution/types.js";
import type { BlockChange } from "../dist/state/JournaledState.js";
import type { CeilingBlock } from "./machineCeilingWorker.ts";
import { median } from "./stats.ts";

export interface MachineCeiling {
  threads: number;
  aloneMs: number;
  togetherMs: number;
  /** threads × aloneMs / togetherMs (medians of the rounds). */
  ratio: number;
}

export function measureMachineCeiling(
  input: BlockInput & { senders: readonly string[]; preStateChanges: BlockChange[] },
  threads: number,
  rounds: number,
): Promise<MachineCeiling> {
  return measureCeiling(
    {
      state: input.preStateChanges,
      header: input.header.serialize(),
      transactions: input.transactions.map(rawOf),
      senders: [...input.senders],
    },
    threads,
    rounds,
  );
}

/** The same for a real block: each worker loads the fixture in `dir` itself. */
export function measureFixtureCeiling(dir: string, threads: number, rounds: number): Promise<MachineCeiling> {
  return measureCeiling({ fixture: dir }, threads, rounds);
}

async function measureCeiling(block: CeilingBlock, threads: number, rounds: number): Promise<MachineCeiling> {
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL("./machineCeilingWorker.ts", import.meta.url), { workerData: block }),
  );
  try {
    await Promise.all(workers.map((worker) => reply(worker)));
    const run = (worker: Worker) => {
      const answer = reply(worker);
      worker.postMessage("run");
      return answer;
    };
    const alone: number[] = [];
    const together: number[] = [];
    for (let r = 0; r < rounds; r++) {
      alone.push(await run(workers[0] as Worker));
      const started = performance.now();
      await Promise.all(workers.map(run));
      together.push(performance.now() - started);
    }
    const aloneMs = median(alone);
    const togetherMs = median(together);
    return { threads, aloneMs, togetherMs, ratio: (threads * aloneMs) / togetherMs };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function reply(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    worker.once("error", fail);
    worker.once("message", (ms: number) => {
      worker.off("error", fail);
      resolve(ms);
    });
  });
}
