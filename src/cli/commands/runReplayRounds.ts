/**
 * `pevm-devnet replay DIR [DIR ...] --warmup N --rounds N`: every block in one warm process, the
 * way a chain meets them, timed over rounds; a line per block and a total, or with --json one
 * report per block and line. The exit status is 1 when any run of any block missed its header.
 */
import { type ParallelDetails, ParallelExecutor } from "../../parallel/ParallelExecutor.js";
import { ESTIMATED_THREADS } from "../../parallel/report/BlockReport.js";
import { replayReport } from "../../parallel/report/replayReport.js";
import { scavengeOnCollectingThread } from "../../parallel/scavengerThreads.js";
import type { ReplayCommand } from "../args.js";
import { type BlockFixture, loadBlockFixture } from "../replay/blockFixture.js";
import { type BlockTimes, timeBlocks } from "../replay/timeBlocks.js";

export async function runReplayRounds(command: ReplayCommand): Promise<number> {
  const warmup = command.warmup ?? 1;
  const rounds = command.rounds ?? 1;
  // Every folder is read first: a bad one fails before minutes of timing.
  const fixtures: BlockFixture[] = [];
  for (const dir of command.dirs) fixtures.push(await loadBlockFixture(dir));
  scavengeOnCollectingThread(command.threads);
  const executor = new ParallelExecutor({ threads: command.threads });
  let times: BlockTimes[];
  try {
    times = await timeBlocks(fixtures, executor, {
      warmup,
      rounds,
      onProgress: progressLine(fixtures),
    });
  } finally {
    await executor.close();
  }
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");

  const estimateAt = (ESTIMATED_THREADS as readonly number[]).includes(command.threads)
    ? (command.threads as (typeof ESTIMATED_THREADS)[number])
    : 2;
  const rows: string[][] = [];
  const speedups: number[] = [];
  let totalSequential = 0;
  let totalParallel = 0;
  for (const block of times) {
    const sequentialMs = median(block.sequentialMs);
    const parallelMs = median(block.parallelMs);
    const report = await replayReport({
      input: block.input,
      execution: block.parallel,
      sequentialMs,
      parallelMs,
    });
    const { header } = block.fixture.block;
    if (command.json) {
      console.log(
        JSON.stringify({
          ...report,
          hardfork: header.common.hardfork(),
          ok: block.ok,
          checks: { sequential: block.sequentialChecks, parallel: block.parallelChecks },
          warmup,
          rounds,
          sequentialMedianMs: sequentialMs,
          parallelMedianMs: parallelMs,
          sequentialRunsMs: block.sequentialMs,
          parallelRunsMs: block.parallelMs,
          reExecutionsPerRun: block.reExecutions,
          ...(block.parallel.parallel.inOrder === undefined
            ? {}
            : { inOrder: block.parallel.parallel.inOrder }),
          ...(block.parallel.plainTransfers === undefined
            ? {}
            : { plainTransfers: block.parallel.plainTransfers }),
        }),
      );
    }
    const speedup = sequentialMs / parallelMs;
    speedups.push(speedup);
    totalSequential += sequentialMs;
    totalParallel += parallelMs;
    rows.push([
      String(header.number),
      String(block.fixture.block.transactions.length),
      String(block.parallel.gasUsed),
      fixed(sequentialMs, 1),
      fixed(parallelMs, 1),
      `${fixed(speedup, 2)}x`,
      `${fixed(report.estimatedSpeedup[estimateAt], 2)}x`,
      String(median(block.reExecutions)),
      block.ok ? "ok" : "MISMATCH",
      runNote(block.parallel),
    ]);
  }
  const ok = times.every((block) => block.ok);
  if (command.json) return ok ? 0 : 1;

  console.log(
    `${times.length} blocks, one process, ${command.threads} threads · ${warmup} warm-up and ${rounds} timed rounds · medians over the timed rounds`,
  );
  printColumns([
    ["block", "txs", "gas", "seq ms", "par ms", "speedup", `est. ${estimateAt}t`, "re-exec", "check", ""],
    ...rows,
  ]);
  console.log(
    `total: median speedup ${fixed(median(speedups), 2)}x · sequential ${fixed(totalSequential, 1)} ms / parallel ${fixed(totalParallel, 1)} ms = ${fixed(totalSequential / totalParallel, 2)}x${ok ? "" : " · MISMATCH"}`,
  );
  return ok ? 0 : 1;
}

/** Progress on stderr: one line rewritten in a terminal, a line per round otherwise. */
function progressLine(fixtures: readonly BlockFixture[]) {
  return ({
    phase,
    round,
    rounds,
    block,
  }: {
    phase: string;
    round: number;
    rounds: number;
    block: number;
  }) => {
    const name = fixtures[block]?.block.header.number;
    if (process.stderr.isTTY) {
      process.stderr.write(
        `\r\x1b[K${phase} round ${round}/${rounds} · block ${name} (${block + 1}/${fixtures.length})`,
      );
    } else if (block === 0) {
      process.stderr.write(`${phase} round ${round}/${rounds} (${fixtures.length} blocks)\n`);
    }
  };
}

/** How the engine ran the block where not in parallel: in order from the start, or fell back. */
function runNote(execution: { parallel: ParallelDetails; plainTransfers?: number }): string {
  const details = execution.parallel;
  if (details.inOrder !== undefined) {
    const direct = execution.plainTransfers ?? 0;
    return `in order: ${details.inOrder}, ${direct} transfer${direct === 1 ? "" : "s"} direct`;
  }
  return details.fellBack === undefined ? "" : `fell back: ${details.fellBack}`;
}

function printColumns(rows: readonly string[][]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  for (const row of rows) {
    // The first column (block number) reads left to right; the numbers line up on the right.
    const cells = row.map((cell, column) =>
      column === 0 || column >= 8 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
    );
    console.log(`  ${cells.join("  ").trimEnd()}`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}
