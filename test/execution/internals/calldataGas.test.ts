import { Hardfork } from "@ethereumjs/common";
import {
  type AccessList,
  createAccessList2930Tx,
  createFeeMarket1559Tx,
  createLegacyTx,
  type TypedTransaction,
} from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cacheCalldataGas } from "../../../src/execution/internals/calldataGas.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";

const KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const TO = new Address(Uint8Array.from({ length: 20 }, (_, i) => i + 7));
const ACCESS_LIST: AccessList = [{ address: TO.toString(), storageKeys: [`0x${"01".repeat(32)}`] }];

/** Calldata bytes, zeros among them about half the time. */
const calldata = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 255 })), { maxLength: 300 });

function build(kind: number, data: number[], hardfork: Hardfork): TypedTransaction {
  const common = createSharedCommon(31337n, { hardfork });
  const fields = { to: TO, gasLimit: 1_000_000n, data: Uint8Array.from(data) };
  const opts = { common, freeze: false };
  if (kind === 0) return createLegacyTx({ ...fields, gasPrice: 10n }, opts).sign(KEY);
  if (kind === 1)
    return createAccessList2930Tx({ ...fields, gasPrice: 10n, accessList: ACCESS_LIST }, opts).sign(KEY);
  return createFeeMarket1559Tx({ ...fields, maxFeePerGas: 10n, accessList: ACCESS_LIST }, opts).sign(KEY);
}

describe("cacheCalldataGas", () => {
  it("fills ethereumjs' calldata gas cache with what ethereumjs counts, for every kind and fork", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        calldata,
        fc.integer({ min: 0, max: 3 }),
        (kind, data, fork) => {
          // Petersburg prices a non-zero byte at 68, later forks at 16; each kind from its first fork on.
          const forks = [Hardfork.Petersburg, Hardfork.Berlin, Hardfork.London, Hardfork.Prague];
          const tx = build(kind, data, forks[Math.max(fork, kind)] as Hardfork);
          expect(Object.isFrozen(tx)).toBe(false);
          // Not frozen: ethereumjs counts every time and caches nothing.
          const dataGas = tx.getDataGas();
          const intrinsic = tx.getIntrinsicGas();
          expect(tx.cache.dataFee).toBeUndefined();
          cacheCalldataGas(tx);
          expect(tx.cache.dataFee?.hardfork).toBe(tx.common.hardfork());
          expect(tx.getDataGas()).toBe(dataGas);
          expect(tx.getIntrinsicGas()).toBe(intrinsic);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("makes ethereumjs answer from the cache instead of counting again", () => {
    const tx = build(2, [0, 0, 0, 0], Hardfork.Prague);
    cacheCalldataGas(tx);
    const cached = tx.getDataGas();
    // Bytes changed in place after caching: a count would now differ, the cache does not.
    tx.data.fill(1);
    expect(tx.getDataGas()).toBe(cached);
    expect(build(2, [1, 1, 1, 1], Hardfork.Prague).getDataGas()).not.toBe(cached);
  });

  it("leaves a contract creation (its init code has a price of its own) to ethereumjs", () => {
    const common = createSharedCommon(31337n, { hardfork: Hardfork.Prague });
    const tx = createFeeMarket1559Tx(
      { gasLimit: 1_000_000n, maxFeePerGas: 10n, data: Uint8Array.of(0x60, 0, 0x60, 0) },
      { common, freeze: false },
    ).sign(KEY);
    cacheCalldataGas(tx);
    expect(tx.cache.dataFee).toBeUndefined();
  });
});
