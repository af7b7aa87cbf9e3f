import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockExecutorChoice } from "../../../src/devnet/block/BlockExecutorChoice.js";
import { createExecutionContext } from "../../../src/execution/sequentialExecutor.js";
import type { BlockInput } from "../../../src/execution/types.js";
import {
  COINBASE,
  createTestWorld,
  ethTransfer,
  type TestWorld,
  tokenTransfer,
} from "../../support/testWorld.js";

let w: TestWorld;
let choice: BlockExecutorChoice;

beforeAll(async () => {
  w = await createTestWorld(16);
  const context = await createExecutionContext(w.common);
  choice = new BlockExecutorChoice(
    { kind: "parallel", threads: 2, minTransactions: 4, learn: false },
    () => context,
    () => w.world.snapshot(),
  );
});
afterAll(async () => {
  await choice.close();
});

const input = (transactions: BlockInput["transactions"]): BlockInput => ({
  header: w.header(COINBASE),
  transactions,
  preState: w.world,
});

describe("BlockExecutorChoice", () => {
  it("runs a block of plain value transfers sequentially, however many", async () => {
    const execution = await choice.execute(input(Array.from({ length: 16 }, (_, i) => ethTransfer(w, i))));
    expect(execution.parallel).toBeUndefined();
  });

  it("runs a block of contract calls on the engine", async () => {
    const execution = await choice.execute(input(Array.from({ length: 16 }, (_, i) => tokenTransfer(w, i))));
    expect(execution.parallel?.threads).toBe(2);
  });

  it("runs a block sequentially when fewer than half its transactions run code", async () => {
    const mixed = [...Array.from({ length: 10 }, (_, i) => ethTransfer(w, i))];
    for (let i = 10; i < 16; i++) mixed.push(tokenTransfer(w, i));
    expect((await choice.execute(input(mixed))).parallel).toBeUndefined();
  });
});

describe("BlockExecutorChoice, warming up", () => {
  it("starts the engine's workers ahead of the first block, which runs on them", async () => {
    const context = await createExecutionContext(w.common);
    const warm = new BlockExecutorChoice(
      { kind: "parallel", threads: 3, minTransactions: 4, learn: false },
      () => context,
      () => w.world.snapshot(),
    );
    try {
      const pool = warm.engine?.workers;
      expect(pool?.running).toBe(0);
      warm.warmUp();
      expect(pool?.running).toBe(2);
      const execution = await warm.execute(input(Array.from({ length: 16 }, (_, i) => tokenTransfer(w, i))));
      expect(execution.parallel?.fellBack).toBeUndefined();
    } finally {
      await warm.close();
    }
  });
});

describe("BlockExecutorChoice, learning from its blocks", () => {
  it("runs a block size sequentially first, then on the engine, and says how each ran", async () => {
    const context = await createExecutionContext(w.common);
    const learning = new BlockExecutorChoice(
      { kind: "parallel", threads: 2, minTransactions: 4 },
      () => context,
      () => w.world.snapshot(),
    );
    try {
      const block = () => input(Array.from({ length: 16 }, (_, i) => tokenTransfer(w, i)));
      const first = await learning.execute(block());
      expect(first.parallel).toBeUndefined();
      expect(first.ran).toEqual({ executor: "sequential" });
      const second = await learning.execute(block());
      expect(second.parallel?.threads).toBe(2);
      expect(second.ran).toMatchObject({ executor: "parallel", threads: 2 });
      expect(second.ran.executor === "parallel" && second.ran.speedup).toBeGreaterThan(0);
      // Plain transfers never reach the engine, so they teach it nothing.
      const transfers = await learning.execute(
        input(Array.from({ length: 16 }, (_, i) => ethTransfer(w, i))),
      );
      expect(transfers.ran).toEqual({ executor: "sequential" });
    } finally {
      await learning.close();
    }
  });
});
