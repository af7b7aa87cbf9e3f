/**
 * `size` bytes of EVM memory from `offset`, zeros past its end: an opcode that reads memory
 * (LOG, CREATE2) expands it first, so bytes beyond the memory seen before the opcode are zero.
 */
export function memorySlice(memory: Uint8Array, offset: bigint, size: bigint): Uint8Array {
  const out = new Uint8Array(Number(size));
  if (offset < BigInt(memory.length)) out.set(memory.subarray(Number(offset), Number(offset + size)));
  return out;
}
