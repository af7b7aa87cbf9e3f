/**
 * Section C: the parallel executor against the sequential one on blocks of the same
 * transactions, all run on the same pre-state (nothing is committed between runs).
 *
 * Per scenario: the sequential time is the median of the timed runs of
 * `executeBlockSequential` (reused execution context, as the devnet's miner); the parallel time
 * is the median of the timed runs of `ParallelExecutor.execute` after WARM_UP_RUNS untimed ones (workers
 * start, receive the pre-state and JIT their code). Senders are recovered before timing for both.
 * The timed runs alternate (sequential, then each thread count, round after round), so that a
 * change in what else the machine runs weighs on both sides alike, and the speedup is the median
 * of the rounds' own ratios; with --cpu-profile they run grouped instead, one profile per
 * executor, and the speedup is the ratio of the medians.
 * Every parallel run must give the state root sequential gives: both change lists are applied to
 * a StateTrie holding the pre-state and the roots compared.
 */
import { bytesToHex } from "@ethereumjs/util";
import { createExecutionContext, executeBlockSequential } from "../dist/execution/sequentialExecutor.js";
import type { BlockExecution, BlockInput } from "../dist/execution/types.js";
import { ParallelExecutor } from "../dist/parallel/ParallelExecutor.js";
import { StateTrie } from "../dist/state/StateTrie.js";
import { startCpuProfile } from "./cpuProfile.ts";
import { engineRan } from "./engineRan.ts";
import { assertAllSucceeded, type BenchWorld } from "./fixtures.ts";
import { CeilingProbe, ceilingBlockOf, measureMachineCeiling } from "./machineCeiling.ts";
import { type Sizes, WARM_UP_RUNS } from "./options.ts";
import { note } from "./progress.ts";
import { SCENARIOS, type Scenario } from "./scenarios.ts";
import { machineLoad, median, medianIndex, quartiles, timed } from "./stats.ts";

export interface ParallelRow {
  scenario: string;
  shape: string;
  transactions: number;
  gasPerTx: number;
  sequentialMs: number;
  /** CPU time of the process during the median sequential run. */
  sequentialCpuMs: number;
  threads: number;
  parallelMs: number;
  /** CPU time of the process (coordinator and workers) during the median parallel run. */
  parallelCpuMs: number;
  /** CPU time of the main thread (the coordinator) during the median parallel run. */
  coordinatorCpuMs: number;
  /**
   * The median of the rounds' ratios (sequential run / the parallel run right after it): each
   * ratio compares runs a moment apart, so a machine that speeds up or slows down between rounds
   * moves it less than it moves the ratio of the two medians.
   */
  speedup: number;
  /** The lower and upper quartile of the rounds' ratios: how much the machine moved them. */
  speedupQuartiles: [number, number];
  /** Re-executions in the median parallel run. */
  reExecutions: number;
  /** How the engine ran the block (engineRan.ts): the first run that fell back, else the last run. */
  ran: string;
  /** Every parallel run gave the sequential state root and gas. */
  sameRoot: boolean;
  sequentialRunsMs: number[];
  parallelRunsMs: number[];
  /**
   * The machine's own ceiling for this block's work at this thread count, with no engine (see
   * machineCeiling.ts); measured for the scenarios that have a speedup target, on 2+ threads:
   * one ceiling round after each round's parallel runs (the median of the rounds' ratios), so
   * that the ceiling and the speedup come from the same moments of the machine.
   */
  machineCeiling: number | undefined;
  /**
   * The median of the rounds' speedup / ceiling: how much of what the machine allowed the engine
   * got, round by round. Steadier than the two medians' ratio on a host whose speed drifts.
   */
  ceilingShare: number | undefined;
  /** How busy the machine was when the scenario started (other processes compete for cores). */
  load: ReturnType<typeof machineLoad>;
}

/** Targets from the brief: speedup on 2 threads. */
export const PARALLEL_TARGETS: readonly { scenario: string; threads: number; minSpeedup: number }[] = [
  { scenario: "ERC-20 transfers", threads: 2, minSpeedup: 1.6 },
  { scenario: "hot counter", threads: 2, minSpeedup: 0.9 },
];

export interface ParallelOptions {
  threads: readonly number[];
  /** Only the scenarios whose name contains this (case-insensitive). */
  scenario: string | undefined;
  /** Profile the main thread during the timed parallel runs, into this folder. */
  cpuProfileDir: string | undefined;
}

