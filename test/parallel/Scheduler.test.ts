import { describe, expect, it } from "vitest";
import { ContractProbes } from "../../src/parallel/ContractProbes.js";
import type { Validity } from "../../src/parallel/MultiVersionMemory.js";
import { Scheduler } from "../../src/parallel/Scheduler.js";

/** Validates with a fixed verdict per transaction (valid when absent; false: stale). */
function validateWith(scheduler: Scheduler, verdicts: Record<number, boolean | Validity> = {}) {
  const aborted: number[] = [];
  const probes: string[] = [];
  const counts = scheduler.validate(
    (tx) => {
      const verdict = verdicts[tx] ?? true;
      return verdict === true ? "valid" : verdict === false ? "stale" : verdict;
    },
    (tx, probed) => {
      aborted.push(tx);
      if (probed !== undefined) probes.push(probed);
    },
  );
  return { ...counts, aborted, ...(probes.length > 0 ? { probes } : {}) };
}

/** A two-thread scheduler over calls to `targets[tx]`, each from its own sender, with probes. */
function probedScheduler(targets: string[]): Scheduler {
  const targetOf = (tx: number) => targets[tx];
  const probes = ContractProbes.forBlock(targets.length, 2, targetOf, () => true);
  return new Scheduler(targets.length, [], 2, targetOf, undefined, probes);
}

