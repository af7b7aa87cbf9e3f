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

/** The block a probe's workers run: a bench block as the C section holds it. */
export function ceilingBlockOf(
  input: BlockInput & { senders: readonly string[]; preStateChanges: BlockChange[] },
): CeilingBlock {
  return {
    state: input.preStateChanges,
    header: input.header.serialize(),
    transactions: input.transactions.map(rawOf),
    senders: [...input.senders],
  };
}

export function measureMachineCeiling(
  input: BlockInput & { senders: readonly string[]; preStateChanges: BlockChange[] },
  threads: number,
  rounds: number,
): Promise<MachineCeiling> {
  return measureCeiling(ceilingBlockOf(input), threads, rounds);
}

/** The same for a real block: each worker loads the fixture in `dir` itself. */
export function measureFixtureCeiling(dir: string, threads: number, rounds: number): Promise<MachineCeiling> {
  return measureCeiling({ fixture: dir }, threads, rounds);
}

/**
 * T workers holding the block, warmed up, measuring one round when asked: so that a caller can
 * take the ceiling's rounds between its own, in the same moments of the machine.
 */
export class CeilingProbe {
  readonly threads: number;
  private readonly workers: Worker[];

  private constructor(threads: number, workers: Worker[]) {
    this.threads = threads;
    this.workers = workers;
  }

  static async start(block: CeilingBlock, threads: number): Promise<CeilingProbe> {
    const workers = Array.from(
      { length: threads },
      () => new Worker(new URL("./machineCeilingWorker.ts", import.meta.url), { workerData: block }),
    );
    const probe = new CeilingProbe(threads, workers);
    try {
      await Promise.all(workers.map((worker) => reply(worker)));
    } catch (error) {
      await probe.close();
      throw error;
    }
    return probe;
  }

  /** One worker alone, then all of them at once: their milliseconds. */
  async round(): Promise<{ aloneMs: number; togetherMs: number }> {
    const run = (worker: Worker) => {
      const answer = reply(worker);
      worker.postMessage("run");
      return answer;
    };
    const aloneMs = await run(this.workers[0] as Worker);
    const started = performance.now();
    await Promise.all(this.workers.map(run));
    return { aloneMs, togetherMs: performance.now() - started };
  }

  /** threads × alone / together: the round's ceiling. */
  ratioOf(round: { aloneMs: number; togetherMs: number }): number {
    return (this.threads * round.aloneMs) / round.togetherMs;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

async function measureCeiling(block: CeilingBlock, threads: number, rounds: number): Promise<MachineCeiling> {
  const probe = await CeilingProbe.start(block, threads);
  try {
    const alone: number[] = [];
    const together: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const round = await probe.round();
      alone.push(round.aloneMs);
      together.push(round.togetherMs);
    }
    const aloneMs = median(alone);
    const togetherMs = median(together);
    return { threads, aloneMs, togetherMs, ratio: (threads * aloneMs) / togetherMs };
  } finally {
    await probe.close();
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