export async function measureParallelBlocks(
  bench: BenchWorld,
  sizes: Sizes,
  options: ParallelOptions,
): Promise<ParallelRow[]> {
  const filter = options.scenario;
  const scenarios = SCENARIOS.filter(
    (s) => filter === undefined || s.name.toLowerCase().includes(filter.toLowerCase()),
  );
  if (scenarios.length === 0) throw new Error(`no scenario matches "${filter}"`);
  const context = await createExecutionContext(bench.common);
  const roots = await RootChecker.create(bench);
  const executors = options.threads.map((threads) => {
    const executor = new ParallelExecutor({ threads });
    executor.resetState(() => bench.world.snapshot());
    return executor;
  });
  const rows: ParallelRow[] = [];
  try {
    for (const scenario of scenarios) {
      rows.push(
        ...(await measureScenario(bench, scenario, sizes, context, executors, roots, options.cpuProfileDir)),
      );
    }
  } finally {
    for (const executor of executors) await executor.close();
  }
  return rows;
}

async function measureScenario(
  bench: BenchWorld,
  scenario: Scenario,
  sizes: Sizes,
  context: Awaited<ReturnType<typeof createExecutionContext>>,
  executors: readonly ParallelExecutor[],
  roots: RootChecker,
  cpuProfileDir: string | undefined,
): Promise<ParallelRow[]> {
  const rounds = PARALLEL_TARGETS.some((t) => t.scenario === scenario.name)
    ? sizes.targetRepeats
    : sizes.repeats;
  const { transactions, senders } = bench.sign(
    `C: sign ${scenario.name}`,
    scenario.specs(bench, sizes.parallelBlock),
  );
  const input: BlockInput = { header: bench.nextHeader(), transactions, preState: bench.world, senders };

  const load = machineLoad();
  const sequential = await executeBlockSequential(input, context);
  assertAllSucceeded(`C: ${scenario.name}`, sequential);
  const expected = { root: roots.rootOf(sequential), gasUsed: sequential.gasUsed };
  const checks = executors.map(() => ({ sameRoot: true, ran: "", fellBack: false }));
  const check = (k: number, execution: ParallelExecution) => {
    const c = checks[k] as (typeof checks)[number];
    if (!c.fellBack) c.ran = engineRan(execution);
    c.fellBack ||= execution.parallel.fellBack !== undefined;
    if (execution.gasUsed !== expected.gasUsed || roots.rootOf(execution) !== expected.root)
      c.sameRoot = false;
  };
  note(
    `C: ${scenario.name}: ${WARM_UP_RUNS} warm-up runs on ${executors.map((e) => e.threads).join(", ")} thread(s)`,
  );
  for (let r = 0; r < WARM_UP_RUNS; r++) {
    for (const [k, executor] of executors.entries()) check(k, await executor.execute(input));
  }

  // The machine's ceiling, a round of it after each round's parallel runs (see ParallelRow).
  const hasTarget = PARALLEL_TARGETS.some((t) => t.scenario === scenario.name);
  const probes: (CeilingProbe | undefined)[] = [];
  const ceilings: number[][] = executors.map(() => []);
  type Run = { ms: number; cpuMs: number; mainThreadCpuMs: number };
  const sequentialRuns: Run[] = [];
  const parallelRuns: (Run & { result: ParallelExecution })[][] = executors.map(() => []);
  const runSequential = async () =>
    sequentialRuns.push(await timed(() => executeBlockSequential(input, context)));
  const runParallel = async (k: number) => {
    const run = await timed(() => (executors[k] as ParallelExecutor).execute(input));
    (parallelRuns[k] as (Run & { result: ParallelExecution })[]).push({ ...run, result: run.result });
  };
  if (cpuProfileDir === undefined) {
    try {
      if (hasTarget) {
        const block = ceilingBlockOf({ ...input, senders, preStateChanges: bench.world.snapshot() });
        for (const executor of executors)
          probes.push(executor.threads > 1 ? await CeilingProbe.start(block, executor.threads) : undefined);
      }
      const withCeiling = probes.some((probe) => probe !== undefined)
        ? ", each with a round of the machine's ceiling"
        : "";
      note(`C: ${scenario.name}: ${rounds} round(s) of sequential and parallel runs${withCeiling}`);
      for (let r = 0; r < rounds; r++) {
        await runSequential();
        for (let k = 0; k < executors.length; k++) await runParallel(k);
        for (const [k, probe] of probes.entries())
          if (probe !== undefined) ceilings[k]?.push(probe.ratioOf(await probe.round()));
      }
    } finally {
      for (const probe of probes) await probe?.close();
    }
  } else {
    const profile = await startCpuProfile(cpuProfileDir, `sequential-${scenario.name}`);
    for (let r = 0; r < rounds; r++) await runSequential();
    note(`C: sequential profile written to ${await profile.stop()}`);
    for (const [k, executor] of executors.entries()) {
      const name = `coordinator-${scenario.name}-${executor.threads}threads`;
      const parallelProfile = await startCpuProfile(cpuProfileDir, name);
      for (let r = 0; r < rounds; r++) await runParallel(k);
      note(`C: coordinator profile written to ${await parallelProfile.stop()}`);
    }
  }
  const sequentialRunsMs = sequentialRuns.map((r) => r.ms);
  const sequentialMs = median(sequentialRunsMs);
  const sequentialCpuMs = sequentialRuns[medianIndex(sequentialRunsMs)]?.cpuMs ?? Number.NaN;

  const rows: ParallelRow[] = [];
  for (const [k, executor] of executors.entries()) {
    const runs = parallelRuns[k] as (Run & { result: ParallelExecution })[];
    // Checked after the timed runs so that a profile holds only the executor's work.
    for (const run of runs) check(k, run.result);
    const { sameRoot, ran } = checks[k] as (typeof checks)[number];
    const parallelRunsMs = runs.map((r) => r.ms);
    const parallelMs = median(parallelRunsMs);
    const medianRun = runs[medianIndex(parallelRunsMs)];
    const ratios = parallelRunsMs.map((ms, r) => (sequentialRunsMs[r] as number) / ms);
    const roundCeilings = ceilings[k] as number[];
    let machineCeiling = roundCeilings.length > 0 ? median(roundCeilings) : undefined;
    const ceilingShare =
      roundCeilings.length > 0
        ? median(ratios.map((ratio, r) => ratio / (roundCeilings[r] as number)))
        : undefined;
    if (machineCeiling === undefined && executor.threads > 1 && hasTarget) {
      note(`C: ${scenario.name}: machine ceiling on ${executor.threads} threads, ${rounds} round(s)`);
      const ceiling = await measureMachineCeiling(
        { ...input, senders, preStateChanges: bench.world.snapshot() },
        executor.threads,
        rounds,
      );
      machineCeiling = ceiling.ratio;
    }
    rows.push({
      scenario: scenario.name,
      shape: scenario.shape,
      transactions: transactions.length,
      gasPerTx: Number(sequential.gasUsed) / transactions.length,
      sequentialMs,
      sequentialCpuMs,
      threads: executor.threads,
      parallelMs,
      parallelCpuMs: medianRun?.cpuMs ?? Number.NaN,
      coordinatorCpuMs: medianRun?.mainThreadCpuMs ?? Number.NaN,
      speedup: cpuProfileDir === undefined ? median(ratios) : sequentialMs / parallelMs,
      speedupQuartiles: cpuProfileDir === undefined ? quartiles(ratios) : [Number.NaN, Number.NaN],
      reExecutions: medianRun?.result.parallel.reExecutions ?? 0,
      ran,
      sameRoot,
      machineCeiling,
      ceilingShare,
      sequentialRunsMs,
      parallelRunsMs,
      load,
    });
  }
  return rows;
}

type ParallelExecution = Awaited<ReturnType<ParallelExecutor["execute"]>>;

/** State roots of change lists applied on top of the pre-state (rolled back after each). */
class RootChecker {
  private readonly trie: StateTrie;
  private readonly preRoot: Uint8Array;

  private constructor(trie: StateTrie, preRoot: Uint8Array) {
    this.trie = trie;
    this.preRoot = preRoot;
  }

  static async create(bench: BenchWorld): Promise<RootChecker> {
    const trie = await StateTrie.create();
    return new RootChecker(trie, trie.apply(bench.world.snapshot()));
  }

  rootOf(execution: BlockExecution): string {
    this.trie.rollback(this.preRoot);
    const root = this.trie.apply(execution.changes);
    const hex = bytesToHex(root);
    this.trie.rollback(this.preRoot);
    if (hex !== bytesToHex(this.preRoot)) this.trie.forget(root);
    return hex;
  }
}
