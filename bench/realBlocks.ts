/**
 * Section R: the real mainnet blocks of test/fixtures/mainnet-blocks with 100 transactions or
 * more, timed as `pevm-devnet replay DIR... --warmup N --rounds N` times them (one warm process,
 * both executors alternating, the pre-state replicated to the workers untimed), each run checked
 * against its header. The dependency estimate at the thread count is what the block allows.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BlockFixture, loadBlockFixture } from "../dist/cli/replay/blockFixture.js";
import { timeBlocks } from "../dist/cli/replay/timeBlocks.js";
import { ParallelExecutor } from "../dist/parallel/ParallelExecutor.js";
import { ESTIMATED_THREADS } from "../dist/parallel/report/BlockReport.js";
import { replayReport } from "../dist/parallel/report/replayReport.js";
import { runsCode } from "../dist/parallel/runsCode.js";
import { engineRan } from "./engineRan.ts";
import { measureFixtureCeiling } from "./machineCeiling.ts";
import { note } from "./progress.ts";
import { median } from "./stats.ts";

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../test/fixtures/mainnet-blocks",
);
/** Blocks this small are not where a parallel engine is meant to pay off. */
const MIN_TRANSACTIONS = 100;

/** The targets for these blocks on 2 threads. */
export const REAL_TARGETS = { medianSpeedup: 1.3, totalSpeedup: 1.2 };

export interface RealBlockRow {
  block: string;
  transactions: number;
  sequentialMs: number;
  parallelMs: number;
  speedup: number;
  /** The dependency estimate at this thread count: what the block allows. */
  estimate: number;
  /**
   * The share of its transactions that run contract code: under half, a devnet runs the block
   * sequentially (plain transfers cost less than the engine's own work per transaction).
   */
  codeShare: number;
  reExecutions: number;
  /** How the engine ran it: "in order (one sender)", "in order (plain transfers)", "in order (few transactions)", or "parallel". */
  ran: string;
  /**
   * The machine's ceiling for this block (machineCeiling.ts): N threads each running their own
   * copy sequentially, against one alone. No engine beats it; undefined on 1 thread.
   */
  ceiling: number | undefined;
  ok: boolean;
}

export interface RealBlocks {
  threads: number;
  rows: RealBlockRow[];
  medianSpeedup: number;
  totalSpeedup: number;
}

export async function measureRealBlocks(options: {
  threads: number;
  warmup: number;
  rounds: number;
}): Promise<RealBlocks> {
  const fixtures: (BlockFixture & { dir: string })[] = [];
  for (const name of (await readdir(FIXTURES, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    const fixture = await loadBlockFixture(path.join(FIXTURES, name.name));
    if (fixture.block.transactions.length >= MIN_TRANSACTIONS)
      fixtures.push({ ...fixture, dir: path.join(FIXTURES, name.name) });
  }
  const executor = new ParallelExecutor({ threads: options.threads });
  try {
    const times = await timeBlocks(fixtures, executor, {
      warmup: options.warmup,
      rounds: options.rounds,
      onProgress: ({ phase, round, rounds, block }) => {
        if (block === 0) note(`R: ${phase} round ${round}/${rounds} (${fixtures.length} blocks)`);
      },
    });
    const rows: RealBlockRow[] = [];
    for (const [index, block] of times.entries()) {
      const sequentialMs = median(block.sequentialMs);
      const parallelMs = median(block.parallelMs);
      const report = await replayReport({
        input: block.input,
        execution: block.parallel,
        sequentialMs,
        parallelMs,
      });
      const at = (ESTIMATED_THREADS as readonly number[]).includes(options.threads)
        ? (options.threads as (typeof ESTIMATED_THREADS)[number])
        : 2;
      rows.push({
        block: String(block.fixture.block.header.number),
        transactions: block.fixture.block.transactions.length,
        sequentialMs,
        parallelMs,
        speedup: sequentialMs / parallelMs,
        estimate: report.estimatedSpeedup[at],
        codeShare:
          block.fixture.block.transactions.filter((tx) => runsCode(tx, block.fixture.preState)).length /
          block.fixture.block.transactions.length,
        reExecutions: median(block.reExecutions),
        ran: engineRan(block.parallel),
        ceiling: await ceilingOf(fixtures[index] as { dir: string }, block.fixture, options),
        ok: block.ok,
      });
    }
    const total = (key: "sequentialMs" | "parallelMs") => rows.reduce((sum, row) => sum + row[key], 0);
    return {
      threads: options.threads,
      rows,
      medianSpeedup: median(rows.map((row) => row.speedup)),
      totalSpeedup: total("sequentialMs") / total("parallelMs"),
    };
  } finally {
    await executor.close();
  }
}

async function ceilingOf(
  at: { dir: string },
  fixture: BlockFixture,
  options: { threads: number; rounds: number },
): Promise<number | undefined> {
  if (options.threads < 2) return undefined;
  note(`R: block ${fixture.block.header.number}: machine ceiling on ${options.threads} threads`);
  return (await measureFixtureCeiling(at.dir, options.threads, options.rounds)).ratio;
}
