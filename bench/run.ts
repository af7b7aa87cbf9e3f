/**
 * Benchmarks of pevm-devnet: `npm run bench` (build, then this file), or after a build
 * `node bench/run.ts [--quick] [--only A|B|C|D|R] [--threads N] [--json] [--bench-peers]`.
 *
 * A. sequential ERC-20 throughput in-process; B. end to end over HTTP against the reference
 * figures of DESIGN.md (and optionally a live anvil); C. parallel vs sequential execution of
 * blocks of independent, contended and mixed transactions, with a state-root check.
 * Tables go to stdout, progress to stderr; `--json` prints one JSON object instead of tables.
 */
import { cpus } from "node:os";
import { nativeSecp256k1 } from "../dist/crypto/nativeCrypto.js";
import { scavengeOnCollectingThread } from "../dist/parallel/scavengerThreads.js";
import { DEFAULT_CLIENT, SEQUENTIAL_CLIENT } from "./alternatingDevnets.ts";
import { measureDevnetWithPauses, type PausesRun } from "./devnetPauses.ts";
import { measureDevnetPayout, type PayoutRun } from "./devnetPayout.ts";
import { type HttpRun, measureEndToEnd, REFERENCE_TX_PER_SECOND } from "./endToEnd.ts";
import { BenchWorld } from "./fixtures.ts";
import { FORK_TARGET_SPEEDUP, type ForkRow, measureForkLatency } from "./forkLatency.ts";
import {
  type BenchOptions,
  BenchUsageError,
  parseOptions,
  type Sizes,
  USAGE,
  WARM_UP_RUNS,
} from "./options.ts";
import { measureParallelBlocks, PARALLEL_TARGETS, type ParallelRow } from "./parallelBlocks.ts";
import { note } from "./progress.ts";
import { measureRealBlocks, REAL_TARGETS, type RealBlocks } from "./realBlocks.ts";
import {
  measureSequentialThroughput,
  SEQUENTIAL_TARGET_TX_PER_SECOND,
  type SequentialThroughput,
} from "./sequentialThroughput.ts";
import { createBenchCommon, nativeSigning } from "./signing.ts";
import { machineLoad } from "./stats.ts";
import { type Cell, printTable } from "./table.ts";
import { buildTransferLoad, type TransferLoad, WARM_UP_TRANSFERS } from "./transferLoad.ts";

interface Report {
  meta: {
    mode: "quick" | "full";
    node: string;
    cpus: number;
    cpuModel: string;
    nativeSigning: boolean;
    nativeSenderRecovery: boolean;
    threads: readonly number[];
    /** Machine load when the run started (other processes on the same cores skew timings). */
    loadAtStart: ReturnType<typeof machineLoad>;
  };
  A?: SequentialThroughput;
  B?: HttpRun[];
  /** Section B's blocks with pauses (see devnetPauses.ts). */
  BPauses?: PausesRun[];
  /** Section B's payout (see devnetPayout.ts). */
  BPayout?: PayoutRun[];
  C?: ParallelRow[];
  D?: ForkRow[];
  R?: RealBlocks;
  targets: { check: string; target: string; measured: string; met: boolean }[];
}

