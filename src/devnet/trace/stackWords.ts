/** Stack words (bigints) as the addresses, hashes and hex that traces print. */

const ADDRESS_MASK = (1n << 160n) - 1n;

/** The address in the low 20 bytes of a word, lowercase "0x…". */
export function wordToAddress(word: bigint): string {
  return `0x${(word & ADDRESS_MASK).toString(16).padStart(40, "0")}`;
}

/** A word as 64 hex digits without a prefix (geth's struct-log storage keys and values). */
export function wordToHex64(word: bigint): string {
  return word.toString(16).padStart(64, "0");
}

/** A word as 32 big-endian bytes. */
export function wordToBytes(word: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(wordToHex64(word), "hex"));
}

/** Big-endian bytes (any length up to 32) as 64 hex digits without a prefix. */
export function bytesToHex64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex").padStart(64, "0");
}

/** A JSON-RPC quantity: "0x" and hex digits without leading zeros. */
export function toQuantityHex(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}
