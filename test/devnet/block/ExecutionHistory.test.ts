import { describe, expect, it } from "vitest";
import {
  ExecutionHistory,
  type Executor,
  FIRST_PROBE_AFTER,
  MAX_PROBE_GAP,
} from "../../../src/devnet/block/ExecutionHistory.js";

const GAS = 50_000_000n;

/** Runs `blocks` blocks of `n` transactions, each executor taking its fixed time, and returns who ran each. */
function run(history: ExecutionHistory, blocks: number, ms: Record<Executor, number>, n = 1000): Executor[] {
  const ran: Executor[] = [];
  for (let i = 0; i < blocks; i++) {
    const executor = history.choose(n);
    history.record(n, executor, GAS, ms[executor]);
    ran.push(executor);
  }
  return ran;
}

describe("ExecutionHistory", () => {
  it("runs a size it has not measured sequentially first, then tries the engine", () => {
    const history = new ExecutionHistory();
    for (let k = 0; k < FIRST_PROBE_AFTER; k++) {
      expect(history.choose(1000)).toBe("sequential");
      history.record(1000, "sequential", GAS, 500);
    }
    expect(history.choose(1000)).toBe("parallel");
  });

  it("takes a rehearsal's measure of the engine before its first probe", () => {
    const history = new ExecutionHistory();
    history.record(1000, "sequential", GAS, 500);
    expect(history.rehearsalDue(1000, "sequential")).toBe("parallel");
    history.record(1000, "parallel", GAS, 300);
    expect(history.choose(1000)).toBe("parallel");
    const losing = new ExecutionHistory();
    losing.record(1000, "sequential", GAS, 300);
    losing.record(1000, "parallel", GAS, 500);
    expect(losing.choose(1000)).toBe("sequential");
    // The losing engine's next measure waits for its probe's turn, one block ahead of it.
    expect(losing.rehearsalDue(1000, "sequential")).toBeUndefined();
    losing.record(1000, "sequential", GAS, 300);
    expect(losing.rehearsalDue(1000, "sequential")).toBe("parallel");
  });

  it("measures the sequential executor again, idle, one block ahead of its probe where the engine wins", () => {
    const history = new ExecutionHistory();
    history.record(1000, "sequential", GAS, 500);
    history.record(1000, "parallel", GAS, 300);
    // The engine won its first comparison: sequential's probe is due with the next block.
    expect(history.rehearsalDue(1000, "parallel")).toBe("sequential");
    // A rehearsal that loses again puts the probe off, twice as far.
    history.record(1000, "sequential", GAS, 500);
    expect(history.rehearsalDue(1000, "parallel")).toBeUndefined();
    expect(history.choose(1000)).toBe("parallel");
    history.record(1000, "parallel", GAS, 300);
    expect(history.rehearsalDue(1000, "parallel")).toBe("sequential");
  });

  it("keeps to the engine where it wins, probing sequential ever more rarely", () => {
    const ran = run(new ExecutionHistory(), 200, { sequential: 500, parallel: 300 });
    const sequential = ran.filter((e) => e === "sequential").length;
    expect(ran.slice(0, 3)).toEqual(["sequential", "sequential", "parallel"]);
    // Probes at gaps 1, 2, 4 ... 32: a handful, not one block in two.
    expect(sequential).toBeGreaterThan(2);
    expect(sequential).toBeLessThan(200 / MAX_PROBE_GAP + 8);
    expect(ran.slice(-MAX_PROBE_GAP)).toContain("parallel");
  });

  it("goes back to sequential after a block where the engine lost, and probes it again later", () => {
    const ran = run(new ExecutionHistory(), 100, { sequential: 300, parallel: 500 });
    expect(ran.slice(0, 4)).toEqual(["sequential", "sequential", "parallel", "sequential"]);
    const parallel = ran.filter((e) => e === "parallel").length;
    expect(parallel).toBeGreaterThan(1);
    expect(parallel).toBeLessThan(12);
  });

  it("switches to the engine once it wins (workers warmed up)", () => {
    const history = new ExecutionHistory();
    run(history, 20, { sequential: 300, parallel: 900 });
    const warm = run(history, 80, { sequential: 300, parallel: 200 });
    expect(warm.slice(-20).filter((e) => e === "parallel").length).toBeGreaterThanOrEqual(18);
  });

  it("learns each block size apart", () => {
    const history = new ExecutionHistory();
    run(history, 10, { sequential: 500, parallel: 300 }, 1000);
    expect(history.choose(1000)).toBe("parallel");
    expect(history.choose(20)).toBe("sequential");
  });

  it("tries the engine first on a larger size when a smaller one runs faster on it", () => {
    const history = new ExecutionHistory();
    run(history, 10, { sequential: 500, parallel: 300 }, 200);
    expect(run(history, 3, { sequential: 500, parallel: 300 }, 1000)).toEqual([
      "parallel",
      "sequential",
      "parallel",
    ]);
    // Where the smaller size runs sequentially, a larger one starts sequentially too.
    const losing = new ExecutionHistory();
    run(losing, 10, { sequential: 300, parallel: 500 }, 200);
    expect(losing.choose(1000)).toBe("sequential");
  });

  it("gives a parallel block's speedup over the sequential rate of its size", () => {
    const history = new ExecutionHistory();
    expect(history.speedupOf(1000, GAS, 250)).toBeUndefined();
    history.record(1000, "sequential", GAS, 500);
    expect(history.speedupOf(1000, GAS, 250)).toBeCloseTo(2);
    expect(history.speedupOf(1000, GAS / 2n, 500)).toBeCloseTo(0.5);
  });

  it("ignores empty blocks and times that are not positive", () => {
    const history = new ExecutionHistory();
    history.record(1000, "sequential", 0n, 5);
    history.record(1000, "sequential", GAS, 0);
    expect(history.choose(1000)).toBe("sequential");
  });
});
