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
    { kind: "parallel", threads: 2, minTransactions: 4 },
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
