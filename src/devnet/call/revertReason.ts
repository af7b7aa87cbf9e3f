/**
 * Human-readable revert reasons: Error(string), Panic(uint256) with Solidity's panic codes,
 * and custom errors (named by selector; decoded only when the caller knows the ABI).
 */
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
  const args = Buffer.from(data.slice(10), "hex");
  if (selector === ERROR_STRING) return abiString(args);
  if (selector === PANIC) {
    if (args.length < 32) return undefined;
    const code = Number(word(args, 0));
    const why = PANIC_REASONS[code] ?? "unknown panic code";
    return `panic: ${why} (0x${code.toString(16).padStart(2, "0")})`;
  }
  if (data.length >= 10) return `custom error ${selector}`;
  return undefined;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** An ABI-encoded `string` argument; undefined when malformed (the raw data then speaks). */
function abiString(args: Buffer): string | undefined {
  if (args.length < 32) return undefined;
  const offset = word(args, 0);
  if (offset + 32n > BigInt(args.length)) return undefined;
  const length = word(args, Number(offset));
  const start = Number(offset) + 32;
  if (BigInt(start) + length > BigInt(args.length)) return undefined;
  try {
    return UTF8.decode(args.subarray(start, start + Number(length)));
  } catch {
    return undefined;
  }
}

function word(bytes: Buffer, at: number): bigint {
  return BigInt(`0x${bytes.subarray(at, at + 32).toString("hex")}`);
}

export function revertError(data: string): RevertError {
  return new RevertError(decodeRevertReason(data), data);
}