async function main(options: BenchOptions): Promise<Report> {
  const { sizes, sections } = options;
  const report: Report = {
    meta: {
      mode: options.quick ? "quick" : "full",
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      nativeSigning,
      nativeSenderRecovery: nativeSecp256k1,
      threads: options.threads,
      loadAtStart: machineLoad(),
    },
    targets: [],
  };
  if (!options.json) printHeader(report);

  let load: TransferLoad | undefined;
  if (sections.has("A") || sections.has("B")) {
    load = buildTransferLoad(createBenchCommon(), Math.max(sizes.devnetTransfers, sizes.httpTransfers));
  }
  let bench: BenchWorld | undefined;
  if (sections.has("A") || sections.has("C")) {
    bench = await BenchWorld.build({
      holders: Math.max(sizes.holders, sections.has("C") ? sizes.parallelBlock : 0),
      pools: sections.has("C") ? sizes.pools : 0,
    });
  }

  if (sections.has("A") && bench !== undefined && load !== undefined) {
    const a = await measureSequentialThroughput(bench, load, sizes);
    report.A = a;
    report.targets.push({
      check: "A: executeBlockSequential, ERC-20 transfers",
      target: `≥ ${SEQUENTIAL_TARGET_TX_PER_SECOND.toLocaleString("en-US")} tx/s`,
      measured: `${Math.round(a.block.txPerSecond).toLocaleString("en-US")} tx/s`,
      met: a.block.txPerSecond >= SEQUENTIAL_TARGET_TX_PER_SECOND,
    });
    if (!options.json) printSequential(a);
  }
  if (sections.has("B") && load !== undefined) {
    const b = await measureEndToEnd(load, sizes.httpTransfers, {
      peers: options.benchPeers,
      threads: options.threads[0] ?? 2,
      rounds: sizes.repeats,
    });
    report.B = b;
    report.targets.push(...endToEndTargets(b));
    if (!options.json) printEndToEnd(b);
    const { pauses } = sizes;
    const pauseLoad = buildTransferLoad(
      createBenchCommon(),
      Math.max(0, pauses.blocks * pauses.transfersPerBlock - WARM_UP_TRANSFERS),
    );
    const paused = await measureDevnetWithPauses(pauseLoad, { ...pauses, threads: options.threads[0] ?? 2 });
    report.BPauses = paused;
    report.targets.push(...defaultVsSequential("blocks with pauses", paused));
    if (!options.json) printPauses(paused);
    const payout = await measureDevnetPayout({ ...sizes.payout, threads: options.threads[0] ?? 2 });
    report.BPayout = payout;
    report.targets.push(...defaultVsSequential("a payout", payout));
    if (!options.json) printPayout(payout);
  }
  if (sections.has("D")) {
    const d = await measureForkLatency({ holders: sizes.forkHolders, delayMs: 20 });
    report.D = d;
    const sequential = d.find((row) => row.executor === "sequential");
    const parallel = d.find((row) => row.executor === "parallel");
    if (sequential !== undefined && parallel !== undefined) {
      const speedup = sequential.mineMs / parallel.mineMs;
      report.targets.push({
        check: `D: ${parallel.transactions} forked transfers, 20 ms remote, parallel / --sequential`,
        target: `≥ ${FORK_TARGET_SPEEDUP}x`,
        measured: `${speedup.toFixed(1)}x`,
        met: speedup >= FORK_TARGET_SPEEDUP,
      });
    }
    if (!options.json) {
      printTable(
        "D. Mining a forked block over a 20 ms remote (cold cache)",
        [
          { header: "executor" },
          { header: "txs", align: "right" },
          { header: "mine ms", align: "right" },
          { header: "round trips", align: "right" },
          { header: "calls", align: "right" },
          { header: "ran" },
        ],
        d.map((row) => [
          row.executor,
          String(row.transactions),
          row.mineMs.toFixed(0),
          String(row.roundTrips),
          String(row.calls),
          row.ran,
        ]),
      );
    }
  }
  if (sections.has("R")) {
    const r = await measureRealBlocks({
      threads: options.threads[0] ?? 2,
      warmup: sizes.realWarmup,
      rounds: sizes.realRounds,
    });
    report.R = r;
    const checked = r.rows.every((row) => row.ok);
    report.targets.push(
      {
        check: `R: real blocks of 100+ transactions, ${r.threads} threads, median speedup`,
        target: `≥ ${REAL_TARGETS.medianSpeedup}x`,
        measured: `${r.medianSpeedup.toFixed(2)}x`,
        met: r.medianSpeedup >= REAL_TARGETS.medianSpeedup && checked,
      },
      {
        check: `R: real blocks of 100+ transactions, ${r.threads} threads, total time`,
        target: `≥ ${REAL_TARGETS.totalSpeedup}x`,
        measured: `${r.totalSpeedup.toFixed(2)}x`,
        met: r.totalSpeedup >= REAL_TARGETS.totalSpeedup && checked,
      },
    );
    if (!options.json) {
      printTable(
        `R. Real mainnet blocks, warm (${sizes.realWarmup} untimed and ${sizes.realRounds} timed rounds, medians)`,
        [
          { header: "block" },
          { header: "txs", align: "right" },
          { header: "seq ms", align: "right" },
          { header: "par ms", align: "right" },
          { header: "speedup", align: "right" },
          { header: "est.", align: "right" },
          { header: "ceiling", align: "right" },
          { header: "code", align: "right" },
          { header: "re-exec", align: "right" },
          { header: "ran" },
          { header: "check" },
        ],
        r.rows.map((row) => [
          row.block,
          String(row.transactions),
          row.sequentialMs.toFixed(1),
          row.parallelMs.toFixed(1),
          `${row.speedup.toFixed(2)}x`,
          `${row.estimate.toFixed(2)}x`,
          row.ceiling === undefined ? "-" : `${row.ceiling.toFixed(2)}x`,
          `${Math.round(row.codeShare * 100)}%`,
          String(row.reExecutions),
          row.ran,
          row.ok ? "ok" : "MISMATCH",
        ]),
      );
      console.log(
        `median speedup ${r.medianSpeedup.toFixed(2)}x, total ${r.totalSpeedup.toFixed(2)}x; est.: the block's dependency estimate at ${r.threads} threads with sender order (a payout's transfers, read lazily, can beat it); ceiling: what ${r.threads} threads of sequential execution get on this machine, each on its own copy of the block, the most threads alone can give; code: the share of transactions that run contract code; ran: how the engine ran it (in order from the start where one sender owns the block, under half of it runs code, or fewer than 16 of its transactions do; "N direct": plain transfers applied to the state without the EVM, as runTx would, which is how a payout beats the ceiling)\n`,
      );
    }
  }
  if (sections.has("C") && bench !== undefined) {
    // As `pevm-devnet` does in parallel mode (last, since it holds for the rest of the process).
    if (scavengeOnCollectingThread(Math.max(...options.threads)))
      note("C: V8 scavenges on the collecting thread alone (--no-parallel-scavenge), as pevm-devnet does");
    const c = await measureParallelBlocks(bench, sizes, {
      threads: options.threads,
      scenario: options.scenario,
      cpuProfileDir: options.cpuProfileDir,
    });
    report.C = c;
    for (const target of PARALLEL_TARGETS) {
      const row = c.find((r) => r.scenario === target.scenario && r.threads === target.threads);
      if (row === undefined) continue;
      report.targets.push({
        check: `C: ${target.scenario}, ${target.threads} threads`,
        target: `≥ ${target.minSpeedup.toFixed(1)}x`,
        // Beside the figure, the most this machine allowed at that moment (see machineCeiling.ts).
        measured:
          row.machineCeiling === undefined
            ? `${row.speedup.toFixed(2)}x`
            : `${row.speedup.toFixed(2)}x (ceiling ${row.machineCeiling.toFixed(2)}x${shareText(row.ceilingShare)})`,
        met: row.speedup >= target.minSpeedup && row.sameRoot,
      });
    }
    if (!options.json) printParallel(c, sizes);
  }
  // Targets last in the JSON too.
  const { targets } = report;
  delete (report as Partial<Report>).targets;
  report.targets = targets;
  if (!options.json && report.targets.length > 0) {
    printTable(
      "Targets",
      [{ header: "check" }, { header: "target" }, { header: "measured", align: "right" }, { header: "met" }],
      report.targets.map((t) => [t.check, t.target, t.measured, t.met ? "✓" : "✗"]),
    );
  }
  return report;
}

