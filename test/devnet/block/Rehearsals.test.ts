import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Executor } from "../../../src/devnet/block/ExecutionHistory.js";
import { REHEARSALS, Rehearsals } from "../../../src/devnet/block/Rehearsals.js";
import { executeBlockSequential } from "../../../src/execution/sequentialExecutor.js";
import type { BlockInput } from "../../../src/execution/types.js";
import { ParallelExecutor } from "../../../src/parallel/ParallelExecutor.js";
import { WorldState } from "../../../src/state/WorldState.js";
import { COINBASE, createTestWorld, type TestWorld, tokenTransfer } from "../../support/testWorld.js";

let w: TestWorld;
let engine: ParallelExecutor;

beforeAll(async () => {
  w = await createTestWorld(16);
  engine = new ParallelExecutor({ threads: 2, minCodeShare: 0, minCodeTransactions: 1 });
});
afterAll(async () => {
  await engine.close();
});

/** A chain over the test world that has just committed a block of token transfers from `senders`. */
async function chainAfterBlock(senders: number[]) {
  const world = new WorldState();
  world.applyBlock(w.world.snapshot());
  engine.resetState(() => world.snapshot());
  await engine.settle(w.common);
  const input: BlockInput = {
    header: w.header(COINBASE),
    transactions: senders.map((i) => tokenTransfer(w, i)),
    preState: world,
  };
  const executed = await executeBlockSequential(input);
  world.applyBlock(executed.changes);
  engine.applyChanges(executed.changes);
  const measures: [Executor, number, bigint, number][] = [];
  const rehearsals = new Rehearsals(
    engine,
    () => world.at(world.head - 1),
    (...measure) => measures.push(measure),
  );
  return { input, executed, rehearsals, measures };
}

describe("Rehearsals", () => {
  it("runs a block again on the sequential executor, over the state before it, and measures it once", async () => {
    const { input, executed, rehearsals, measures } = await chainAfterBlock([0, 1, 2, 3]);
    rehearsals.plan(input, executed.gasUsed, "sequential");
    expect(rehearsals.pending).toBe(false); // its changes are not committed yet
    rehearsals.committed(executed.changes);
    expect(rehearsals.pending).toBe(true);
    await rehearsals.runOnce();
    expect(measures).toEqual([["sequential", 4, executed.gasUsed, expect.any(Number)]]);
    expect(rehearsals.pending).toBe(false);
  });

  it("runs it on the engine REHEARSALS times, the workers held before it, and measures the last run", async () => {
    const { input, executed, rehearsals, measures } = await chainAfterBlock([4, 5, 6, 7]);
    rehearsals.plan(input, executed.gasUsed, "parallel");
    rehearsals.committed(executed.changes);
    expect(rehearsals.heldBack).toBe(executed.changes);
    for (let run = 1; run < REHEARSALS; run++) {
      await rehearsals.runOnce();
      expect(measures).toEqual([]);
    }
    await rehearsals.runOnce();
    expect(measures).toEqual([["parallel", 4, executed.gasUsed, expect.any(Number)]]);
  });

  it("counts no stopped run, and runs it again", async () => {
    const { input, executed, rehearsals, measures } = await chainAfterBlock(
      Array.from({ length: 16 }, (_, i) => i),
    );
    rehearsals.plan(input, executed.gasUsed, "sequential");
    rehearsals.committed(executed.changes);
    const run = rehearsals.runOnce();
    rehearsals.stop();
    await run;
    expect(measures).toEqual([]);
    expect(rehearsals.pending).toBe(true);
    await rehearsals.runOnce();
    expect(measures).toHaveLength(1);
  });

  it("drops a block whose run does not reproduce its gas, or after which more was committed", async () => {
    const { input, executed, rehearsals, measures } = await chainAfterBlock([8, 9, 10, 11]);
    rehearsals.plan(input, executed.gasUsed + 1n, "sequential");
    rehearsals.committed(executed.changes);
    await rehearsals.runOnce();
    expect(rehearsals.pending).toBe(false);
    rehearsals.plan(input, executed.gasUsed, "sequential");
    rehearsals.committed(executed.changes);
    rehearsals.committed([]);
    expect(rehearsals.pending).toBe(false);
    expect(measures).toEqual([]);
  });

  it("ends a rehearsal that fails or has no state to run on, and nothing of it reaches the devnet", async () => {
    const { input, executed } = await chainAfterBlock([12, 13, 14, 15]);
    const failing = {
      rehearse: async () => {
        throw new Error("a worker would not start");
      },
      stopRehearsal: async () => {},
    } as unknown as ParallelExecutor;
    const measures: unknown[] = [];
    const onFailingEngine = new Rehearsals(
      failing,
      () => w.world,
      (...measure) => measures.push(measure),
    );
    onFailingEngine.plan(input, executed.gasUsed, "parallel");
    onFailingEngine.committed(executed.changes);
    await onFailingEngine.runOnce();
    expect(onFailingEngine.pending).toBe(false);
    const unkept = new Rehearsals(
      engine,
      () => {
        throw new Error("the state of block 0 is no longer kept");
      },
      (...measure) => measures.push(measure),
    );
    unkept.plan(input, executed.gasUsed, "sequential");
    unkept.committed(executed.changes);
    await unkept.runOnce();
    expect(unkept.pending).toBe(false);
    expect(measures).toEqual([]);
  });
});
