/**
 * A throw from inside the EVM is this thread's failure, not the transaction's: the incarnation
 * is "unsupported" (the block goes to the sequential executor), where it used to count the
 * transaction invalid and leave it out of the block.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { executeBlockRecorded } from "../../src/parallel/executeBlockRecorded.js";
import { POINT_EVALUATION, POINT_EVALUATION_INPUT } from "../support/pointEvaluation.js";
import { COINBASE, createTestWorld, ethTransfer, type TestWorld } from "../support/testWorld.js";

let w: TestWorld;

beforeAll(async () => {
  w = await createTestWorld(4);
});

describe("executeIncarnation", () => {
  it("hands a transaction whose EVM threw to the sequential executor instead of dropping it", async () => {
    // The test world's chain has no KZG: the point-evaluation precompile throws inside the EVM.
    const sender = w.senders[1] as string;
    const call = w.tx(sender, w.nonceOf(sender), POINT_EVALUATION, POINT_EVALUATION_INPUT, 0n, 200_000n);
    const input = { header: w.header(COINBASE), transactions: [ethTransfer(w, 0), call], preState: w.world };
    await expect(executeBlockRecorded(input)).rejects.toThrow(/the EVM threw: kzg not initialized/);
  });
});
