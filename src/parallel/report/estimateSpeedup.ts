/**
 * Speedup estimates from a dependency graph: transaction i has a weight (gas or time) and runs
 * after its dependencies, which are earlier transactions. Pure: no execution, no state.
 *
 * - Critical path: the heaviest chain of dependencies. No schedule, on any number of threads,
 *   finishes before it, so total weight / critical path bounds every speedup ("unbounded").
 * - P threads: list scheduling in block order. Whenever a thread is free, it starts the
 *   lowest-index transaction whose dependencies have all finished. The makespan is at least
 *   total / P (so the speedup is at most P) and at least the critical path.
 * - List scheduling can get slower with more threads (Graham's anomalies). A scheduler with P
 *   threads may leave some idle, so the estimate for P is the best makespan over 1..P threads:
 *   estimates never fall as P grows. On one thread the schedule has no idle time: estimate 1.
 *
 * @example
 * // Three independent transfers, then one that depends on the first.
 * estimateSpeedup({ weights: [21000, 21000, 21000, 21000], dependencies: [[], [], [], [0]] });
 * // → criticalPath { weight: 42000, transactions: [0, 3] }, speedup[2] = 2, unbounded = 2
 */
import type { TxIndex } from "../types.js";
import { ESTIMATED_THREADS, type EstimatedSpeedup } from "./BlockReport.js";

/** Weights and dependencies of a block's (or a test suite's) transactions, in order. */
export interface DependencyGraph {
  /** Non-negative weight of each transaction: gas, or milliseconds. */
  weights: readonly number[];
  /** The earlier transactions each transaction must wait for (indices below its own). */
  dependencies: readonly (readonly TxIndex[])[];
}

export interface CriticalPath {
  weight: number;
  /** The chain, first transaction first. Empty only for an empty graph. */
  transactions: TxIndex[];
}

export interface SpeedupEstimate {
  totalWeight: number;
  criticalPath: CriticalPath;
  /** Best makespan on at most P threads, for P = 1, 2, 4, 8, 16. */
  makespan: { 1: number } & Omit<EstimatedSpeedup, "unbounded">;
  speedup: EstimatedSpeedup;
}

/** Critical path, makespans and speedups on 2, 4, 8, 16 threads and unbounded. */
export function estimateSpeedup(graph: DependencyGraph): SpeedupEstimate {
  const deps = checkedDependencies(graph);
  const { weights } = graph;
  const totalWeight = sum(weights);
  const path = longestChain(weights, deps);
  const best = bestMakespans(weights, deps, 16, path.weight);
  const makespanOn = (threads: number) => best[threads] ?? path.weight;
  const speedupOn = (threads: number) => boundedSpeedup(totalWeight, makespanOn(threads), threads);
  const speedup: EstimatedSpeedup = {
    2: speedupOn(2),
    4: speedupOn(4),
    8: speedupOn(8),
    16: speedupOn(16),
    unbounded: 1,
  };
  // Mathematically critical path ≤ every makespan; max() keeps it so under rounding too.
  speedup.unbounded = Math.max(ratio(totalWeight, path.weight), ...ESTIMATED_THREADS.map((p) => speedup[p]));
  return {
    totalWeight,
    criticalPath: path,
    makespan: { 1: makespanOn(1), 2: makespanOn(2), 4: makespanOn(4), 8: makespanOn(8), 16: makespanOn(16) },
    speedup,
  };
}

/** The estimated speedup on `threads` threads: total weight / best makespan on at most that many. */
export function speedupOn(graph: DependencyGraph, threads: number): number {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const deps = checkedDependencies(graph);
  const path = longestChain(graph.weights, deps);
  const best = bestMakespans(graph.weights, deps, threads, path.weight);
  return boundedSpeedup(sum(graph.weights), best[threads] ?? path.weight, threads);
}

/** The heaviest chain of dependencies. */
export function criticalPath(graph: DependencyGraph): CriticalPath {
  return longestChain(graph.weights, checkedDependencies(graph));
}

/**
 * Makespan of list scheduling on exactly `threads` threads, in block order: a free thread starts
 * the lowest-index transaction whose dependencies have finished. (Not monotone in `threads`; the
 * estimates use the best over 1..P.)
 */
