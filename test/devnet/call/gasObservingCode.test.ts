import { hexToBytes } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { observesGas } from "../../../src/devnet/call/gasObservingCode.js";

describe("observesGas", () => {
  it.each([
    ["no code", "0x", false],
    ["SLOAD, SSTORE, LOG, RETURN", "0x600054600055a060006000f3", false],
    ["GAS", "0x5a", true],
    ["CALL", "0x6000600060006000600060006000f1", true],
    ["STATICCALL", "0xfa", true],
    ["DELEGATECALL", "0xf4", true],
    ["CREATE2", "0xf5", true],
    ["BALANCE", "0x3031", true],
    ["CALL's byte inside PUSH data", "0x61f1f150", false],
    ["GAS's byte as the last PUSH32 byte", `0x7f${"00".repeat(31)}5a`, false],
    ["an EIP-7702 delegation", `0xef0100${"11".repeat(20)}`, true],
  ])("%s", (_label, code, expected) => {
    expect(observesGas(hexToBytes(code as `0x${string}`))).toBe(expected);
  });
});
