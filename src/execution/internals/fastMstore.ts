/**
 * A cheaper MSTORE for ethereumjs' interpreter.
 *
 * ethereumjs turns the stored word into bytes through a hex string checked by a regular
 * expression, then pads it to 32 bytes by spreading both parts into a plain array
 * (`setLengthLeft(bigIntToBytes(word), 32)`). MSTORE runs many times per call frame. `Memory.write`
 * copies what it is given, so here the word goes through one reused 32-byte buffer: 5-8% less
 * CPU time for the sequential executor on ERC-20 transfers.
 *
 * The opcode handlers are a module-level Map that every EVM copies when it builds its opcode
 * table: ethereumjsPatches.ts replaces the entry before the first VM is created, which serves every
 * VM. Like the handler it replaces, this one pops offset and word and writes them; memory growth
 * and its gas are the dynamic gas handler's, unchanged. Correctness does not depend on it: without
 * it, ethereumjs' own MSTORE writes the same bytes.
 */
type RunState = {
  stack: { popN(count: number): bigint[] };
  memory: { write(offset: number, size: number, value: Uint8Array): void };
};
export type OpHandler = (runState: RunState, common: unknown) => void;

export const MSTORE = 0x52;
const HEX_DIGIT = new Uint8Array(128);
for (let i = 0; i < 10; i++) HEX_DIGIT[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_DIGIT[97 + i] = 10 + i;

/** `word` (0 ≤ word < 2^256) as 32 big-endian bytes, written into `out`. */
export function wordToBytes(word: bigint, out: Uint8Array): Uint8Array {
  out.fill(0);
  if (word === 0n) return out;
  const hex = word.toString(16);
  if (hex.length > 64) throw new RangeError(`a stack word has more than 32 bytes: 0x${hex}`);
  let at = 31;
  let end = hex.length;
  for (; end >= 2; end -= 2) {
    out[at--] =
      ((HEX_DIGIT[hex.charCodeAt(end - 2)] as number) << 4) | (HEX_DIGIT[hex.charCodeAt(end - 1)] as number);
  }
  if (end === 1) out[at] = HEX_DIGIT[hex.charCodeAt(0)] as number;
  return out;
}

const word = new Uint8Array(32);

export function mstore(runState: RunState): void {
  const [offset, value] = runState.stack.popN(2) as [bigint, bigint];
  runState.memory.write(Number(offset), 32, wordToBytes(value, word));
}
