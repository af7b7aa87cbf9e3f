import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import {
  createAccessList2930Tx,
  createFeeMarket1559Tx,
  createLegacyTx,
  createTxFromRLP,
  type TypedTransaction,
} from "@ethereumjs/tx";
import { bytesToHex, randomBytes } from "@ethereumjs/util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTransaction } from "../../src/execution/decodeTransaction.js";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";

const common = createSharedCommon(31337n, { hardfork: Hardfork.Prague });
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

/** Warms the Common up the way the worker's first transaction does (see commonsWithTxParams). */
decodeTransaction(
  createFeeMarket1559Tx({ gasLimit: 21_000n }, { common }).sign(KEY).serialize(),
  common,
  false,
);

/** Every own field, in order, as plain values: the two objects must be indistinguishable. */
function fields(tx: TypedTransaction): [string, unknown][] {
  return Object.entries(tx).map(([key, value]) => [
    key,
    value instanceof Uint8Array ? bytesToHex(value) : value,
  ]);
}

function expectSame(raw: Uint8Array, freeze: boolean): TypedTransaction {
  const decoded = decodeTransaction(raw, common, freeze);
  const reference = createTxFromRLP(raw, { common, freeze });
  expect(Object.getPrototypeOf(decoded)).toBe(Object.getPrototypeOf(reference));
  expect(fields(decoded)).toEqual(fields(reference));
  expect(Object.isFrozen(decoded)).toBe(freeze);
  expect(decoded.serialize()).toEqual(raw);
  expect(decoded.hash()).toEqual(reference.hash());
  expect(decoded.getSenderAddress().toString()).toBe(reference.getSenderAddress().toString());
  expect(decoded.getIntrinsicGas()).toBe(reference.getIntrinsicGas());
  expect(decoded.getUpfrontCost(7n)).toBe(reference.getUpfrontCost(7n));
  return decoded;
}

/** Whether the direct path built it: its data is a view into the raw bytes, not a copy. */
function tookDirectPath(tx: TypedTransaction, raw: Uint8Array): boolean {
  return tx.data.buffer === raw.buffer;
}

const word = (max: bigint) => fc.bigInt({ min: 0n, max });

describe("decodeTransaction", () => {
  it("builds EIP-1559 transactions exactly as ethereumjs' decoder does", () => {
    fc.assert(
      fc.property(
        fc.record({
          nonce: word((1n << 64n) - 2n),
          gasLimit: fc.bigInt({ min: 21_000n, max: 16_000_000n }),
          maxPriorityFeePerGas: word(1n << 40n),
          extraFee: word(1n << 40n),
          value: word((1n << 200n) - 1n),
          to: fc.uint8Array({ minLength: 20, maxLength: 20 }),
          data: fc.uint8Array({ maxLength: 300 }),
        }),
        fc.boolean(),
        ({ extraFee, ...fieldsOf }, freeze) => {
          const tx = createFeeMarket1559Tx(
            { ...fieldsOf, maxFeePerGas: fieldsOf.maxPriorityFeePerGas + extraFee },
            { common },
          ).sign(randomBytes(32));
          const raw = tx.serialize();
          const decoded = expectSame(raw, freeze);
          expect(tookDirectPath(decoded, raw)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("leaves other transactions to ethereumjs, with the same result", () => {
    const others = [
      createLegacyTx({ gasLimit: 21_000n, gasPrice: 7n, to: `0x${"11".repeat(20)}` }, { common }),
      createAccessList2930Tx({ gasLimit: 30_000n, gasPrice: 7n, accessList: [] }, { common }),
      createFeeMarket1559Tx(
        {
          gasLimit: 40_000n,
          maxFeePerGas: 9n,
          to: `0x${"22".repeat(20)}`,
          accessList: [{ address: `0x${"33".repeat(20)}`, storageKeys: [`0x${"44".repeat(32)}`] }],
        },
        { common },
      ),
      // Contract creation: the init code limit is ethereumjs' to check.
      createFeeMarket1559Tx({ gasLimit: 100_000n, maxFeePerGas: 9n, data: "0x6000" }, { common }),
    ];
    for (const tx of others) {
      const raw = tx.sign(KEY).serialize();
      expect(tookDirectPath(expectSame(raw, false), raw)).toBe(false);
    }
  });

  it("gives ethereumjs' error for what it refuses", () => {
    const otherChain = createSharedCommon(1n, { hardfork: Hardfork.Prague });
    const raw = createFeeMarket1559Tx({ gasLimit: 21_000n }, { common: otherChain }).sign(KEY).serialize();
    expect(() => decodeTransaction(raw, common, false)).toThrow(/chain ID/);
    // Not canonical: a leading zero in the nonce (0x82 0x00 0x01).
    const good = createFeeMarket1559Tx({ gasLimit: 21_000n, nonce: 1n }, { common }).sign(KEY).serialize();
    // 0x02, a long list's prefix and length, the chain id (0x82 0x7a 0x69), then the nonce.
    expect([good[1], good[3], good[6]]).toEqual([0xf8, 0x82, 0x01]);
    const bad = Uint8Array.from([...good.subarray(0, 6), 0x82, 0x00, 0x01, ...good.subarray(7)]);
    bad[2] = (bad[2] as number) + 2;
    expect(() => decodeTransaction(bad, common, false)).toThrow();
    expect(() => decodeTransaction(Uint8Array.of(2, 0xc0), common, false)).toThrow();
  });

  it("accepts no bytes that ethereumjs' decoder refuses (raw transactions from clients take it too)", () => {
    const valid = createFeeMarket1559Tx(
      {
        nonce: 3n,
        gasLimit: 60_000n,
        maxFeePerGas: 9n,
        maxPriorityFeePerGas: 2n,
        to: `0x${"66".repeat(20)}`,
        data: "0xa9059cbb",
      },
      { common },
    )
      .sign(KEY)
      .serialize();
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(valid.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.integer({ min: -3, max: 3 }),
        (changes, resize) => {
          const raw = Uint8Array.from(valid);
          for (const { at, byte } of changes) raw[at] = byte;
          const bytes =
            resize >= 0 ? Uint8Array.from([...raw, ...new Array(resize).fill(0)]) : raw.slice(0, resize);
          let reference: TypedTransaction | undefined;
          try {
            reference = createTxFromRLP(bytes, { common, freeze: false });
          } catch {
            expect(() => decodeTransaction(bytes, common, false)).toThrow();
            return;
          }
          expect(fields(decodeTransaction(bytes, common, false))).toEqual(fields(reference));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("takes the direct path only on a Common that transactions share and that knows their parameters", () => {
    const shared = createSharedCommon(31337n, { hardfork: Hardfork.Prague });
    const copied = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    for (const [on, directAfterFirst] of [
      [shared, true],
      [copied, false],
    ] as const) {
      const raw = createFeeMarket1559Tx({ gasLimit: 21_000n, to: `0x${"55".repeat(20)}` }, { common: on })
        .sign(KEY)
        .serialize();
      // The first one merges the parameters (a copied Common gets them in each copy only).
      expect(tookDirectPath(decodeTransaction(raw, on, false), raw)).toBe(false);
      const second = decodeTransaction(raw, on, false);
      expect(tookDirectPath(second, raw)).toBe(directAfterFirst);
      expect(second.getIntrinsicGas()).toBe(21_000n);
    }
  });
});
