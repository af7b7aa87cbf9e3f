import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  criticalPath,
  type DependencyGraph,
  estimateSpeedup,
  listScheduleMakespan,
  speedupOn,
} from "../../../src/parallel/report/estimateSpeedup.js";

const THREADS = [2, 4, 8, 16] as const;

/** n transactions of weight 1 with no dependencies. */
const independent = (n: number): DependencyGraph => ({
  weights: new Array<number>(n).fill(1),
  dependencies: Array.from({ length: n }, () => []),
});

describe("estimateSpeedup on graphs with known answers", () => {
  it("gives 1 everywhere for an empty block", () => {
    const estimate = estimateSpeedup({ weights: [], dependencies: [] });
    expect(estimate.totalWeight).toBe(0);
    expect(estimate.criticalPath).toEqual({ weight: 0, transactions: [] });
    expect(estimate.speedup).toEqual({ 2: 1, 4: 1, 8: 1, 16: 1, unbounded: 1 });
  });

  it("gives 1 for every thread count on a chain", () => {
    const chain: DependencyGraph = {
      weights: [21_000, 43_000, 26_000, 26_000, 26_000],
      dependencies: [[], [0], [1], [2], [3]],
    };
    const estimate = estimateSpeedup(chain);
    expect(estimate.criticalPath).toEqual({ weight: 142_000, transactions: [0, 1, 2, 3, 4] });
    expect(estimate.speedup).toEqual({ 2: 1, 4: 1, 8: 1, 16: 1, unbounded: 1 });
    for (const p of THREADS) expect(listScheduleMakespan(chain, p)).toBe(142_000);
  });

  it("waits for the centre of a star, then spreads its leaves", () => {
    // Transaction 0, then 8 transactions that each depend on it only.
    const star: DependencyGraph = {
      weights: new Array<number>(9).fill(1),
      dependencies: [[], ...Array.from({ length: 8 }, () => [0])],
    };
    const estimate = estimateSpeedup(star);
    expect(estimate.criticalPath).toEqual({ weight: 2, transactions: [0, 1] });
    expect(estimate.makespan).toEqual({ 1: 9, 2: 5, 4: 3, 8: 2, 16: 2 });
    expect(estimate.speedup).toEqual({ 2: 9 / 5, 4: 3, 8: 4.5, 16: 4.5, unbounded: 4.5 });
  });

  it("gives min(P, n) for independent transactions of equal weight (n a multiple of P, or n ≤ P)", () => {
    for (const n of [1, 2, 16, 32]) {
      const estimate = estimateSpeedup(independent(n));
      for (const p of THREADS) expect(estimate.speedup[p]).toBe(Math.min(p, n));
      expect(estimate.speedup.unbounded).toBe(n);
      expect(estimate.criticalPath.weight).toBe(1);
    }
  });

  it("counts whole rounds when n is not a multiple of P: 10 on 4 threads take 3 units", () => {
    const estimate = estimateSpeedup(independent(10));
    expect(estimate.makespan[4]).toBe(3);
    expect(estimate.speedup[4]).toBe(10 / 3);
    expect(estimate.speedup[2]).toBe(2);
    expect(estimate.speedup[8]).toBe(5);
    expect(estimate.speedup[16]).toBe(10);
    expect(estimate.speedup.unbounded).toBe(10);
  });

  it("is bounded by one heavy transaction", () => {
    const heavyFirst = estimateSpeedup({
      weights: [100, 1, 1, 1, 1, 1],
      dependencies: [[], [], [], [], [], []],
    });
    expect(heavyFirst.criticalPath).toEqual({ weight: 100, transactions: [0] });
    for (const p of THREADS) expect(heavyFirst.speedup[p]).toBe(105 / 100);
    expect(heavyFirst.speedup.unbounded).toBe(105 / 100);
  });

  it("schedules in block order: a heavy last transaction starts only when a thread frees up", () => {
    const heavyLast: DependencyGraph = { weights: [1, 1, 1, 1, 100], dependencies: [[], [], [], [], []] };
    const estimate = estimateSpeedup(heavyLast);
    // Two threads: 0 and 1, then 2 and 3, then 4 at time 2.
    expect(estimate.makespan).toEqual({ 1: 104, 2: 102, 4: 101, 8: 100, 16: 100 });
    expect(estimate.speedup[2]).toBe(104 / 102);
    expect(estimate.speedup.unbounded).toBe(104 / 100);
  });

  it("follows the heaviest chain, not the longest", () => {
    // 0 → 1 → 2 light chain; 3 heavy, depends on 0.
    const graph: DependencyGraph = { weights: [5, 1, 1, 10], dependencies: [[], [0], [1], [0]] };
    expect(criticalPath(graph)).toEqual({ weight: 15, transactions: [0, 3] });
  });

  it("never estimates less for more threads, though list scheduling can be slower with them", () => {
    // Graham's anomaly: on 3 threads, 1 and 3 wait for 0 while light work fills the threads,
    // so the heavy 3 starts last.
    const graph: DependencyGraph = {
      weights: [5, 1, 4, 8, 1, 5, 2],
      dependencies: [[], [0], [], [0], [], [], []],
    };
    expect(listScheduleMakespan(graph, 2)).toBe(13);
    expect(listScheduleMakespan(graph, 3)).toBe(14);
    expect(speedupOn(graph, 2)).toBe(2);
    expect(speedupOn(graph, 3)).toBe(2);
  });

  it("rejects dependencies that do not point to earlier transactions", () => {
    expect(() => estimateSpeedup({ weights: [1, 1], dependencies: [[], [1]] })).toThrow(RangeError);
    expect(() => estimateSpeedup({ weights: [1, 1], dependencies: [[1], []] })).toThrow(RangeError);
    expect(() => estimateSpeedup({ weights: [1], dependencies: [] })).toThrow(RangeError);
    expect(() => estimateSpeedup({ weights: [-1], dependencies: [[]] })).toThrow(RangeError);
    expect(() => speedupOn(independent(2), 0)).toThrow(RangeError);
  });
});

