/**
 * What the devnet has learnt from its own blocks: how fast it executes gas sequentially and on
 * the parallel engine, per class of block size. The executor choice asks it which executor a
 * block worth considering for parallel execution should take, and tells it how each one ran.
 *
 * The aim is that the devnet never mines slower than it would sequentially, beyond a probe now
 * and then:
 * - a size class with no sequential measurement runs sequentially: that is the safe choice, and
 *   the rate every parallel block of its class is compared with; unless a smaller class already
 *   runs faster on the engine (a larger block has more work for each step of coordination), when
 *   its first block tries the engine and its second measures the sequential rate;
 * - then, after FIRST_PROBE_AFTER sequential blocks, the engine is tried (a rehearsal may have
 *   measured it by then); its speedup is the sequential rate × the block's gas / its time;
 * - from then on the faster side runs; the other is probed again after `gap` blocks of the
 *   class, a gap that doubles each time the probe loses (workers warm up, contracts change) and
 *   falls back to one when it wins.
 * The side that runs keeps a moving average, so one slow block (a collection, the host's noise)
 * moves it a little and a trend all the way; a probe's figure replaces the old one. A probe may
 * also be a rehearsal: a block already mined sequentially, run again on the engine while the
 * devnet is idle (see BlockExecutorChoice), which costs its blocks nothing.
 */

export type Executor = "sequential" | "parallel";

/** How much a new measurement weighs against the average so far. */
const WEIGHT = 0.4;
/** The longest a losing side waits for its next probe, in blocks of its class. */
export const MAX_PROBE_GAP = 32;
/**
 * Sequential blocks of a class before its first probe of the engine: time for a rehearsal to
 * measure the engine first (the first block of a class is seldom rehearsable: the workers warm
 * up after it, and take the chain's state with it).
 */
export const FIRST_PROBE_AFTER = 2;
/** Blocks of 2^k to 2^(k+1) - 1 transactions share a class, up to this k. */
const LARGEST_CLASS = 10;

interface ClassRecord {
  /** Milliseconds per million gas, moving averages; undefined until measured. */
  sequential: number | undefined;
  parallel: number | undefined;
  /** Blocks of this class since the side not chosen last ran. */
  sinceProbe: number;
  gap: number;
}

export class ExecutionHistory {
  private readonly classes = new Map<number, ClassRecord>();

  /** The executor a block of `transactions` transactions should take. */
  choose(transactions: number): Executor {
    const key = classOf(transactions);
    const record = this.recordOf(transactions);
    if (record.sequential === undefined) {
      return record.parallel === undefined && this.smallerClassRunsParallel(key) ? "parallel" : "sequential";
    }
    if (record.parallel === undefined)
      return record.sinceProbe >= FIRST_PROBE_AFTER ? "parallel" : "sequential";
    const winner: Executor = record.parallel < record.sequential ? "parallel" : "sequential";
    if (record.sinceProbe >= record.gap) return winner === "parallel" ? "sequential" : "parallel";
    return winner;
  }

  /** A block of `transactions` transactions and `gas` gas ran on `executor` in `ms`. */
  record(transactions: number, executor: Executor, gas: bigint, ms: number): void {
    if (gas <= 0n || !(ms > 0)) return;
    const record = this.recordOf(transactions);
    const rate = ms / (Number(gas) / 1e6);
    const other = executor === "parallel" ? record.sequential : record.parallel;
    const winnerBefore = this.winnerOf(record);
    const before = record[executor];
    // The side that runs keeps an average; a probe's old figure is stale (workers warmed up since,
    // the contracts changed), so the probe replaces it.
    record[executor] =
      before === undefined || winnerBefore !== executor ? rate : before * (1 - WEIGHT) + rate * WEIGHT;
    if (other === undefined) {
      record.sinceProbe++;
      return;
    }
    if (winnerBefore === executor) {
      record.sinceProbe++;
      return;
    }
    // The first comparison, or a probe of the side that was losing: did it win this time?
    record.sinceProbe = 0;
    record.gap = this.winnerOf(record) === executor ? 1 : Math.min(record.gap * 2, MAX_PROBE_GAP);
  }

  /**
   * Which executor to measure again, while the devnet is idle, on a block of `transactions`
   * transactions that just ran on `ran` (a rehearsal: see BlockExecutorChoice), if either: the
   * other one, where the class has no measure of it, where it is the faster one (the block ran
   * on `ran` only while the engine warmed up), or where its probe is due with the next block; a
   * rehearsal taken first spares that block the probe.
   */
  rehearsalDue(transactions: number, ran: Executor): Executor | undefined {
    const record = this.recordOf(transactions);
    const other: Executor = ran === "parallel" ? "sequential" : "parallel";
    if (record[other] === undefined) return other;
    const winner = this.winnerOf(record);
    return winner === other || record.sinceProbe + 1 >= record.gap ? other : undefined;
  }

  /**
   * The speedup of a parallel block over what the sequential executor would have taken, from
   * the class's sequential rate; undefined until the class has one.
   */
  speedupOf(transactions: number, gas: bigint, parallelMs: number): number | undefined {
    const sequential = this.recordOf(transactions).sequential;
    if (sequential === undefined || !(parallelMs > 0)) return undefined;
    return (sequential * (Number(gas) / 1e6)) / parallelMs;
  }

  private smallerClassRunsParallel(key: number): boolean {
    for (let smaller = key - 1; smaller >= 0; smaller--) {
      const record = this.classes.get(smaller);
      if (record === undefined) continue;
      const winner = this.winnerOf(record);
      if (winner !== undefined) return winner === "parallel";
    }
    return false;
  }

  private winnerOf(record: ClassRecord): Executor | undefined {
    if (record.sequential === undefined || record.parallel === undefined) return undefined;
    return record.parallel < record.sequential ? "parallel" : "sequential";
  }

  private recordOf(transactions: number): ClassRecord {
    const key = classOf(transactions);
    let record = this.classes.get(key);
    if (record === undefined) {
      record = { sequential: undefined, parallel: undefined, sinceProbe: 0, gap: 1 };
      this.classes.set(key, record);
    }
    return record;
  }
}

function classOf(transactions: number): number {
  return Math.min(LARGEST_CLASS, Math.floor(Math.log2(Math.max(1, transactions))));
}