describe("Scheduler", () => {
  it("hands out the lowest ready transactions first, within the window, and finishes once all validate", () => {
    const s = new Scheduler(6);
    expect(s.nextChunk(2)).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(s.nextChunk(10, 3)).toEqual([[2, 0]]);
    expect(s.nextChunk(10, 3)).toEqual([]);
    expect(s.ready).toBe(3);
    for (const tx of [0, 1, 2]) s.executed(tx, true);
    expect(validateWith(s)).toEqual({ validated: 3, failed: 0, aborted: [] });
    expect(s.validationIndex).toBe(3);
    expect(s.done).toBe(false);
    for (const [tx] of s.nextChunk(10)) s.executed(tx, true);
    validateWith(s);
    expect(s.done).toBe(true);
    expect(s.reExecutions).toBe(0);
  });

  it("gives thread 0 the lead chain first, past the window, and nothing else until it ran; no other thread gets it", () => {
    // Light transactions from their own senders, then one sender's heavy chain (4370000's shape).
    const senders = ["a", "b", "c", "d", "x", "e", "x", "x"];
    const weights = [1, 1, 1, 1, 10, 1, 10, 10];
    const s = new Scheduler(8, senders, 2, () => undefined, undefined, undefined, weights);
    expect(s.nextChunk(2, 2, 0)).toEqual([
      [4, 0],
      [6, 0],
    ]);
    expect(s.nextChunk(4, 8, 1)).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    expect(s.nextChunk(4, 8, 0)).toEqual([[7, 0]]);
    // Thread 0 takes nothing else while its chain runs; then what is left, like any thread.
    expect(s.nextChunk(4, 8, 0)).toEqual([]);
    for (const tx of [4, 6]) s.executed(tx, true);
    expect(s.nextChunk(4, 8, 0)).toEqual([]);
    s.executed(7, true);
    expect(s.nextChunk(4, 8, 0)).toEqual([[5, 0]]);
    // Other senders' chains go to the other threads.
    const chains = new Scheduler(
      6,
      ["x", "a", "a", "b", "b", "c"],
      2,
      () => undefined,
      undefined,
      undefined,
      [9, 1, 1, 1, 1, 1],
    );
    expect(chains.nextChunk(1, 6, 0)).toEqual([[0, 0]]);
    expect(chains.nextChunk(6, 6, 1)).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0],
    ]);
    // Without weights there is no lead: block order.
    const plain = new Scheduler(8, senders, 2);
    expect(plain.nextChunk(2, 2, 0)).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it("holds a sender's transaction back until the previous one has executed, unless it runs before on the same thread", () => {
    // One thread: its chunks run in order, so a later chunk may follow a running predecessor.
    const one = new Scheduler(4, ["a", "b", "a", "a"]);
    expect(one.nextChunk(1)).toEqual([[0, 0]]);
    expect(one.nextChunk(10)).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
  });

  it("deals the senders' nonce chains out to threads, and never lets a thread run another's", () => {
    // Chains: a = 0, 2, 4, 6 (four), b = 1, 3 (two), c = 5, 7 (two); 8 has one transaction.
    const senders = ["a", "b", "a", "b", "a", "c", "a", "c", "d"];
    const s = new Scheduler(9, senders, 2);
    // a (the longest) goes to thread 0, then b and c to the less loaded thread 1; d to anyone.
    expect(s.nextChunk(10, 9, 0)).toEqual([
      [0, 0],
      [2, 0],
      [4, 0],
      [6, 0],
      [8, 0],
    ]);
    expect(s.nextChunk(10, 9, 1)).toEqual([
      [1, 0],
      [3, 0],
      [5, 0],
      [7, 0],
    ]);
    // An aborted chain transaction comes back to its own thread only.
    s.executed(0, true);
    for (const tx of [1, 2, 3, 4, 5, 6, 7, 8]) s.executed(tx, false);
    validateWith(s, { 3: false });
    expect(s.nextChunk(10, 9, 0)).toEqual([]);
    expect(s.nextChunk(10, 9, 1)).toEqual([[3, 1]]);
  });

  it("puts the callers of a hot contract on one thread, leaving sender chains where they are", () => {
    // k is called by 0, 2 and 5; 1 and 3 are sender s's chain (on thread 0); the rest are free.
    const senders = ["a", "s", "b", "s", "c", "d", "e", "f"];
    const targets = ["k", "m", "k", "m", "x", "k", "y", "z"];
    const s = new Scheduler(8, senders, 2, (tx) => targets[tx]);
    // Thread 1 is the less loaded: k's callers go there.
    expect(s.markHot("k")).toBe(true);
    expect(s.nextChunk(10, 8, 0)).toEqual([
      [1, 0],
      [3, 0],
      [4, 0],
      [6, 0],
      [7, 0],
    ]);
    expect(s.nextChunk(10, 8, 1)).toEqual([
      [0, 0],
      [2, 0],
      [5, 0],
    ]);
    expect(s.markHot("k")).toBe(false); // already hot: nothing moves
    expect(s.markHot("nobody calls this")).toBe(false);
  });

  it("calls the threads lopsided when one owns three quarters of what is left to execute", () => {
    const even = new Scheduler(8, [], 2, (tx) => (tx % 2 === 0 ? "p" : "q"));
    expect(even.markHot("p")).toBe(true);
    expect(even.markHot("q")).toBe(true);
    expect(even.lopsided).toBe(false);
    // One sender's chain of six: its thread owns three quarters.
    const chain = new Scheduler(8, ["a", "a", "a", "a", "a", "a", "b", "c"], 2);
    expect(chain.lopsided).toBe(true);
    expect(new Scheduler(8).lopsided).toBe(true); // one thread
  });

  it("leaves a contract that most of what is left calls with every thread", () => {
    // A token all but one transaction transfers: one thread alone would run the block.
    const s = new Scheduler(8, [], 2, (tx) => (tx < 7 ? "t" : "x"));
    expect(s.markHot("t")).toBe(false);
    expect(s.nextChunk(2, 8, 1)).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it("runs a probed contract's calls on the thread that took the first, one probe elsewhere, and tells of the probe's failure", () => {
    // Ten calls to a game, then two other transactions.
    const s = probedScheduler([...Array.from({ length: 10 }, () => "game"), "x", "y"]);
    expect(s.nextChunk(3, 12, 0).map(([tx]) => tx)).toEqual([0, 1, 2]);
    // Thread 1 gets one call (the probe) and the other contracts' calls.
    expect(s.nextChunk(10, 12, 1).map(([tx]) => tx)).toEqual([3, 10, 11]);
    // Thread 0 stops at the probe.
    expect(s.nextChunk(10, 12, 0)).toEqual([]);
    for (const tx of [0, 1, 2, 3, 10, 11]) s.executed(tx, true);
    const round = validateWith(s, { 3: false });
    expect(round.aborted).toEqual([3]);
    expect(round.probes).toEqual(["game"]);
  });

  it("lets a thread take work from beyond the window only where no earlier call to the same contract is still open", () => {
    // Calls to p at 0, 1 and 5; to q at 4 and 6; 2, 3 and 7 call others.
    const targets = ["p", "p", "a", "b", "q", "p", "q", "c"];
    const s = new Scheduler(8, [], 2, (tx) => targets[tx]);
    expect(s.nextChunk(2, 2, 0).map(([tx]) => tx)).toEqual([0, 1]);
    // Ahead of a window that ends at 2: not 5 (0 and 1 are open), not 6 (4 is open).
    expect(s.nextChunk(10, 8, 1, 2).map(([tx]) => tx)).toEqual([2, 3, 4, 7]);
    s.executed(0, true);
    s.executed(1, true);
    validateWith(s);
    expect(s.nextChunk(10, 8, 1, 2).map(([tx]) => tx)).toEqual([5]);
  });

  it("deals out a contract left with every thread once its probe finds its calls conflict", () => {
    const s = new Scheduler(8, [], 2, (tx) => (tx < 7 ? "t" : "x"));
    expect(s.markHot("t")).toBe(false); // most of the block calls it: left with every thread
    expect(s.markHot("t")).toBe(false);
    expect(s.markHot("t", true)).toBe(true); // its probe failed on its storage
    expect(s.lopsided).toBe(true);
  });

  it("re-runs an aborted transaction as its next incarnation and revalidates everything above it", () => {
    const s = new Scheduler(4);
    for (const [tx] of s.nextChunk(4)) s.executed(tx, true);
    const first = validateWith(s, { 1: false });
    expect(first.aborted).toEqual([1]);
    expect(s.validationIndex).toBe(1);
    expect(s.status[1]).toBe("ready");
    expect(s.nextChunk(4)).toEqual([[1, 1]]);
    // The new incarnation wrote a location the old one did not: 2 and 3 must validate again.
    s.executed(1, true);
    const second = validateWith(s);
    expect(second).toEqual({ validated: 3, failed: 0, aborted: [] });
    expect(s.done).toBe(true);
    expect(s.reExecutions).toBe(1);
    expect(s.incarnation).toEqual([0, 1, 0, 0]);
  });

  it("parks a transaction that met an ESTIMATE until its blocker executes again", () => {
    const s = new Scheduler(3);
    for (const [tx] of s.nextChunk(3)) {
      if (tx === 0) s.executed(0, true);
    }
    validateWith(s, { 0: false }); // 0 aborts: its writes become ESTIMATEs
    s.blocked(2, 0); // 2 read one of them
    expect(s.status[2]).toBe("waiting");
    expect(s.incarnation[2]).toBe(1);
    s.executed(1, true);
    expect(s.nextChunk(3)).toEqual([[0, 1]]);
    expect(s.done).toBe(false);
    s.executed(0, true);
    expect(s.status[2]).toBe("ready");
    expect(s.nextChunk(3)).toEqual([[2, 1]]);
    s.executed(2, true);
    validateWith(s);
    expect(s.done).toBe(true);
  });

  it("leaves a transaction whose condition cannot be checked yet executed, and validates it after its blocker re-ran", () => {
    const s = new Scheduler(3);
    for (const [tx] of s.nextChunk(3)) s.executed(tx, true);
    // 1 is stale; 2's condition meets 1's ESTIMATEs: it waits, neither aborted nor validated.
    const first = validateWith(s, { 1: false, 2: "waiting" });
    expect(first).toEqual({ validated: 2, failed: 1, aborted: [1] });
    expect(s.status[2]).toBe("executed");
    expect(s.incarnation[2]).toBe(0);
    expect(s.done).toBe(false);
    expect(s.nextChunk(3)).toEqual([[1, 1]]);
    s.executed(1, false);
    expect(validateWith(s)).toEqual({ validated: 2, failed: 0, aborted: [] });
    expect(s.done).toBe(true);
    expect(s.reExecutions).toBe(1);
  });

  it("makes a skipped chunk member ready again without a new incarnation", () => {
    const s = new Scheduler(3);
    s.nextChunk(3);
    s.executed(0, true);
    s.blocked(1, 0);
    s.skipped(2);
    expect(s.status[1]).toBe("ready"); // its blocker had already executed
    expect(s.incarnation).toEqual([0, 1, 0]);
    expect(s.nextChunk(3)).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it("lets a lazy sender's transfers run anywhere, and its other transactions wait for all of them", () => {
    const lazy = Uint8Array.of(1, 1, 1, 0, 1);
    const s = new Scheduler(5, ["a", "a", "a", "a", "a"], 2, () => undefined, lazy);
    expect(s.lopsided).toBe(false);
    // No chain: thread 1 takes transfers 0 and 1, thread 0 transfers 2 and 4; transaction 3
    // reads the sender exactly, so it waits until 0, 1 and 2 have executed.
    expect(s.nextChunk(2, 5, 1)).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(s.nextChunk(10, 5, 0)).toEqual([
      [2, 0],
      [4, 0],
    ]);
    s.executed(0, true);
    expect(s.nextChunk(10, 5, 0)).toEqual([]); // 1 still runs on thread 1
    s.executed(1, true);
    s.executed(2, true);
    expect(s.nextChunk(10, 5, 1)).toEqual([[3, 0]]);
  });
});
