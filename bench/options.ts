/**
 * Command-line options of `node bench/run.ts` and the sizes each mode runs at.
 *
 *   --quick          smaller blocks and fewer transactions (a smoke run, well under a minute)
 *   --only A,C       run only these sections (A: sequential throughput, B: end-to-end over HTTP,
 *                    C: parallel vs sequential blocks, D: mining on a fork of a 20 ms remote,
 *                    R: real mainnet blocks of 100+ transactions, warm, as `replay` times them)
 *   --threads 2,4    worker threads for the parallel executor (default 2)
 *   --json           print one JSON object on stdout instead of tables (progress stays on stderr)
 *   --bench-peers    also measure a live anvil and a live `hardhat node` in section B
 *   --scenario NAME  section C: only the scenarios whose name contains NAME (for profiling)
 *   --cpu-profile DIR  section C: write CPU profiles of the main thread during the timed runs of
 *                    each scenario to DIR: the sequential executor's, and the coordinator's during
 *                    the parallel runs (summarize one with `node bench/profileSummary.ts FILE`)
 */

export type Section = "A" | "B" | "C" | "D" | "R";

export interface Sizes {
  /** Funded accounts holding the benchmark token (also the distinct senders of section C). */
  holders: number;
  /** ERC-20 transfers in the block timed with executeBlockSequential (section A). */
  sequentialBlock: number;
  /** Raw transfers sent through the in-process devnet in automine (section A). */
  devnetTransfers: number;
  /** Raw transfers sent over HTTP per mode (section B). */
  httpTransfers: number;
  /** Section B's blocks with pauses: blocks, transfers per block, the pause, rounds. */
  pauses: { blocks: number; transfersPerBlock: number; pauseMs: number; rounds: number };
  /** Section B's payout: ETH transfers from one account in one block, rounds. */
  payout: { transfers: number; rounds: number };
  /** Transactions per block in section C. */
  parallelBlock: number;
  /** AMM pools in section C. */
  pools: number;
  /** Timed runs per measurement; the median is reported. */
  repeats: number;
  /**
   * Section C's rounds for the scenarios with a speedup target: their figure is judged, and on a
   * machine whose speed drifts from one block to the next (the same sequential block taking
   * 530-1,030 ms within minutes) a median of five round ratios moved by ±0.3x between runs.
   * Eleven still gave 1.37-1.82x for the same ERC-20 code in ten runs: the host switches between
   * a fast and a slow phase every one to three seconds (a sequential hot-counter block alone,
   * 25 times in a row: 214-261 ms, then 375-415 ms, and back), so a round whose two runs straddle
   * a switch is off by up to 1.8x either way.
   */
  targetRepeats: number;
  /** Section D: transfers from distinct remote holders in the forked block. */
  forkHolders: number;
  /** Section R: untimed and timed rounds over the real blocks. */
  realWarmup: number;
  realRounds: number;
}

export interface BenchOptions {
  quick: boolean;
  sections: ReadonlySet<Section>;
  threads: readonly number[];
  json: boolean;
  /** Section B: also measure a live anvil and `hardhat node` with the same client. */
  benchPeers: boolean;
  /** Section C: only scenarios whose name contains this (case-insensitive). */
  scenario: string | undefined;
  /** Section C: where to write coordinator CPU profiles of the timed parallel runs. */
  cpuProfileDir: string | undefined;
  sizes: Sizes;
}

export const FULL_SIZES: Sizes = {
  holders: 2_000,
  sequentialBlock: 2_000,
  devnetTransfers: 1_000,
  httpTransfers: 1_000,
  pauses: { blocks: 10, transfersPerBlock: 1_000, pauseMs: 1_500, rounds: 2 },
  payout: { transfers: 1_000, rounds: 5 },
  parallelBlock: 2_000,
  pools: 20,
  repeats: 5,
  targetRepeats: 21,
  forkHolders: 200,
  realWarmup: 2,
  realRounds: 5,
};

export const QUICK_SIZES: Sizes = {
  holders: 500,
  sequentialBlock: 500,
  devnetTransfers: 200,
  httpTransfers: 200,
  pauses: { blocks: 3, transfersPerBlock: 200, pauseMs: 500, rounds: 1 },
  payout: { transfers: 200, rounds: 1 },
  parallelBlock: 500,
  pools: 20,
  repeats: 1,
  targetRepeats: 1,
  forkHolders: 50,
  realWarmup: 1,
  realRounds: 1,
};

export const USAGE = `usage: node bench/run.ts [--quick] [--only A|B|C|D|R[,..]] [--threads N[,M..]] [--json] [--bench-peers]
                         [--scenario NAME] [--cpu-profile DIR]
  A  sequential ERC-20 throughput in-process (executeBlockSequential; devnet automine)
  B  end-to-end over HTTP JSON-RPC (automine; one block)
  C  parallel vs sequential on blocks of independent, contended and mixed transactions
  D  a forked block of transfers from remote holders over a 20 ms remote, parallel vs --sequential
  R  real mainnet blocks of 100+ transactions (test/fixtures/mainnet-blocks), warm, parallel vs sequential`;

export class BenchUsageError extends Error {}

export function parseOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let json = false;
  let benchPeers = false;
  let scenario: string | undefined;
  let cpuProfileDir: string | undefined;
  let sections: Set<Section> = new Set(["A", "B", "C", "D", "R"]);
  let threads: number[] = [2];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? (arg.split("=", 2) as [string, string]) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith("--")) throw new BenchUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--quick":
        quick = true;
        break;
      case "--json":
        json = true;
        break;
      case "--bench-peers":
        benchPeers = true;
        break;
      case "--only":
        sections = new Set(
          value()
            .toUpperCase()
            .split(",")
            .map((s) => {
              const section = s.trim();
              if (!["A", "B", "C", "D", "R"].includes(section)) {
                throw new BenchUsageError(`--only takes A, B, C, D or R (got "${s}")`);
              }
              return section as Section;
            }),
        );
        break;
      case "--threads":
        threads = value()
          .split(",")
          .map((s) => {
            const n = Number(s);
            if (!Number.isInteger(n) || n < 1 || n > 256) {
              throw new BenchUsageError(`--threads takes positive integers (got "${s}")`);
            }
            return n;
          });
        break;
      case "--scenario":
        scenario = value();
        break;
      case "--cpu-profile":
        cpuProfileDir = value();
        break;
      case "--help":
      case "-h":
        throw new BenchUsageError("");
      default:
        throw new BenchUsageError(`unknown option ${arg}`);
    }
  }
  return {
    quick,
    sections,
    threads,
    json,
    benchPeers,
    scenario,
    cpuProfileDir,
    sizes: quick ? QUICK_SIZES : FULL_SIZES,
  };
}

/**
 * Untimed runs of a block before its timed ones (section C and its machine ceiling). Workers
 * reach their steady speed only after a few blocks: with one warm-up, the first two timed runs
 * of 2,000 ERC-20 transfers took ~40% longer than the next three. V8 is still optimising the
 * workers' code after three (`--trace-opt`, 2,000 ERC-20 transfers on 2 threads, per block from
 * the first: 201, 64, 31, 44, then 6 or fewer functions compiled, 0.96, 0.40, 0.33, 0.43, then
 * under 0.05 s of compiler CPU, on the threads the block runs on when there are only two cores).
 */
export const WARM_UP_RUNS = 6;
