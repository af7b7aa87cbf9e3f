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
  return simulate(graph.weights, checkedDependencies(graph), threads);
}

/** Dependencies deduplicated, after checking each points to an earlier transaction. */
function checkedDependencies(graph: DependencyGraph): TxIndex[][] {
  const { weights, dependencies } = graph;
  if (dependencies.length !== weights.length) {
    throw new RangeError(`${weights.length} weights but ${dependencies.length} dependency lists`);
  }
  return weights.map((weight, tx) => {
    if (!Number.isFinite(weight) || weight < 0)
      throw new RangeError(`transaction ${tx} has weight ${weight}`);
    const unique = new Set<TxIndex>();
    for (const dep of dependencies[tx] ?? []) {
      if (!Number.isInteger(dep) || dep < 0 || dep >= tx) {
        throw new RangeError(`transaction ${tx} depends on ${dep}, which is not an earlier transaction`);
      }
      unique.add(dep);
    }
    return [...unique];
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
  const best: number[] = [];
  let current = Number.POSITIVE_INFINITY;
  for (let p = 1; p <= maxThreads; p++) {
    if (current > criticalWeight) current = Math.min(current, simulate(weights, deps, p));
    best[p] = current;
  }
  return best;
}

/** Event-driven list scheduling; returns the time the last transaction finishes. */
function simulate(weights: readonly number[], deps: readonly TxIndex[][], threads: number): number {
  const n = weights.length;
  const waitingOn = deps.map((list) => list.length);
  const dependents: TxIndex[][] = weights.map(() => []);
  deps.forEach((list, tx) => {
    for (const dep of list) dependents[dep]?.push(tx);
  });
  const ready = new MinHeap<TxIndex>((a, b) => a - b);
  for (let tx = 0; tx < n; tx++) if (waitingOn[tx] === 0) ready.push(tx);
  // Running transactions by finish time, then index (so that ties release deterministically).
  const running = new MinHeap<[number, TxIndex]>((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let finished = 0;
  while (finished < n) {
    while (running.size < threads && ready.size > 0) {
      const tx = ready.pop() as TxIndex;
      running.push([now + (weights[tx] as number), tx]);
    }
    const first = running.pop();
    if (first === undefined) throw new Error("dependency graph has a cycle"); // unreachable: deps point back
    now = first[0];
    const done = [first[1]];
    while (running.size > 0 && (running.peek() as [number, TxIndex])[0] === now)
      done.push((running.pop() as [number, TxIndex])[1]);
    for (const tx of done) {
      finished++;
      for (const next of dependents[tx] as TxIndex[]) {
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

/** A binary heap; `compare` < 0 puts its first argument nearer the top. */
class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const { items } = this;
    items.push(item);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.compare(items[at] as T, items[parent] as T) >= 0) break;
      [items[at], items[parent]] = [items[parent] as T, items[at] as T];
      at = parent;
    }
  }

  pop(): T | undefined {
    const { items } = this;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let at = 0;
    for (;;) {
      const left = at * 2 + 1;
      const right = left + 1;
      let smallest = at;
      if (left < items.length && this.compare(items[left] as T, items[smallest] as T) < 0) smallest = left;
      if (right < items.length && this.compare(items[right] as T, items[smallest] as T) < 0) smallest = right;
      if (smallest === at) return top;
      [items[at], items[smallest]] = [items[smallest] as T, items[at] as T];
      at = smallest;
    }
  }
}
