import { createTx, type TypedTxData } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { nativeCustomCrypto } from "../../../src/crypto/nativeCrypto.js";
import { impersonatedTx } from "../../../src/devnet/call/impersonatedTx.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";

const common = createSharedCommon(31337n, { hardfork: "prague", customCrypto: nativeCustomCrypto() });
const SENDER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const TO = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

const requests: [string, TypedTxData][] = [
  [
    "an EIP-1559 call",
    {
      type: 2,
      nonce: 5n,
      gasLimit: 50_000n,
      maxFeePerGas: 9n,
      maxPriorityFeePerGas: 1n,
      to: TO,
      data: "0x01",
    },
  ],
  [
    "an EIP-1559 deployment",
    { type: 2, nonce: 0n, gasLimit: 90_000n, maxFeePerGas: 9n, maxPriorityFeePerGas: 1n, data: "0x6000" },
  ],
  [
    "an EIP-1559 call with an access list",
    {
      type: 2,
      nonce: 1n,
      gasLimit: 50_000n,
      maxFeePerGas: 9n,
      maxPriorityFeePerGas: 1n,
      to: TO,
      accessList: [{ address: TO, storageKeys: [] }],
    },
  ],
  ["a legacy transfer", { type: 0, nonce: 2n, gasLimit: 21_000n, gasPrice: 9n, to: TO, value: 3n }],
];

describe("impersonatedTx", () => {
  for (const [what, data] of requests) {
    it(`gives ${what} a made-up signature and the claimed sender`, () => {
      const unsigned = createTx({ ...data, ...(data.type === 0 ? {} : { chainId: 31337n }) }, { common });
      const tx = impersonatedTx(unsigned, SENDER);
      expect(tx.getSenderAddress().toString()).toBe(SENDER);
      expect(Object.isFrozen(tx)).toBe(true);
      expect(tx.type).toBe(unsigned.type);
      // The same bytes and hash as the constructor's copy with that signature.
      const expected = unsigned.addSignature(tx.v as bigint, tx.r as bigint, tx.s as bigint, false);
      expect(bytesToHex(tx.serialize())).toBe(bytesToHex(expected.serialize()));
      expect(bytesToHex(tx.hash())).toBe(bytesToHex(expected.hash()));
      expect(tx.s).toBe(1n);
      // Another sender, or another nonce, another hash.
      expect(bytesToHex(impersonatedTx(unsigned, TO).hash())).not.toBe(bytesToHex(tx.hash()));
    });
  }
});