function printHeader(report: Report): void {
  const { meta } = report;
  const { loadAverage1m, cpuPressure10s } = meta.loadAtStart;
  console.log(
    `pevm-devnet benchmarks (${meta.mode} run) - node ${meta.node}, ${meta.cpus} CPUs (${meta.cpuModel}), ` +
      `parallel threads ${meta.threads.join(",")}, native secp256k1: ${meta.nativeSenderRecovery ? "yes" : "no (slow JS)"}`,
  );
  console.log(
    `machine load at start: load average ${loadAverage1m.toFixed(2)}` +
      (cpuPressure10s === undefined
        ? ""
        : `, CPU pressure ${cpuPressure10s.toFixed(0)}% (tasks waiting for a core)`) +
      (loadAverage1m > meta.cpus / 2 ? " - other processes share these cores: timings are noisy" : "") +
      "\n",
  );
}

function printSequential(a: SequentialThroughput): void {
  printTable(
    "A. Sequential ERC-20 transfer throughput, in-process (one core)",
    [
      { header: "path" },
      { header: "txs" },
      { header: "time ms", decimals: 1 },
      { header: "tx/s" },
      { header: "gas/tx" },
      { header: "runs ms", align: "right" },
    ],
    [
      [
        "executeBlockSequential, one block of transfers between holders",
        a.block.transactions,
        a.block.medianMs,
        a.block.txPerSecond,
        a.block.gasPerTx,
        a.block.runsMs.map((ms) => ms.toFixed(0)).join(" / "),
      ],
      [
        "devnet automine: decodeRawTransaction + sendTransaction",
        a.devnetAutomine.transactions,
        a.devnetAutomine.ms,
        a.devnetAutomine.txPerSecond,
        "",
        `${a.devnetAutomine.blocks} blocks`,
      ],
    ],
  );
  const m = a.devnetMine;
  printTable(
    "A. Mining one block by hand (evm_mine, sequential executor): execution and the rest",
    [
      { header: "txs" },
      { header: "mine ms", decimals: 1 },
      { header: "execution ms", decimals: 1 },
      { header: "rest ms", decimals: 1 },
      { header: "rest share" },
      { header: "runs mine / execution ms", align: "right" },
    ],
    [
      [
        m.transactions,
        m.medianMineMs,
        m.medianExecutionMs,
        m.medianRestMs,
        `${((100 * m.medianRestMs) / m.medianMineMs).toFixed(0)}%`,
        m.mineMs.map((ms, i) => `${ms.toFixed(0)}/${(m.executionMs[i] as number).toFixed(0)}`).join(" "),
      ],
    ],
  );
}

