/**
 * A storage value as the state keeps it: big-endian bytes without leading zeros (empty = zero).
 * A view, no copy; @ethereumjs/util's unpadBytes copies once per zero byte, too slow for SSTORE.
 */
export function stripLeadingZeros(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length && value[start] === 0) start++;
  return start === 0 ? value : value.subarray(start);
}
