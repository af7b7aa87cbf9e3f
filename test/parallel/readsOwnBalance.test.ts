import { hexToBytes } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { readsOwnBalance } from "../../src/parallel/readsOwnBalance.js";

describe("readsOwnBalance", () => {
  it("finds SELFBALANCE among the opcodes", () => {
    expect(readsOwnBalance(hexToBytes("0x4760005500"))).toBe(true);
  });

  it("skips PUSH data that holds the byte", () => {
    expect(readsOwnBalance(hexToBytes("0x604760005500"))).toBe(false);
    expect(
      readsOwnBalance(hexToBytes("0x7f00000000000000000000000000000000000000000000000000000000000000475000")),
    ).toBe(false);
  });

  it("does not count ADDRESS BALANCE, which WETH's rarely called totalSupply uses", () => {
    expect(readsOwnBalance(hexToBytes("0x303160005500"))).toBe(false);
  });

  it("counts a delegating account, which runs other code", () => {
    expect(readsOwnBalance(hexToBytes(`0xef0100${"11".repeat(20)}`))).toBe(true);
  });
});
