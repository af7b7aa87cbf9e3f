import { bytesToHex } from "@ethereumjs/util";
import { encodeReceipt as reference, type TxReceipt } from "@ethereumjs/vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeReceipt } from "../../src/execution/encodeReceipt.js";

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const log = fc.tuple(bytes(20), fc.array(bytes(32), { maxLength: 4 }), fc.uint8Array({ maxLength: 300 }));
// From 1: ethereumjs encodes a zero as 0x00, not as RLP's empty string; no block's receipt has it.
const base = {
  cumulativeBlockGasUsed: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
  bitvector: bytes(256),
  logs: fc.array(log, { maxLength: 5 }),
};
const receipt: fc.Arbitrary<TxReceipt> = fc.oneof(
  fc.record({ ...base, status: fc.constantFrom(0 as const, 1 as const) }),
  fc.record({ ...base, stateRoot: bytes(32) }),
);

describe("encodeReceipt", () => {
  it("equals @ethereumjs/vm's encoding for any receipt and transaction type", () => {
    fc.assert(
      fc.property(receipt, fc.constantFrom(0, 1, 2, 3, 4), (r, type) => {
        expect(bytesToHex(encodeReceipt(r, type))).toBe(bytesToHex(reference(r, type)));
      }),
      { numRuns: 300 },
    );
  });

  it("encodes a receipt whose logs run past 64 KiB", () => {
    const r: TxReceipt = {
      status: 1,
      cumulativeBlockGasUsed: 21_000n,
      bitvector: new Uint8Array(256),
      logs: [[new Uint8Array(20), [], new Uint8Array(70_000).fill(7)]],
    };
    expect(bytesToHex(encodeReceipt(r, 2))).toBe(bytesToHex(reference(r, 2)));
  });
});
