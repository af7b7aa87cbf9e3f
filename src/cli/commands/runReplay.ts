/**
 * `pevm-devnet replay <dir>`: execute a recorded block sequentially and in parallel, check both
 * against its header, and show the timings, the speedup and the conflicts. Several folders, or
 * --warmup / --rounds, time the blocks over rounds in one process instead (runReplayRounds).
 */
import { availableParallelism } from "node:os";
import { bytesToHex } from "@ethereumjs/util";
import { createExecutionContext, executeBlockSequential } from "../../execution/sequentialExecutor.js";
import type { BlockInput } from "../../execution/types.js";
import { describeLocation, findConflicts, hotLocations } from "../../parallel/conflicts.js";
import { type ParallelDetails, ParallelExecutor } from "../../parallel/ParallelExecutor.js";
import { type BlockAccessList, buildBlockAccessList } from "../../parallel/report/BlockAccessList.js";
import { blockAccessListHash } from "../../parallel/report/encodeBlockAccessList.js";
import { recordBlock } from "../../parallel/report/recordBlock.js";
import { replayReport } from "../../parallel/report/replayReport.js";
import { scavengeOnCollectingThread } from "../../parallel/scavengerThreads.js";
import type { ReplayCommand } from "../args.js";
import { loadBlockFixture } from "../replay/blockFixture.js";
import { checkExecution } from "../replay/replayBlock.js";
import { runReplayRounds } from "./runReplayRounds.js";

export async function runReplay(command: ReplayCommand): Promise<number> {
  const [dir] = command.dirs;
  if (
    dir === undefined ||
    command.dirs.length > 1 ||
    command.warmup !== undefined ||
    command.rounds !== undefined
  )
    return runReplayRounds({
      ...command,
      threads: command.threads > 0 ? command.threads : availableParallelism(),
    });
  const fixture = await loadBlockFixture(dir);
  const { block } = fixture;
  const input = {
    header: block.header,
    transactions: block.transactions,
    preState: fixture.preState,
    blockHashes: (number: bigint) => fixture.blockHashes.get(number),
    senders: fixture.senders,
  };
  const threads = command.threads > 0 ? command.threads : availableParallelism();
  scavengeOnCollectingThread(threads);
  // Each engine runs the block once to warm up (the JIT, and the workers' start), then is timed.
  // One VM for both sequential runs, as the engine keeps its own between its two.
  const context = await createExecutionContext(block.header.common);
  await executeBlockSequential(input, context);
  const sequential = await executeBlockSequential(input, context);
  const executor = new ParallelExecutor({ threads });
  let parallel: Awaited<ReturnType<ParallelExecutor["execute"]>>;
  try {
    executor.resetState(() => fixture.preState.snapshot());
    await executor.execute(input);
    executor.resetState(() => fixture.preState.snapshot());
    parallel = await executor.execute(input);
  } finally {
    await executor.close();
  }
  const sequentialChecks = await checkExecution(fixture, sequential);
  const parallelChecks = await checkExecution(fixture, parallel);
  const ok = [...sequentialChecks, ...parallelChecks].every((c) => c.ok);
  const conflicts = findConflicts(parallel.parallel.reads, parallel.parallel.writes);
  const dependent = conflicts.filter((list) => list.length > 0).length;
  const hottest = hotLocations(conflicts, 5);
  const speedup = sequential.elapsedMs / parallel.elapsedMs;

  if (command.json) {
    // The conflict report's shape (shared with pevm_getBlockReport), plus the header checks.
    const report = await replayReport({
      input,
      execution: parallel,
      sequentialMs: sequential.elapsedMs,
      parallelMs: parallel.elapsedMs,
    });
    console.log(
      JSON.stringify({
        ...report,
        blockAccessListHash: bytesToHex(blockAccessListHash(await accessListOf(input, parallel))),
        hardfork: block.header.common.hardfork(),
        ok,
        checks: { sequential: sequentialChecks, parallel: parallelChecks },
      }),
    );
    return ok ? 0 : 1;
  }
  const hardfork = block.header.common.hardfork();
  console.log(
    `block ${block.header.number} (${hardfork}): ${block.transactions.length} transactions, ${sequential.gasUsed} gas`,
  );
  for (const [i, c] of sequentialChecks.entries()) {
    const p = parallelChecks[i];
    const both = c.ok && p?.ok === true;
    const detail = both ? "" : ` expected ${c.expected}; sequential ${c.actual}, parallel ${p?.actual}`;
    console.log(`  ${both ? "ok  " : "FAIL"} ${c.name}${detail}`);
  }
  console.log(
    `  sequential ${round(sequential.elapsedMs)} ms · parallel (${threads} threads) ${round(parallel.elapsedMs)} ms · speedup ${round(speedup)}x · re-executions ${parallel.parallel.reExecutions}`,
  );
  if (parallel.parallel.fellBack !== undefined)
    console.log(`  parallel engine fell back to sequential: ${parallel.parallel.fellBack}`);
  if (parallel.parallel.inOrder !== undefined)
    console.log(
      `  parallel engine ran the block in order (${parallel.parallel.inOrder}): threads would not gain; ${parallel.plainTransfers ?? 0} plain transfers applied without the EVM`,
    );
  const { estimatedSpeedup: e, estimatedSpeedupByContracts: c } = await replayReport({
    input,
    execution: parallel,
    sequentialMs: sequential.elapsedMs,
    parallelMs: parallel.elapsedMs,
  });
  console.log(
    `  estimated speedup from the dependencies (gas-weighted): 2 threads ${e[2]}x · 4 ${e[4]}x · 8 ${e[8]}x · 16 ${e[16]}x · unbounded ${e.unbounded}x`,
  );
  console.log(
    `  the same without sender order (by the contracts): 2 threads ${c[2]}x · 4 ${c[4]}x · 8 ${c[8]}x · 16 ${c[16]}x · unbounded ${c.unbounded}x`,
  );
  const accessList = await accessListOf(input, parallel);
  console.log(
    `  block access list (EIP-7928): ${accessList.length} accounts, hash ${bytesToHex(blockAccessListHash(accessList))}`,
  );
  console.log(`  ${dependent} of ${block.transactions.length} transactions depend on an earlier one`);
  for (const h of hottest)
    console.log(`    ${String(h.transactions).padStart(5)} × ${describeLocation(h.location)}`);
  return ok ? 0 : 1;
}

/**
 * The block's access list: the parallel run's, or, where it has no read and write sets, one
 * recorded by running the block in order. Transactions only: the list leaves out what the
 * block's system calls and withdrawals touch, which replay does not run.
 */
async function accessListOf(
  input: BlockInput,
  parallel: { parallel: ParallelDetails },
): Promise<BlockAccessList> {
  return (
    parallel.parallel.accessList ??
    buildBlockAccessList(await recordBlock(input), input.preState, input.header.coinbase.toString())
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
