/**
 * Human-readable revert reasons: Error(string), Panic(uint256) with Solidity's panic codes,
 * and custom errors (named by selector; decoded only when the caller knows the ABI).
 */
import { AbiCoder } from "ethers";
import { RevertError } from "../../errors/DevnetError.js";

const ERROR_STRING = "0x08c379a0";
const PANIC = "0x4e487b71";

const PANIC_REASONS: Record<number, string> = {
  0: "generic panic",
  1: "assertion failed",
  17: "arithmetic underflow or overflow",
  18: "division or modulo by zero",
  33: "enum overflow",
  34: "invalid encoded storage byte array accessed",
  49: "out-of-bounds pop on an empty array",
  50: "out-of-bounds array access",
  65: "out of memory",
  81: "uninitialized function",
};

/** The reason in a revert payload, or undefined for empty data and unknown custom errors. */
export function decodeRevertReason(data: string): string | undefined {
  const selector = data.slice(0, 10).toLowerCase();
  try {
    if (selector === ERROR_STRING) {
      return String(AbiCoder.defaultAbiCoder().decode(["string"], `0x${data.slice(10)}`)[0]);
    }
    if (selector === PANIC) {
      const code = Number(AbiCoder.defaultAbiCoder().decode(["uint256"], `0x${data.slice(10)}`)[0]);
      const why = PANIC_REASONS[code] ?? "unknown panic code";
      return `panic: ${why} (0x${code.toString(16).padStart(2, "0")})`;
    }
  } catch {
    return undefined; // malformed payload: leave it to the raw data
  }
  if (data.length >= 10) return `custom error ${selector}`;
  return undefined;
}

export function revertError(data: string): RevertError {
  return new RevertError(decodeRevertReason(data), data);
}
