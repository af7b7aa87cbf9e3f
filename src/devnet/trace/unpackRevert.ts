/**
 * The `revertReason` of a callTracer frame, decoded as geth's `abi.UnpackRevert` does: the string
 * of `Error(string)`, the wording of Solidity's panic codes for `Panic(uint256)`, nothing for
 * custom errors or malformed data.
 */

const ERROR_SELECTOR = "08c379a0";
const PANIC_SELECTOR = "4e487b71";

/** geth's wording of Solidity's panic codes. */
const PANIC_REASONS = new Map<bigint, string>([
  [0x00n, "generic panic"],
  [0x01n, "assert(false)"],
  [0x11n, "arithmetic underflow or overflow"],
  [0x12n, "division or modulo by zero"],
  [0x21n, "enum overflow"],
  [0x22n, "invalid encoded storage byte array accessed"],
  [0x31n, "out-of-bounds array access; popping on an empty array"],
  [0x32n, "out-of-bounds access of an array or bytesN"],
  [0x41n, "out of memory"],
  [0x51n, "uninitialized function"],
]);

/** The reason in revert data, or undefined when it is neither Error(string) nor Panic(uint256). */
export function unpackRevert(data: Uint8Array): string | undefined {
  if (data.length < 4) return undefined;
  const selector = Buffer.from(data.subarray(0, 4)).toString("hex");
  const body = data.subarray(4);
  if (selector === PANIC_SELECTOR) {
    if (body.length < 32) return undefined;
    const code = wordAt(body, 0);
    return PANIC_REASONS.get(code) ?? `unknown panic code: 0x${code.toString(16)}`;
  }
  if (selector !== ERROR_SELECTOR || body.length < 64) return undefined;
  const offset = wordAt(body, 0);
  if (offset + 32n > BigInt(body.length)) return undefined;
  const length = wordAt(body, Number(offset));
  const start = Number(offset) + 32;
  if (BigInt(start) + length > BigInt(body.length)) return undefined;
  return new TextDecoder().decode(body.subarray(start, start + Number(length)));
}

function wordAt(bytes: Uint8Array, offset: number): bigint {
  return BigInt(`0x${Buffer.from(bytes.subarray(offset, offset + 32)).toString("hex")}`);
}