/** The default devnet against `--sequential` in one of section B's alternating scenarios. */
function defaultVsSequential(
  scenario: string,
  runs: { client: string; mineMs: number; rounds: number }[],
): Report["targets"] {
  const sequential = runs.find((run) => run.client === SEQUENTIAL_CLIENT);
  const chosen = runs.find((run) => run.client === DEFAULT_CLIENT);
  if (sequential === undefined || chosen === undefined) return [];
  const ratio = sequential.mineMs / chosen.mineMs;
  return [
    {
      check: `B: default devnet vs --sequential, ${scenario}, mining`,
      target: "≥ 0.9x (never slower beyond noise)",
      measured: `${ratio.toFixed(2)}x (${Math.round(sequential.mineMs)} / ${Math.round(chosen.mineMs)} ms, medians of ${chosen.rounds})`,
      met: ratio >= 0.9,
    },
  ];
}

/**
 * Each devnet run against `hardhat node` in the same mode: the live one measured in this run
 * when there is one (same client, same machine), else DESIGN.md's figure.
 */
function endToEndTargets(runs: HttpRun[]): Report["targets"] {
  return [...peerTargets(runs), ...neverSlowerTargets(runs)];
}

/**
 * The default devnet against `--sequential` on the same block: never slower beyond noise (the
 * medians of a few alternating runs each, and still 10% allowed).
 */
function neverSlowerTargets(runs: HttpRun[]): Report["targets"] {
  const targets: Report["targets"] = [];
  for (const sequential of runs.filter((run) => run.client === "pevm-devnet, sequential")) {
    const parallel = runs.find(
      (run) => run.mode === sequential.mode && run.client.startsWith("pevm-devnet, parallel"),
    );
    if (parallel === undefined) continue;
    const ratio = sequential.mineMs / parallel.mineMs;
    targets.push({
      check: `B: default devnet vs --sequential, ${sequential.mode}, mining`,
      target: "≥ 0.9x (never slower beyond noise)",
      measured: `${ratio.toFixed(2)}x (${Math.round(sequential.mineMs)} / ${Math.round(parallel.mineMs)} ms${parallel.rounds === undefined ? "" : `, medians of ${parallel.rounds}`}, ${parallel.ran ?? "?"})`,
      met: ratio >= 0.9,
    });
  }
  return targets;
}

/**
 * The figures the devnet aims at over HTTP: automine 1.3x `hardhat node`; one block (warm) at
 * least 2,000 tx/s and ahead of `hardhat node`; the rest ahead of `hardhat node`.
 */
