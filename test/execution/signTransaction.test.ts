import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { createTx, FeeMarket1559Tx, type TypedTransaction, type TypedTxData } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { describe, expect, it, vi } from "vitest";
import { nativeCustomCrypto } from "../../src/crypto/nativeCrypto.js";
import { rawOf } from "../../src/execution/rawTransaction.js";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";
import { signTransaction } from "../../src/execution/signTransaction.js";

const KEY = hexToBytes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const SENDER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const TO = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

const shared = createSharedCommon(31337n, { hardfork: "prague", customCrypto: nativeCustomCrypto() });
const plain = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });

const requests: [string, TypedTxData][] = [
  [
    "an EIP-1559 call",
    {
      type: 2,
      nonce: 7n,
      gasLimit: 51_234n,
      maxFeePerGas: 3n * 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
      to: TO,
      data: "0xa9059cbb00ff",
    },
  ],
  [
    "an EIP-1559 deployment",
    {
      type: 2,
      nonce: 0n,
      gasLimit: 1_000_000n,
      maxFeePerGas: 2n,
      maxPriorityFeePerGas: 1n,
      data: "0x6080604052",
    },
  ],
  [
    "an EIP-1559 transfer with value",
    {
      type: 2,
      nonce: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 9n,
      maxPriorityFeePerGas: 0n,
      to: TO,
      value: 10n ** 18n,
    },
  ],
  [
    "an EIP-1559 call with an access list",
    {
      type: 2,
      nonce: 2n,
      gasLimit: 60_000n,
      maxFeePerGas: 9n,
      maxPriorityFeePerGas: 1n,
      to: TO,
      accessList: [{ address: TO, storageKeys: [`0x${"0".repeat(64)}`] }],
    },
  ],
  ["a legacy transaction", { type: 0, nonce: 3n, gasLimit: 21_000n, gasPrice: 10n ** 9n, to: TO, value: 1n }],
  [
    "an access-list transaction",
    { type: 1, nonce: 4n, gasLimit: 30_000n, gasPrice: 10n ** 9n, to: TO, accessList: [] },
  ],
];

/** What a signed transaction is on the chain: its bytes, hash and sender. */
function facts(tx: TypedTransaction) {
  return {
    raw: bytesToHex(tx.serialize()),
    hash: bytesToHex(tx.hash()),
    sender: tx.getSenderAddress().toString(),
    v: tx.v,
    r: tx.r,
    s: tx.s,
    frozen: Object.isFrozen(tx),
  };
}

describe("signTransaction", () => {
  for (const common of [shared, plain]) {
    for (const [what, data] of requests) {
      it(`signs ${what} as ethereumjs does (${common === shared ? "native signer" : "ethereumjs' own"})`, () => {
        const chainData = data.type === 0 ? data : { ...data, chainId: common.chainId() };
        const unsigned = createTx(chainData, { common });
        const sign = vi.spyOn(FeeMarket1559Tx.prototype, "sign");
        const signed = signTransaction(unsigned, KEY);
        // The direct path: EIP-1559 without an access list, where the chain has a native signer.
        const direct = common === shared && data.type === 2 && !("accessList" in data);
        expect(sign).toHaveBeenCalledTimes(direct || data.type !== 2 ? 0 : 1);
        sign.mockRestore();
        expect(facts(signed)).toEqual(facts(unsigned.sign(KEY)));
        // The bytes kept for the block's transactions root (encoded once when signed directly).
        expect(bytesToHex(rawOf(signed))).toBe(facts(unsigned.sign(KEY)).raw);
        expect(signed.getSenderAddress().toString()).toBe(SENDER);
        expect(signed.type).toBe(unsigned.type);
      });
    }
  }
});
