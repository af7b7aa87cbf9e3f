/**
 * Writing RLP into one buffer whose size was counted first: what the encoders of the block's
 * tries use instead of `RLP.encode`, which encodes each item into its own array and concatenates
 * them level by level.
 */

/** Bytes of a length prefix beyond the first: 0 up to 55, else the length's own byte count. */
function lengthOfLength(length: number): number {
  if (length <= 55) return 0;
  let count = 1;
  while (length >= 256 ** count) count++;
  return count;
}

/** Bytes `bytes` take as an RLP string. */
export function stringLength(bytes: Uint8Array): number {
  if (bytes.length === 1 && (bytes[0] as number) < 0x80) return 1;
  return 1 + lengthOfLength(bytes.length) + bytes.length;
}

/** Bytes a list of `payload` bytes of encoded items takes. */
export function listLength(payload: number): number {
  return 1 + lengthOfLength(payload) + payload;
}

function writeLength(out: Uint8Array, at: number, length: number, short: number, long: number): number {
  const extra = lengthOfLength(length);
  if (extra === 0) {
    out[at] = short + length;
    return at + 1;
  }
  out[at++] = long + extra;
  for (let i = extra - 1; i >= 0; i--) out[at++] = Math.floor(length / 256 ** i) & 0xff;
  return at;
}

/** Writes `bytes` as an RLP string at `at`; returns where it ends. */
export function writeString(out: Uint8Array, at: number, bytes: Uint8Array): number {
  if (bytes.length === 1 && (bytes[0] as number) < 0x80) {
    out[at] = bytes[0] as number;
    return at + 1;
  }
  at = writeLength(out, at, bytes.length, 0x80, 0xb7);
  out.set(bytes, at);
  return at + bytes.length;
}

/** Writes the header of a list of `payload` bytes at `at`; returns where its items start. */
export function writeListHeader(out: Uint8Array, at: number, payload: number): number {
  return writeLength(out, at, payload, 0xc0, 0xf7);
}
