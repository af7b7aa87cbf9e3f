import type { Log } from "@ethereumjs/evm";
import type { TxReceipt } from "@ethereumjs/vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import type { TxOutcome } from "../../src/execution/types.js";
import { decodeOutcome, OutcomeWriter } from "../../src/parallel/outcomeCodec.js";
import { createTestWorld, ethTransfer, tokenTransfer } from "../support/testWorld.js";

/** Writes the outcomes in one buffer, sends it to another realm's copy, reads them back. */
function roundTrip(outcomes: TxOutcome[]): TxOutcome[] {
  const writer = new OutcomeWriter();
  const positions = outcomes.map((outcome) => writer.add(outcome));
  const bytes = structuredClone(writer.finish());
  return positions.map((at, i) => decodeOutcome({ bytes, at }, (outcomes[i] as TxOutcome).index));
}

const bytes = (max = 40) => fc.uint8Array({ maxLength: max });
const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
  fc.bigInt({ min: -(1n << 256n), max: 1n << 256n }),
);
const log: fc.Arbitrary<Log> = fc.tuple(
  fc.uint8Array({ minLength: 20, maxLength: 20 }),
  fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 4 }),
  bytes(200),
);
const base = fc.record({
  cumulativeBlockGasUsed: amount,
  bitvector: fc.uint8Array({ minLength: 256, maxLength: 256 }),
  logs: fc.array(log, { maxLength: 3 }),
});
const status = fc.constantFrom(0 as const, 1 as const);
const receipt: fc.Arbitrary<TxReceipt> = fc.oneof(
  fc.tuple(status, base).map(([s, b]) => ({ status: s, ...b })),
  fc
    .tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), base)
    .map(([stateRoot, b]) => ({ stateRoot, ...b })),
  fc
    .tuple(amount, amount, status, base)
    .map(([blobGasUsed, blobGasPrice, s, b]) => ({ blobGasUsed, blobGasPrice, status: s, ...b })),
);
const included: fc.Arbitrary<TxOutcome> = fc
  .record({
    index: fc.nat(5000),
    gasUsed: amount,
    receipt,
    ownLogs: fc.option(fc.array(log, { maxLength: 2 }), { nil: undefined }),
    contractAddress: fc.option(fc.string(), { nil: undefined }),
    returnValue: bytes(100),
    error: fc.option(fc.string({ unit: "grapheme" }), { nil: undefined }),
    minerValue: amount,
  })
  .map(({ ownLogs, receipt: r, ...rest }) => ({
    kind: "included" as const,
    ...rest,
    receipt: r,
    // Usually the receipt's own array, as runTx makes it.
    logs: ownLogs ?? r.logs,
  }));
const invalid: fc.Arbitrary<TxOutcome> = fc
  .record({ index: fc.nat(5000), reason: fc.string({ unit: "grapheme" }) })
  .map(({ index, reason }) => ({ kind: "invalid" as const, index, reason }));

describe("outcomeCodec", () => {
  it("gives back every outcome as it was, with its logs shared with the receipt when they were", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(included, invalid), { maxLength: 12 }), (outcomes) => {
        const decoded = roundTrip(outcomes);
        expect(decoded).toStrictEqual(outcomes);
        decoded.forEach((outcome, i) => {
          const original = outcomes[i] as TxOutcome;
          if (outcome.kind === "included" && original.kind === "included") {
            expect(outcome.logs === outcome.receipt.logs).toBe(original.logs === original.receipt.logs);
            expect(Object.keys(outcome.receipt)).toEqual(Object.keys(original.receipt));
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it("grows past its first buffer", () => {
    const big: TxOutcome = {
      kind: "included",
      index: 1,
      gasUsed: 1n,
      receipt: { status: 1, cumulativeBlockGasUsed: 1n, bitvector: new Uint8Array(256), logs: [] },
      logs: [],
      contractAddress: undefined,
      returnValue: new Uint8Array(10_000).fill(7),
      error: undefined,
      minerValue: 0n,
    };
    expect(roundTrip([big, big, { ...big, index: 2 }])).toStrictEqual([big, big, { ...big, index: 2 }]);
  });

  it("round-trips what the executor reports for transfers, tokens and failures", async () => {
    const w = await createTestWorld(8);
    const transactions = [
      ethTransfer(w, 1),
      tokenTransfer(w, 2),
      // Reverts: no tokens to send.
      w.tx(
        w.senders[3] as string,
        0n,
        w.contracts.token,
        w.interfaces.token.encodeFunctionData("transfer", [w.senders[4], 10n ** 30n]),
      ),
      // Invalid: a nonce from the future.
      w.tx(w.senders[4] as string, 5n, w.senders[5]),
    ];
    const { outcomes } = await executeBlockSequential({
      header: w.header(),
      transactions,
      preState: w.world,
    });
    expect(outcomes.map((o) => o.kind)).toEqual(["included", "included", "included", "invalid"]);
    expect(roundTrip(outcomes)).toStrictEqual(outcomes);
  });
});
