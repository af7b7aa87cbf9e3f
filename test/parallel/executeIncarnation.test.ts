/**
 * A throw from inside the EVM is this thread's failure, not the transaction's: the incarnation
 * is "unsupported" (the block goes to the sequential executor), where it used to count the
 * transaction invalid and leave it out of the block.
 *
 * The fee recipient's credit is lazy only after the EVM: an inner call's end is not the EVM's,
 * and a BALANCE of the fee recipient after one sees its exact value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import { executeBlockRecorded } from "../../src/parallel/executeBlockRecorded.js";
import { ParallelExecutor } from "../../src/parallel/ParallelExecutor.js";
import { POINT_EVALUATION, POINT_EVALUATION_INPUT } from "../support/pointEvaluation.js";
import { COINBASE, comparable, createTestWorld, ethTransfer, type TestWorld } from "../support/testWorld.js";

let w: TestWorld;
let executor: ParallelExecutor;

beforeAll(async () => {
  w = await createTestWorld(6);
  executor = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
});

afterAll(async () => {
  await executor?.close();
});

describe("executeIncarnation", () => {
  it("hands a transaction whose EVM threw to the sequential executor instead of dropping it", async () => {
    // The test world's chain has no KZG: the point-evaluation precompile throws inside the EVM.
    const sender = w.senders[1] as string;
    const call = w.tx(sender, w.nonceOf(sender), POINT_EVALUATION, POINT_EVALUATION_INPUT, 0n, 200_000n);
    const input = { header: w.header(COINBASE), transactions: [ethTransfer(w, 0), call], preState: w.world };
    await expect(executeBlockRecorded(input)).rejects.toThrow(/the EVM threw: kzg not initialized/);
  });

  it("reads the fee recipient's balance exactly after an inner call returns", async () => {
    // Its code calls the identity precompile, then stores BALANCE(COINBASE).
    const reader = w.contracts.lateCoinbaseReader;
    const transactions = w.senders.map((from) => w.tx(from, w.nonceOf(from), reader, "0x", 0n, 100_000n));
    const input = {
      header: w.header(COINBASE),
      transactions,
      preState: w.world,
      senders: transactions.map((tx) => tx.getSenderAddress().toString()),
    };
    executor.resetState(() => w.world.snapshot());
    const sequential = await executeBlockSequential(input);
    const parallel = await executor.execute(input);
    expect(parallel.parallel.fellBack).toBeUndefined();
    expect(comparable(parallel)).toEqual(comparable(sequential));
  });
});
