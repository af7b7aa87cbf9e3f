import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockExecutorChoice } from "../../src/parallel/BlockExecutorChoice.js";
import { createExecutionContext } from "../../src/parallel/sequentialExecutor.js";
import type { BlockInput } from "../../src/parallel/types.js";
import { COINBASE, createTestWorld, type TestWorld } from "../support/testWorld.js";

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
const ethTransfer = (i: number) => w.tx(w.senders[i] as string, 0n, w.senders[(i + 1) % 16], "0x", 5n);
const tokenTransfer = (i: number) =>
  w.tx(
    w.senders[i] as string,
    0n,
    w.contracts.token,
    w.interfaces.token.encodeFunctionData("transfer", [w.senders[(i + 1) % 16], 1n]),
  );

describe("BlockExecutorChoice", () => {
  it("runs a block of plain value transfers sequentially, however many", async () => {
    const execution = await choice.execute(input(Array.from({ length: 16 }, (_, i) => ethTransfer(i))));
    expect(execution.parallel).toBeUndefined();
  });

  it("runs a block of contract calls on the engine", async () => {
    const execution = await choice.execute(input(Array.from({ length: 16 }, (_, i) => tokenTransfer(i))));
    expect(execution.parallel?.threads).toBe(2);
  });

  it("runs a block sequentially when fewer than half its transactions run code", async () => {
    const mixed = [...Array.from({ length: 10 }, (_, i) => ethTransfer(i))];
    for (let i = 10; i < 16; i++) mixed.push(tokenTransfer(i));
    expect((await choice.execute(input(mixed))).parallel).toBeUndefined();
  });
});