/** Random DAGs: each transaction depends on a few earlier ones; weights from 0 (invalid txs) up. */
const graphs: fc.Arbitrary<DependencyGraph> = fc
  .array(
    fc.record({
      weight: fc.oneof(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 50, noNaN: true, noDefaultInfinity: true }),
      ),
      deps: fc.array(fc.nat(), { maxLength: 4 }),
    }),
    { maxLength: 40 },
  )
  .map((txs) => ({
    weights: txs.map((tx) => tx.weight),
    dependencies: txs.map((tx, i) => (i === 0 ? [] : tx.deps.map((d) => d % i))),
  }));

describe("estimateSpeedup invariants", () => {
  it("keeps 1 ≤ estimate(P) ≤ P, monotone in P, below unbounded, and estimate(1) = 1", () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const { speedup, criticalPath: path, makespan, totalWeight } = estimateSpeedup(graph);
        expect(speedupOn(graph, 1)).toBe(1);
        let previous = 1;
        for (const p of THREADS) {
          expect(speedup[p]).toBeGreaterThanOrEqual(1);
          expect(speedup[p]).toBeLessThanOrEqual(p);
          expect(speedup[p]).toBeGreaterThanOrEqual(previous);
          expect(speedup[p]).toBeLessThanOrEqual(speedup.unbounded);
          expect(speedupOn(graph, p)).toBe(speedup[p]);
          expect(makespan[p]).toBeGreaterThanOrEqual(path.weight * (1 - 1e-12));
          previous = speedup[p];
        }
        let last = 1;
        for (let p = 1; p <= 20; p++) {
          const s = speedupOn(graph, p);
          expect(s).toBeGreaterThanOrEqual(last);
          expect(s).toBeLessThanOrEqual(p);
          last = s;
        }
        expect(makespan[1]).toBeCloseTo(totalWeight, 6);
      }),
      { numRuns: 300 },
    );
  });

  it("returns a critical path that is a chain of dependencies weighing what it says", () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const path = criticalPath(graph);
        if (graph.weights.length === 0) return;
        for (let k = 1; k < path.transactions.length; k++) {
          const tx = path.transactions[k] as number;
          expect(graph.dependencies[tx]).toContain(path.transactions[k - 1]);
        }
        const weight = path.transactions.reduce((sum, tx) => sum + (graph.weights[tx] as number), 0);
        expect(path.weight).toBeCloseTo(weight, 6);
        // No transaction finishes later than the path's end in an unbounded schedule.
        expect(listScheduleMakespan(graph, graph.weights.length)).toBeCloseTo(path.weight, 6);
      }),
      { numRuns: 300 },
    );
  });
});
