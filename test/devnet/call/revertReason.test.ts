/** Revert payloads decoded as ethers' ABI coder reads them; malformed ones are left raw. */
import { AbiCoder } from "ethers";
import { describe, expect, it } from "vitest";
import { decodeRevertReason } from "../../../src/devnet/call/revertReason.js";

const coder = AbiCoder.defaultAbiCoder();
const errorString = (reason: string) => `0x08c379a0${coder.encode(["string"], [reason]).slice(2)}`;
const panic = (code: number) => `0x4e487b71${coder.encode(["uint256"], [code]).slice(2)}`;

describe("decodeRevertReason", () => {
  it.each(["", "Ownable: caller is not the owner", "ünïcødé ✓", "x".repeat(200)])("Error(%j)", (reason) => {
    expect(decodeRevertReason(errorString(reason))).toBe(reason);
  });

  it("Panic codes by Solidity's names", () => {
    expect(decodeRevertReason(panic(0x11))).toBe("panic: arithmetic underflow or overflow (0x11)");
    expect(decodeRevertReason(panic(0x01))).toBe("panic: assertion failed (0x01)");
    expect(decodeRevertReason(panic(0x99))).toBe("panic: unknown panic code (0x99)");
  });

  it("malformed payloads, custom errors and no data", () => {
    const truncated = errorString("a reason long enough").slice(0, 10 + 64 * 2 + 10);
    expect(decodeRevertReason(truncated)).toBeUndefined();
    // An offset pointing past the end.
    expect(decodeRevertReason(`0x08c379a0${"ff".repeat(32)}`)).toBeUndefined();
    // Bytes that are not UTF-8.
    expect(decodeRevertReason(`0x08c379a0${coder.encode(["bytes"], ["0xff"]).slice(2)}`)).toBeUndefined();
    expect(decodeRevertReason("0x4e487b71")).toBeUndefined();
    expect(decodeRevertReason("0xdeadbeef")).toBe("custom error 0xdeadbeef");
    expect(decodeRevertReason("0x")).toBeUndefined();
  });
});
