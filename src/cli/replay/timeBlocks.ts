/**
 * Times recorded blocks in one process, sequentially and in parallel, over warm-up and timed
 * rounds. Within a round every block runs both ways back to back, and the order of the two flips
 * from one round to the next, so that a slow phase of the machine weighs on both engines alike.
 */
import {
  createExecutionContext,
  type ExecutionContext,
  executeBlockSequential,
} from "../../execution/sequentialExecutor.js";
import type { BlockExecution, BlockInput } from "../../execution/types.js";
import type { ParallelDetails, ParallelExecutor } from "../../parallel/ParallelExecutor.js";
import type { BlockFixture } from "./blockFixture.js";
import { type Check, checkExecution } from "./replayBlock.js";

export type ParallelExecution = BlockExecution & { parallel: ParallelDetails };

export interface BlockTimes {
  fixture: BlockFixture;
  input: BlockInput;
  /** Wall-clock time of each timed run, in round order. */
  sequentialMs: number[];
  parallelMs: number[];
  /** Re-executions of each timed parallel run. */
  reExecutions: number[];
  /** The header checks of the last timed runs. */
  sequentialChecks: Check[];
  parallelChecks: Check[];
  /** Every run, warm-up included, matched the header. */
  ok: boolean;
  /** The last timed parallel run (its read and write sets feed the conflict report). */
  parallel: ParallelExecution;
}

export interface TimeBlocksOptions {
  warmup: number;
  rounds: number;
  /** Called before each block of each round (warm-up rounds first, numbered from 1). */
  onProgress?: (progress: {
    phase: "warm-up" | "timed";
    round: number;
    rounds: number;
    block: number;
  }) => void;
}

export function inputOf(fixture: BlockFixture): BlockInput {
  return {
    header: fixture.block.header,
    transactions: fixture.block.transactions,
    preState: fixture.preState,
    blockHashes: (number: bigint) => fixture.blockHashes.get(number),
    senders: fixture.senders,
  };
}

export async function timeBlocks(
  fixtures: readonly BlockFixture[],
  executor: ParallelExecutor,
  options: TimeBlocksOptions,
): Promise<BlockTimes[]> {
  const states = fixtures.map((fixture) => ({
    fixture,
    input: inputOf(fixture),
    sequentialMs: [] as number[],
    parallelMs: [] as number[],
    reExecutions: [] as number[],
    ok: true,
    last: undefined as { sequential: BlockExecution; parallel: ParallelExecution } | undefined,
  }));
  // The sequential side reuses one warm VM per chain and hardfork, as a devnet's block builder
  // does: a fresh one per block cost up to 14 ms more (12300570), which flattered the engine.
  const contexts = new Map<string, ExecutionContext>();
  const sequentialContext = async (input: BlockInput) => {
    const { common } = input.header;
    const key = `${common.chainId()}:${common.hardfork()}`;
    let context = contexts.get(key);
    if (context === undefined) {
      context = await createExecutionContext(common);
      contexts.set(key, context);
    }
    return context;
  };
  const phases = [
    { phase: "warm-up" as const, rounds: options.warmup },
    { phase: "timed" as const, rounds: options.rounds },
  ];
  for (const { phase, rounds } of phases) {
    for (let round = 1; round <= rounds; round++) {
      for (const [block, state] of states.entries()) {
        options.onProgress?.({ phase, round, rounds, block });
        const runParallel = async () => {
          executor.resetState(() => state.fixture.preState.snapshot());
          // As a devnet's workers stand when a block comes: the state replicated, untimed. A
          // worker that fails here is replaced by execute, whose run then falls back.
          await executor.settle(state.input.header.common).catch(() => undefined);
          return executor.execute(state.input);
        };
        const context = await sequentialContext(state.input);
        let sequential: BlockExecution;
        let parallel: ParallelExecution;
        if (round % 2 === 1) {
          sequential = await executeBlockSequential(state.input, context);
          parallel = await runParallel();
        } else {
          parallel = await runParallel();
          sequential = await executeBlockSequential(state.input, context);
        }
        // Checked outside the timings: every run must match the header, not just the last.
        const checks = [
          ...(await checkExecution(state.fixture, sequential)),
          ...(await checkExecution(state.fixture, parallel)),
        ];
        if (!checks.every((c) => c.ok)) state.ok = false;
        if (phase === "timed") {
          state.sequentialMs.push(sequential.elapsedMs);
          state.parallelMs.push(parallel.elapsedMs);
          state.reExecutions.push(parallel.parallel.reExecutions);
          state.last = { sequential, parallel };
        }
      }
    }
  }
  const times: BlockTimes[] = [];
  for (const state of states) {
    const last = state.last;
    if (last === undefined) throw new Error("timeBlocks needs at least one timed round");
    times.push({
      fixture: state.fixture,
      input: state.input,
      sequentialMs: state.sequentialMs,
      parallelMs: state.parallelMs,
      reExecutions: state.reExecutions,
      sequentialChecks: await checkExecution(state.fixture, last.sequential),
      parallelChecks: await checkExecution(state.fixture, last.parallel),
      ok: state.ok,
      parallel: last.parallel,
    });
  }
  return times;
}