export function listScheduleMakespan(graph: DependencyGraph, threads: number): number {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  return simulate(flatGraph(graph.weights, checkedDependencies(graph)), threads);
}

/** Dependencies deduplicated, after checking each points to an earlier transaction. */
function checkedDependencies(graph: DependencyGraph): TxIndex[][] {
  const { weights, dependencies } = graph;
  if (dependencies.length !== weights.length) {
    throw new RangeError(`${weights.length} weights but ${dependencies.length} dependency lists`);
  }
  // lastSeenBy[dep] === tx + 1: tx listed dep already (one array for the whole graph, not a Set
  // per transaction: reports check thousands of lists, mostly empty or of one or two).
  const lastSeenBy = new Int32Array(weights.length);
  return weights.map((weight, tx) => {
    if (!Number.isFinite(weight) || weight < 0)
      throw new RangeError(`transaction ${tx} has weight ${weight}`);
    const unique: TxIndex[] = [];
    for (const dep of dependencies[tx] ?? []) {
      if (!Number.isInteger(dep) || dep < 0 || dep >= tx) {
        throw new RangeError(`transaction ${tx} depends on ${dep}, which is not an earlier transaction`);
      }
      if (lastSeenBy[dep] === tx + 1) continue;
      lastSeenBy[dep] = tx + 1;
      unique.push(dep);
    }
    return unique;
  });
}

function longestChain(weights: readonly number[], deps: readonly TxIndex[][]): CriticalPath {
  const n = weights.length;
  if (n === 0) return { weight: 0, transactions: [] };
  const finish = new Array<number>(n);
  const previous = new Array<TxIndex>(n).fill(-1);
  let last = 0;
  for (let tx = 0; tx < n; tx++) {
    let start = 0;
    for (const dep of deps[tx] as TxIndex[]) {
      const end = finish[dep] as number;
      if (previous[tx] === -1 || end > start) {
        start = end;
        previous[tx] = dep;
      }
    }
    finish[tx] = start + (weights[tx] as number);
    if ((finish[tx] as number) > (finish[last] as number)) last = tx;
  }
  const transactions: TxIndex[] = [];
  for (let tx = last; tx !== -1; tx = previous[tx] as TxIndex) transactions.push(tx);
  return { weight: finish[last] as number, transactions: transactions.reverse() };
}

/**
 * best[p] = the smallest list-scheduling makespan on 1..p threads, for p = 1..maxThreads. Stops
 * simulating once a makespan equals the critical path: no schedule does better.
 */
function bestMakespans(
  weights: readonly number[],
  deps: readonly TxIndex[][],
  maxThreads: number,
  criticalWeight: number,
): number[] {
  const graph = flatGraph(weights, deps);
  const best: number[] = [];
  let current = Number.POSITIVE_INFINITY;
  for (let p = 1; p <= maxThreads; p++) {
    if (current > criticalWeight) current = Math.min(current, simulate(graph, p));
    best[p] = current;
  }
  return best;
}

/**
 * A graph in flat arrays, built once for every thread count simulated: a report builds it for
 * up to sixteen of them, twice, once per process (so mostly in V8's interpreter, where each
 * array and closure allocated per step costs).
 */
interface FlatGraph {
  weights: Float64Array;
  /** How many dependencies each transaction waits for. */
  waitingOn: Int32Array;
  /** The transactions waiting for transaction t: dependents[start[t] .. start[t + 1]). */
  start: Int32Array;
  dependents: Int32Array;
}

function flatGraph(weights: readonly number[], deps: readonly TxIndex[][]): FlatGraph {
  const n = weights.length;
  const waitingOn = new Int32Array(n);
  const start = new Int32Array(n + 1);
  deps.forEach((list, tx) => {
    waitingOn[tx] = list.length;
    for (const dep of list) start[dep + 1] = (start[dep + 1] as number) + 1;
  });
  for (let tx = 0; tx < n; tx++) start[tx + 1] = (start[tx + 1] as number) + (start[tx] as number);
  const dependents = new Int32Array(start[n] as number);
  const filled = start.slice(0, n);
  deps.forEach((list, tx) => {
    for (const dep of list) {
      dependents[filled[dep] as number] = tx;
      filled[dep] = (filled[dep] as number) + 1;
    }
  });
  return { weights: Float64Array.from(weights), waitingOn, start, dependents };
}