const AUTOMINE_FACTOR = 1.3;
const ONE_BLOCK_FLOOR = 2_000;

function peerTargets(runs: HttpRun[]): Report["targets"] {
  return runs
    .filter((run) => run.client.startsWith("pevm-devnet"))
    .map((run) => {
      const live = runs.find((peer) => peer.client === "hardhat node" && peer.mode === run.mode);
      const hardhat = live?.txPerSecond ?? REFERENCE_TX_PER_SECOND[run.mode].hardhat;
      const source = `hardhat node, ${live === undefined ? "DESIGN.md" : "live"}`;
      const tps = (n: number) => `${Math.round(n).toLocaleString("en-US")} tx/s`;
      const [reference, target] =
        run.mode === "automine"
          ? [hardhat * AUTOMINE_FACTOR, `≥ ${AUTOMINE_FACTOR}x ${tps(hardhat)} (${source})`]
          : run.mode === "one block"
            ? [
                Math.max(ONE_BLOCK_FLOOR, hardhat),
                `≥ ${tps(ONE_BLOCK_FLOOR)} and ≥ ${tps(hardhat)} (${source})`,
              ]
            : [hardhat, `≥ ${tps(hardhat)} (${source})`];
      return {
        check: `B: ${run.client}, ${run.mode}`,
        target,
        measured: tps(run.txPerSecond),
        met: run.txPerSecond >= reference,
      };
    });
}

function printEndToEnd(runs: HttpRun[]): void {
  const count = runs[0]?.transactions ?? 0;
  printTable(
    `B. End to end over HTTP: ${count.toLocaleString("en-US")} pre-signed ERC-20 transfers, eth_sendRawTransaction awaited one by one`,
    [
      { header: "client" },
      { header: "mode" },
      { header: "txs" },
      { header: "send ms" },
      { header: "mine ms" },
      { header: "total ms" },
      { header: "tx/s" },
      { header: "ran as" },
      { header: "anvil (DESIGN.md) tx/s", align: "right" },
      { header: "hardhat node (DESIGN.md) tx/s", align: "right" },
    ],
    runs.map((run) => {
      const reference = REFERENCE_TX_PER_SECOND[run.mode];
      return [
        run.client,
        run.mode,
        run.transactions,
        run.sendMs,
        run.mineMs,
        run.totalMs,
        run.txPerSecond,
        run.ran ?? "",
        reference.anvil.toLocaleString("en-US"),
        reference.hardhat.toLocaleString("en-US"),
      ];
    }),
  );
}

function printPauses(runs: PausesRun[]): void {
  const first = runs[0];
  if (first === undefined) return;
  printTable(
    `B. Blocks with pauses: ${first.blocks} blocks of ${first.transfersPerBlock.toLocaleString("en-US")} ERC-20 transfers over HTTP, evm_mine each, ${first.pauseMs} ms idle between`,
    [
      { header: "client" },
      { header: "mine ms", align: "right" },
      { header: "on the engine", align: "right" },
      { header: "speedups the devnet reported" },
    ],
    runs.map((run) => [
      run.client,
      run.mineMs,
      `${run.onEngine} of ${run.blocks}`,
      run.speedups.map((s) => `${s.toFixed(2)}x`).join(" "),
    ]),
  );
  console.log(
    [
      "  mine ms: the blocks' evm_mine requests together, median of the rounds. The default devnet mines each",
      "  block sequentially until it has measured the engine on blocks of that size: while idle it runs the",
      "  block it just mined again on the other executor (a rehearsal), and takes whichever ran faster.",
      "",
    ].join("\n"),
  );
}

function printPayout(runs: PayoutRun[]): void {
  const first = runs[0];
  if (first === undefined) return;
  printTable(
    `B. A payout: one dev account pays ${first.transfers.toLocaleString("en-US")} fresh accounts, raw ETH transfers over HTTP, one evm_mine`,
    [{ header: "client" }, { header: "mine ms", align: "right" }, { header: "rounds", align: "right" }],
    runs.map((run) => [run.client, run.mineMs, run.rounds]),
  );
  console.log(
    [
      "  mine ms: the evm_mine request, median of the rounds, each on a fresh devnet. The default devnet runs",
      "  such a block in order with its plain transfers applied to the state directly, as runTx would;",
      "  --sequential runs every transaction through the EVM.",
      "",
    ].join("\n"),
  );
}

