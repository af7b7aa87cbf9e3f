import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import type { BlockInput } from "../../src/execution/types.js";
import { executeBlockRecorded } from "../../src/parallel/executeBlockRecorded.js";
import { recordBlock } from "../../src/parallel/report/recordBlock.js";
import { COINBASE, comparable, createTestWorld, rootAfter, type TestWorld } from "../support/testWorld.js";

let w: TestWorld;

beforeAll(async () => {
  w = await createTestWorld(8);
});

type Op =
  | { kind: "eth"; from: number; to: number; value: number }
  | { kind: "erc20"; from: number; to: number; amount: number }
  | { kind: "counter"; from: number }
  | { kind: "create"; from: number }
  | { kind: "revert"; from: number }
  | { kind: "readCoinbase"; from: number }
  | { kind: "payCoinbase"; from: number; value: number };

const sender = fc.integer({ min: 0, max: 7 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("eth" as const),
    from: sender,
    to: fc.integer({ min: 0, max: 20 }),
    value: fc.integer({ min: 0, max: 1000 }),
  }),
  fc.record({
    kind: fc.constant("erc20" as const),
    from: sender,
    to: fc.integer({ min: 0, max: 20 }),
    amount: fc.integer({ min: 0, max: 1000 }),
  }),
  fc.record({ kind: fc.constant("counter" as const), from: sender }),
  fc.record({ kind: fc.constant("create" as const), from: sender }),
  fc.record({ kind: fc.constant("revert" as const), from: sender }),
  fc.record({ kind: fc.constant("readCoinbase" as const), from: sender }),
  fc.record({
    kind: fc.constant("payCoinbase" as const),
    from: sender,
    value: fc.integer({ min: 1, max: 1000 }),
  }),
);

function receiver(i: number): string {
  return i < w.senders.length
    ? (w.senders[i] as string)
    : `0x${(0xbeef00 + i).toString(16).padStart(40, "0")}`;
}

function block(ops: Op[], coinbase: string): BlockInput {
  const nonces = new Map<string, bigint>();
  const { token, counter, reverter, coinbaseReader } = w.contracts;
  const transactions = ops.map((o) => {
    const from = w.senders[o.from] as string;
    const nonce = nonces.get(from) ?? w.nonceOf(from);
    nonces.set(from, nonce + 1n);
    switch (o.kind) {
      case "eth":
        return w.tx(from, nonce, receiver(o.to), "0x", BigInt(o.value), 21_000n);
      case "erc20":
        return w.tx(
          from,
          nonce,
          token,
          w.interfaces.token.encodeFunctionData("transfer", [receiver(o.to), BigInt(o.amount)]),
        );
      case "counter":
        return w.tx(from, nonce, counter, w.interfaces.counter.encodeFunctionData("increment"));
      case "create":
        return w.tx(from, nonce, undefined, "0x600a600c600039600a6000f3600160005260206000f300");
      case "revert":
        return w.tx(from, nonce, reverter, w.interfaces.reverter.encodeFunctionData("revertWithReason"));
      case "readCoinbase":
        return w.tx(from, nonce, coinbaseReader, "0x");
      case "payCoinbase":
        return w.tx(from, nonce, coinbase, "0x", BigInt(o.value), 21_000n);
      default:
        throw new Error(`unknown operation ${JSON.stringify(o satisfies never)}`);
    }
  });
  return { header: w.header(coinbase), transactions, preState: w.world };
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
