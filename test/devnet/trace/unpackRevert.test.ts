/** Revert reasons and EVM errors in geth's words, as callTracer prints them. */
import { AbiCoder, concat, id } from "ethers";
import { describe, expect, it } from "vitest";
import { unpackRevert } from "../../../src/devnet/trace/unpackRevert.js";
import { vmErrorMessage } from "../../../src/devnet/trace/vmErrorMessage.js";

const coder = AbiCoder.defaultAbiCoder();
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
const errorString = (reason: string) =>
  bytes(concat([id("Error(string)").slice(0, 10), coder.encode(["string"], [reason])]));
const panic = (code: number) =>
  bytes(concat([id("Panic(uint256)").slice(0, 10), coder.encode(["uint256"], [code])]));

describe("unpackRevert", () => {
  it("decodes Error(string) and Solidity's panics as geth words them", () => {
    expect(unpackRevert(errorString("not enough"))).toBe("not enough");
    expect(unpackRevert(errorString(""))).toBe("");
    expect(unpackRevert(panic(0x01))).toBe("assert(false)");
    expect(unpackRevert(panic(0x11))).toBe("arithmetic underflow or overflow");
    expect(unpackRevert(panic(0x12))).toBe("division or modulo by zero");
    expect(unpackRevert(panic(0x99))).toBe("unknown panic code: 0x99");
  });

  it("leaves custom errors, short and malformed data undecoded", () => {
    const custom = bytes(
      concat([
        id("CustomError(uint256,string)").slice(0, 10),
        coder.encode(["uint256", "string"], [42, "x"]),
      ]),
    );
    expect(unpackRevert(custom)).toBeUndefined();
    expect(unpackRevert(new Uint8Array())).toBeUndefined();
    expect(unpackRevert(bytes("0x08c379a0"))).toBeUndefined();
    expect(unpackRevert(errorString("cut").subarray(0, 40))).toBeUndefined();
  });
});

describe("vmErrorMessage", () => {
  it("names ethereumjs' errors as geth does", () => {
    expect(vmErrorMessage("revert", undefined)).toBe("execution reverted");
    expect(vmErrorMessage("out of gas", undefined)).toBe("out of gas");
    expect(vmErrorMessage("invalid JUMP at 0xab/0xcd:3", undefined)).toBe("invalid jump destination");
    expect(vmErrorMessage("static state change", undefined)).toBe("write protection");
    expect(vmErrorMessage("code size to deposit exceeds maximum code size", undefined)).toBe(
      "max code size exceeded",
    );
    expect(vmErrorMessage("create collision", undefined)).toBe("contract address collision");
    expect(vmErrorMessage("invalid opcode", { code: 0xfe, gasLeft: 10n, stackLength: 0 })).toBe(
      "invalid opcode: INVALID",
    );
    expect(vmErrorMessage("invalid opcode", { code: 0x0c, gasLeft: 10n, stackLength: 0 })).toBe(
      "invalid opcode: opcode 0xc not defined",
    );
    expect(vmErrorMessage("out of gas", { code: 0x55, gasLeft: 2300n, stackLength: 2 })).toBe(
      "out of gas: not enough gas for reentrancy sentry",
    );
    expect(vmErrorMessage("stack underflow", { code: 0x01, gasLeft: 10n, stackLength: 1 })).toBe(
      "stack underflow (1 <=> 2)",
    );
    expect(vmErrorMessage("stack underflow", { code: 0x86, gasLeft: 10n, stackLength: 3 })).toBe(
      "stack underflow (3 <=> 7)",
    );
  });
});