/** ", share 97%": how much of the machine's ceiling the engine got, round by round. */
function shareText(share: number | undefined): string {
  return share === undefined ? "" : `, share ${Math.round(share * 100)}%`;
}

function roundsText(sizes: Sizes): string {
  return sizes.repeats === sizes.targetRepeats
    ? `${sizes.repeats}`
    : `${sizes.repeats} (${sizes.targetRepeats} for a scenario with a target)`;
}

function printParallel(rows: ParallelRow[], sizes: Sizes): void {
  const showShape = new Set<string>();
  const cells: Cell[][] = rows.map((row) => {
    const first = !showShape.has(row.scenario);
    showShape.add(row.scenario);
    return [
      first ? row.scenario : "",
      first ? row.gasPerTx : "",
      first ? row.sequentialMs : "",
      first ? row.sequentialCpuMs : "",
      row.threads,
      row.parallelMs,
      row.parallelCpuMs,
      row.coordinatorCpuMs,
      `${row.speedup.toFixed(2)}x`,
      Number.isNaN(row.speedupQuartiles[0])
        ? ""
        : `${row.speedupQuartiles[0].toFixed(2)}-${row.speedupQuartiles[1].toFixed(2)}x`,
      row.machineCeiling === undefined ? "" : `${row.machineCeiling.toFixed(2)}x`,
      row.reExecutions,
      row.ran,
      row.sameRoot ? "✓" : "✗",
      first ? row.load.loadAverage1m.toFixed(1) : "",
    ];
  });
  printTable(
    `C. Parallel vs sequential: blocks of ${sizes.parallelBlock.toLocaleString("en-US")} transactions (median of ${roundsText(sizes)} alternating rounds; parallel after ${WARM_UP_RUNS} warm-up runs)`,
    [
      { header: "scenario" },
      { header: "gas/tx", align: "right" },
      { header: "seq ms", align: "right", decimals: 0 },
      { header: "seq cpu ms", align: "right" },
      { header: "threads", align: "right" },
      { header: "par ms", align: "right" },
      { header: "par cpu ms", align: "right" },
      { header: "coord cpu ms", align: "right" },
      { header: "speedup", align: "right" },
      { header: "middle half", align: "right" },
      { header: "ceiling", align: "right" },
      { header: "re-exec", align: "right" },
      { header: "ran" },
      { header: "root" },
      { header: "load", align: "right" },
    ],
    cells,
  );
  const shapes = [...new Map(rows.map((r) => [r.scenario, r.shape])).entries()];
  console.log(`${shapes.map(([name, shape]) => `  ${name}: ${shape}`).join("\n")}`);
  console.log(
    "  speedup: the median of each round's sequential ms / parallel ms (runs a moment apart); middle half:\n" +
      "  the rounds' ratios from the lower to the upper quartile, how far the machine moved them.\n" +
      "  cpu ms: CPU time of the whole process in the median run (par: coordinator + workers); coord cpu ms: the\n" +
      "  main thread's share; load: 1-min load average when the scenario started. Where par cpu ms ≈ par ms, the\n" +
      "  process got about one core in all: other processes held the rest. ceiling: the machine's own limit on\n" +
      "  that many threads for this block's work, no engine: each thread runs its own copy of the block\n" +
      "  sequentially, all at once, against one alone (throughput ratio; a round of it after each round's\n" +
      "  parallel runs, the median of the rounds; a target's share: the median of the rounds' speedup / ceiling,\n" +
      "  how much of what the machine allowed the engine got). ran: how the engine ran the\n" +
      '  block; "N direct": plain transfers applied to the state without the EVM (as runTx would), which is\n' +
      "  how a block of plain transfers beats sequential execution.\n",
  );
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  if (error.message !== "") console.error(error.message);
  console.error(USAGE);
  process.exit(error.message === "" ? 0 : 2);
}
const started = performance.now();
const report = await main(options);
note(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (options.json) {
  console.log(
    JSON.stringify(report, (_, value) => (typeof value === "bigint" ? value.toString() : value), 2),
  );
}
