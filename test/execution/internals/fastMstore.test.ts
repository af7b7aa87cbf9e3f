import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MSTORE, mstore, wordToBytes } from "../../../src/execution/internals/fastMstore.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";
import { createExecutionContext } from "../../../src/execution/sequentialExecutor.js";

const MAX_WORD = (1n << 256n) - 1n;
const padded = (word: bigint) => hexToBytes(`0x${word.toString(16).padStart(64, "0")}`);

/** PUSH32 word, PUSH2 offset, MSTORE; ...; then RETURN `size` bytes from `from`. */
function storeAndReturn(stores: [bigint, number][], from: number, size: number): Uint8Array {
  let code = "";
  const push2 = (n: number) => `61${n.toString(16).padStart(4, "0")}`;
  for (const [word, offset] of stores) code += `7f${word.toString(16).padStart(64, "0")}${push2(offset)}52`;
  code += `${push2(size)}${push2(from)}f3`;
  return hexToBytes(`0x${code}`);
}

describe("fastMstore", () => {
  it("is the MSTORE handler of the EVMs the executor builds", async () => {
    const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const handlers = (ctx.vm.evm as unknown as { _handlers: Map<number, unknown> })._handlers;
    expect(handlers.get(MSTORE)).toBe(mstore);
  });

  it("writes any 256-bit word as 32 big-endian bytes", () => {
    const out = new Uint8Array(32);
    for (const word of [0n, 1n, 0xfn, 0x10n, 0xabcn, 1n << 255n, MAX_WORD, MAX_WORD >> 4n])
      expect(bytesToHex(wordToBytes(word, out))).toBe(bytesToHex(padded(word)));
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_WORD }), (word) => {
        expect(bytesToHex(wordToBytes(word, out))).toBe(bytesToHex(padded(word)));
      }),
    );
  });

  it("leaves nothing of a longer word in the reused buffer", () => {
    const out = wordToBytes(MAX_WORD, new Uint8Array(32));
    expect(bytesToHex(wordToBytes(0x1234n, out))).toBe(bytesToHex(padded(0x1234n)));
  });

  it("stores words in EVM memory as the EVM defines, overlapping, unaligned and past 8 KiB", async () => {
    const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const a = (1n << 255n) | 0xabn;
    const b = 0x0102n;
    const c = MAX_WORD;
    const code = storeAndReturn(
      [
        [a, 0],
        [b, 17],
        [c, 9000],
      ],
      0,
      9032,
    );
    const result = await ctx.vm.evm.runCode({ code, gasLimit: 1_000_000n });
    expect(result.exceptionError).toBeUndefined();
    const expected = new Uint8Array(9032);
    expected.set(padded(a), 0);
    expected.set(padded(b), 17);
    expected.set(padded(c), 9000);
    expect(bytesToHex(result.returnValue)).toBe(bytesToHex(expected));
  });

  it("still fails with a stack underflow when the stack lacks a word", async () => {
    const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const result = await ctx.vm.evm.runCode({ code: hexToBytes("0x600052"), gasLimit: 100_000n });
    expect(result.exceptionError?.error).toBe("stack underflow");
  });
});