/**
 * Event-driven list scheduling; returns the time the last transaction finishes. The ready
 * transactions are a min-heap of indices; the running ones a min-heap by finish time, then index
 * (so that ties release deterministically).
 */
function simulate(graph: FlatGraph, threads: number): number {
  const { weights, start, dependents } = graph;
  const n = weights.length;
  const waitingOn = graph.waitingOn.slice();
  const ready = new IndexHeap(n);
  for (let tx = 0; tx < n; tx++) if (waitingOn[tx] === 0) ready.push(tx);
  const running = new FinishHeap(Math.min(threads, n));
  let now = 0;
  let finished = 0;
  while (finished < n) {
    while (running.size < threads && ready.size > 0) {
      const tx = ready.pop();
      running.push(now + (weights[tx] as number), tx);
    }
    if (running.size === 0) throw new Error("dependency graph has a cycle"); // unreachable: deps point back
    now = running.topFinish();
    // Every transaction finishing now, before any that they release starts.
    while (running.size > 0 && running.topFinish() === now) {
      const tx = running.pop();
      finished++;
      for (let k = start[tx] as number; k < (start[tx + 1] as number); k++) {
        const next = dependents[k] as number;
        waitingOn[next] = (waitingOn[next] as number) - 1;
        if (waitingOn[next] === 0) ready.push(next);
      }
    }
  }
  return now;
}

/** total / makespan, kept within [1, threads] (floating-point sums in another order may stray). */
function boundedSpeedup(total: number, makespan: number, threads: number): number {
  return Math.min(threads, Math.max(1, ratio(total, makespan)));
}

function ratio(total: number, part: number): number {
  return part > 0 ? Math.max(1, total / part) : 1;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** A binary min-heap of transaction indices. */
class IndexHeap {
  private readonly items: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  push(tx: number): void {
    const { items } = this;
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((items[parent] as number) <= tx) break;
      items[at] = items[parent] as number;
      at = parent;
    }
    items[at] = tx;
  }

  pop(): number {
    const { items } = this;
    const top = items[0] as number;
    const last = items[--this.size] as number;
    let at = 0;
    for (;;) {
      let child = at * 2 + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && (items[child + 1] as number) < (items[child] as number)) child++;
      if ((items[child] as number) >= last) break;
      items[at] = items[child] as number;
      at = child;
    }
    items[at] = last;
    return top;
  }
}

/** A binary min-heap of running transactions by finish time, then index. */
class FinishHeap {
  private readonly finish: Float64Array;
  private readonly txs: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.finish = new Float64Array(Math.max(1, capacity));
    this.txs = new Int32Array(Math.max(1, capacity));
  }

  topFinish(): number {
    return this.finish[0] as number;
  }

  push(finish: number, tx: number): void {
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!precedes(finish, tx, this.finish[parent] as number, this.txs[parent] as number)) break;
      this.finish[at] = this.finish[parent] as number;
      this.txs[at] = this.txs[parent] as number;
      at = parent;
    }
    this.finish[at] = finish;
    this.txs[at] = tx;
  }

  /** Removes the top and returns its transaction. */
  pop(): number {
    const top = this.txs[0] as number;
    const size = --this.size;
    const finish = this.finish[size] as number;
    const tx = this.txs[size] as number;
    let at = 0;
    for (;;) {
      let child = at * 2 + 1;
      if (child >= size) break;
      const right = child + 1;
      if (
        right < size &&
        precedes(
          this.finish[right] as number,
          this.txs[right] as number,
          this.finish[child] as number,
          this.txs[child] as number,
        )
      )
        child = right;
      if (!precedes(this.finish[child] as number, this.txs[child] as number, finish, tx)) break;
      this.finish[at] = this.finish[child] as number;
      this.txs[at] = this.txs[child] as number;
      at = child;
    }
    this.finish[at] = finish;
    this.txs[at] = tx;
    return top;
  }
}

/** Whether a transaction finishing at `finish` comes off the heap before one finishing at `other`. */
function precedes(finish: number, tx: number, other: number, otherTx: number): boolean {
  return finish < other || (finish === other && tx < otherTx);
}
