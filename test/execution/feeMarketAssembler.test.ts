import { createTx } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { feeMarketAssembler } from "../../src/execution/feeMarketAssembler.js";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";

const common = createSharedCommon(31337n, { hardfork: "prague" });
const TO = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

/** An unsigned EIP-1559 transaction to TO on the test chain, with `fields` over the defaults. */
function feeMarketTx(fields: Record<string, unknown>) {
  return createTx({ type: 2, chainId: 31337n, maxFeePerGas: 9n, to: TO, ...fields }, { common });
}

describe("feeMarketAssembler", () => {
  it("copies an EIP-1559 transaction with another gas limit as ethereumjs builds it", () => {
    const unsigned = feeMarketTx({
      nonce: 4n,
      gasLimit: 30_000_000n,
      maxPriorityFeePerGas: 1n,
      data: "0x01",
    });
    const copy = feeMarketAssembler(unsigned)?.({ gasLimit: 43_210n }, true);
    const expected = createTx({ ...unsigned.toJSON(), gasLimit: 43_210n }, { common });
    expect(copy).toBeDefined();
    expect(bytesToHex(copy?.getHashedMessageToSign() ?? new Uint8Array())).toBe(
      bytesToHex(expected.getHashedMessageToSign()),
    );
    expect(copy?.toJSON()).toEqual(expected.toJSON());
    expect(Object.isFrozen(copy)).toBe(true);
    expect(unsigned.gasLimit).toBe(30_000_000n);
  });

  it("makes no copies of other transactions: the caller goes through ethereumjs", () => {
    const withAccessList = feeMarketTx({ gasLimit: 50_000n, accessList: [{ address: TO, storageKeys: [] }] });
    const legacy = createTx({ type: 0, gasLimit: 21_000n, gasPrice: 9n, to: TO }, { common });
    expect(feeMarketAssembler(withAccessList)).toBeUndefined();
    expect(feeMarketAssembler(legacy)).toBeUndefined();
  });
});
