/**
 * The lower-case 0x hex of an address or a storage slot: the keys of the state's maps.
 *
 * ethereumjs' `Address.toString()` and `bytesToHex` build the string two digits at a time, a
 * chain of concatenations that V8 must flatten before it can hash it for the map lookup that
 * follows, and the state is looked up this way on every account and slot access. Writing the
 * digits into a reused buffer and decoding them in one call gives a flat string at once:
 * 486 -> 210 ns per address with its lookup (microbenchmark, 4,000 addresses).
 */
import { bytesToHex } from "@ethereumjs/util";

/** Longest input converted here (a word); anything longer goes to ethereumjs. */
const MAX_BYTES = 32;

const DIGIT_PAIRS = new Uint8Array(512);
const DIGITS = "0123456789abcdef";
for (let byte = 0; byte < 256; byte++) {
  DIGIT_PAIRS[2 * byte] = DIGITS.charCodeAt(byte >> 4);
  DIGIT_PAIRS[2 * byte + 1] = DIGITS.charCodeAt(byte & 15);
}

const scratch = Buffer.alloc(2 + 2 * MAX_BYTES);
scratch.write("0x", "latin1");

export function hexOf(bytes: Uint8Array): string {
  const length = bytes.length;
  if (length > MAX_BYTES) return bytesToHex(bytes);
  for (let i = 0; i < length; i++) {
    const pair = 2 * (bytes[i] as number);
    scratch[2 + 2 * i] = DIGIT_PAIRS[pair] as number;
    scratch[3 + 2 * i] = DIGIT_PAIRS[pair + 1] as number;
  }
  return scratch.toString("latin1", 0, 2 + 2 * length);
}
