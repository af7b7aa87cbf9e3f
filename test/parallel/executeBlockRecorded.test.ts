import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import type { BlockInput } from "../../src/execution/types.js";
import { executeBlockRecorded } from "../../src/parallel/executeBlockRecorded.js";
import { recordBlock } from "../../src/parallel/report/recordBlock.js";
import { blockOfOps, type Op, opArbitrary } from "../support/randomBlocks.js";
import { COINBASE, comparable, createTestWorld, rootAfter, type TestWorld } from "../support/testWorld.js";

let w: TestWorld;

beforeAll(async () => {
  w = await createTestWorld(8);
});

const op = opArbitrary({
  senders: 8,
  receivers: 20,
  kinds: [
    "eth",
    "erc20",
    "counter",
    "create",
    "revert",
    "readCoinbase",
    "payCoinbase",
    "deposit",
    "withdraw",
    "bankBalance",
  ],
});

function block(ops: Op[], coinbase: string): BlockInput {
  return blockOfOps(w, ops, coinbase, false);
}

describe("executeBlockRecorded", () => {
  it("equals sequential execution and keeps the sets a report records, on random blocks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 24 }),
        fc.constantFrom("fresh", "sender"),
        async (ops, feeRecipient) => {
          const input = block(ops, feeRecipient === "fresh" ? COINBASE : (w.senders[0] as string));
          const sequential = await executeBlockSequential(input);
          const recorded = await executeBlockRecorded(input);
          expect(comparable(recorded)).toEqual(comparable(sequential));
          expect(recorded.gasUsed).toBe(sequential.gasUsed);
          expect(await rootAfter(w.world, recorded.changes)).toBe(
            await rootAfter(w.world, sequential.changes),
          );
          const again = await recordBlock(input);
          expect(recorded.access.map(({ reads, writes }) => ({ reads, writes }))).toEqual(
            again.map(({ reads, writes }) => ({ reads, writes })),
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});
