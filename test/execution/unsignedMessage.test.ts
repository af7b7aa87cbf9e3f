import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import {
  createAccessList2930Tx,
  createEOACode7702Tx,
  createFeeMarket1559Tx,
  createLegacyTx,
} from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keccak256 } from "../../src/crypto/nativeCrypto.js";
import { decodeRawTransaction } from "../../src/execution/decodeRawTransaction.js";
import { unsignedMessageOf } from "../../src/execution/unsignedMessage.js";

const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
const key = hexToBytes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcab7ff9a7e4f2ff80");
const address = "0x1234567890123456789012345678901234567890" as const;

const fields = fc.record({
  nonce: fc.bigInt({ min: 0n, max: 2n ** 64n - 2n }),
  gasLimit: fc.bigInt({ min: 21_000n, max: 30_000_000n }),
  value: fc.bigInt({ min: 0n, max: 2n ** 128n }),
  data: fc.uint8Array({ maxLength: 300 }),
  fee: fc.bigInt({ min: 1n, max: 2n ** 64n }),
  keys: fc.nat({ max: 3 }),
});

describe("unsignedMessageOf", () => {
  it("cuts the message ethereumjs signs out of the bytes, for any access-list, fee-market and set-code transaction", () => {
    fc.assert(
      fc.property(fields, fc.constantFrom(1, 2, 4), ({ nonce, gasLimit, value, data, fee, keys }, type) => {
        const accessList = Array.from({ length: keys }, (_, k) => ({
          address,
          storageKeys: [bytesToHex(new Uint8Array(32).fill(k))],
        }));
        const base = { nonce, gasLimit, value, data, to: address, accessList };
        const fees = { maxFeePerGas: fee, maxPriorityFeePerGas: fee };
        const tx =
          type === 1
            ? createAccessList2930Tx({ ...base, gasPrice: fee }, { common }).sign(key)
            : type === 2
              ? createFeeMarket1559Tx({ ...base, ...fees }, { common }).sign(key)
              : createEOACode7702Tx(
                  {
                    ...base,
                    ...fees,
                    authorizationList: [
                      { chainId: "0x1", address, nonce: "0x0", yParity: "0x1", r: "0x01", s: "0x02" },
                    ],
                  },
                  { common },
                ).sign(key);
        expect(unsignedMessageOf(tx.serialize())).toEqual(tx.getMessageToSign());
      }),
      { numRuns: 80 },
    );
  });

  it("leaves legacy transactions, blob types and malformed bytes to ethereumjs", () => {
    const legacy = createLegacyTx({ gasLimit: 21_000n, gasPrice: 1n, to: address }, { common }).sign(key);
    expect(unsignedMessageOf(legacy.serialize())).toBeUndefined();
    expect(unsignedMessageOf(new Uint8Array([3, 0xc3, 1, 2, 3, 4]))).toBeUndefined();
    expect(unsignedMessageOf(new Uint8Array([2, 0xc5, 1, 2]))).toBeUndefined(); // list runs past the end
    expect(unsignedMessageOf(new Uint8Array([2, 0xc2, 1, 2]))).toBeUndefined(); // fewer fields than a signature
    expect(unsignedMessageOf(new Uint8Array([2]))).toBeUndefined();
  });

  it("leaves a chain id written with a leading zero to ethereumjs, which encodes it without", () => {
    const tx = createFeeMarket1559Tx({ gasLimit: 21_000n, maxFeePerGas: 2n, to: address }, { common }).sign(
      key,
    );
    const fields = RLP.decode(tx.serialize().subarray(1)) as Uint8Array[];
    const padded = [new Uint8Array([0, ...(fields[0] as Uint8Array)]), ...fields.slice(1)];
    const raw = new Uint8Array([2, ...RLP.encode(padded)]);
    expect(unsignedMessageOf(raw)).toBeUndefined();
    expect(unsignedMessageOf(tx.serialize())).toBeDefined();
    // As geth does, decodeRawTransaction refuses it: its hash would not be of its bytes.
    expect(() => decodeRawTransaction(raw, common)).toThrow(/chain id has leading zero/);
    expect(decodeRawTransaction(tx.serialize(), common).sender).toBe(tx.getSenderAddress().toString());
  });

  it("gives decodeRawTransaction the sender and hash ethereumjs computes from the fields", () => {
    const tx = createFeeMarket1559Tx(
      {
        gasLimit: 50_000n,
        maxFeePerGas: 9n,
        maxPriorityFeePerGas: 1n,
        to: address,
        data: new Uint8Array(80).fill(7),
      },
      { common },
    ).sign(key);
    const { tx: decoded, sender } = decodeRawTransaction(tx.serialize(), common);
    expect(sender).toBe(tx.getSenderAddress().toString());
    expect(bytesToHex(decoded.hash())).toBe(bytesToHex(keccak256(tx.serialize())));
  });
});
