/**
 * The block a message runs in: its head block's, with the base fee zeroed for a message that
 * names no fee (as geth and anvil answer eth_call), and otherwise exactly the head's.
 */
import { bytesToBigInt, hexToBytes } from "@ethereumjs/util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "../../../src/devnet/Devnet.js";

/** Returns BASEFEE, NUMBER, TIMESTAMP, GASLIMIT and BLOBBASEFEE, a word each. */
const BLOCK_ENV = `0x${"e0".repeat(20)}`;
const BLOCK_ENV_CODE = "0x486000524360205242604052456060524a60805260a06000f3";

let devnet: Devnet;

beforeAll(async () => {
  devnet = await Devnet.create();
  await devnet.editState([
    devnet.accountEdit(BLOCK_ENV, { code: hexToBytes(BLOCK_ENV_CODE as `0x${string}`) }),
  ]);
  await devnet.mine();
});

afterAll(async () => {
  await devnet.close();
});

function words(bytes: Uint8Array): bigint[] {
  return Array.from({ length: bytes.length / 32 }, (_, i) =>
    bytesToBigInt(bytes.subarray(i * 32, i * 32 + 32)),
  );
}

describe("a message's block", () => {
  it("is the head's, with no base fee for a message that names no fee, the same each time", async () => {
    const { header } = devnet.head.block;
    const expected = [0n, header.number, header.timestamp, header.gasLimit, header.getBlobGasPrice()];
    for (let run = 0; run < 2; run++) {
      const result = await devnet.call({ to: BLOCK_ENV }, devnet.chain.height);
      expect(result.error).toBeUndefined();
      expect(words(result.returnValue)).toEqual(expected);
    }
    // The head's own header is left as it was.
    expect(header.baseFeePerGas).toBeGreaterThan(0n);
  });

  it("keeps the base fee for a message that names its fees", async () => {
    const { header } = devnet.head.block;
    const baseFee = header.baseFeePerGas as bigint;
    const result = await devnet.call(
      {
        from: devnet.accounts[0]?.address as string,
        to: BLOCK_ENV,
        maxFeePerGas: baseFee * 2n,
        maxPriorityFeePerGas: 0n,
      },
      devnet.chain.height,
    );
    expect(result.invalid ?? result.error).toBeUndefined();
    expect(words(result.returnValue)[0]).toBe(baseFee);
  });
});
