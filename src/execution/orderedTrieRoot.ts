/**
 * Root of the trie keyed by rlp(index) that transactions, receipts and withdrawals roots use.
 *
 * Built in one pass from the sorted keys (no trie object, no database): a node is a leaf when
 * one key is left, an extension when all keys share the next nibbles, else a branch. A node whose
 * RLP is shorter than 32 bytes is embedded in its parent instead of hashed, as the trie requires.
 * Measured ~4x faster than filling an @ethereumjs/mpt trie for the one-transaction blocks of
 * automine.
 */
import { RLP } from "@ethereumjs/rlp";
import { keccak256 } from "../crypto/nativeCrypto.js";

type Input = string | Uint8Array | Input[];
type Item = { key: number[]; value: Uint8Array };

const EMPTY = new Uint8Array();

export async function orderedTrieRoot(values: readonly Uint8Array[]): Promise<Uint8Array> {
  const items: Item[] = values.map((value, i) => ({ key: nibbles(RLP.encode(i)), value }));
  // Sorting by nibbles keeps keys with common prefixes together (rlp(i) is not ordered as i is).
  items.sort((a, b) => compare(a.key, b.key));
  if (items.length === 0) return keccak256(RLP.encode(EMPTY));
  return keccak256(RLP.encode(node(items, 0)));
}

function node(items: Item[], depth: number): Input[] {
  const first = items[0] as Item;
  if (items.length === 1) return [hexPrefix(first.key.slice(depth), true), first.value];
  const last = items[items.length - 1] as Item;
  let shared = depth;
  while (shared < first.key.length && shared < last.key.length && first.key[shared] === last.key[shared])
    shared++;
  if (shared > depth)
    return [hexPrefix(first.key.slice(depth, shared), false), reference(node(items, shared))];
  const branch: Input[] = new Array(17).fill(EMPTY);
  let start = 0;
  if (first.key.length === depth) {
    branch[16] = first.value;
    start = 1;
  }
  while (start < items.length) {
    const nibble = (items[start] as Item).key[depth] as number;
    let end = start + 1;
    while (end < items.length && (items[end] as Item).key[depth] === nibble) end++;
    branch[nibble] = reference(node(items.slice(start, end), depth + 1));
    start = end;
  }
  return branch;
}

/** How a parent refers to a child: its hash, or the child itself when its RLP is short. */
function reference(child: Input[]): Input {
  const encoded = RLP.encode(child);
  return encoded.length < 32 ? child : keccak256(encoded);
}

function nibbles(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const byte of bytes) out.push(byte >> 4, byte & 0x0f);
  return out;
}

function hexPrefix(path: number[], leaf: boolean): Uint8Array {
  const odd = path.length % 2 === 1;
  const out = new Uint8Array(1 + (path.length >> 1));
  out[0] = ((leaf ? 2 : 0) + (odd ? 1 : 0)) << 4;
  let i = 0;
  if (odd) out[0] |= path[i++] as number;
  for (let byte = 1; i < path.length; i += 2, byte++)
    out[byte] = ((path[i] as number) << 4) | (path[i + 1] as number);
  return out;
}

function compare(a: number[], b: number[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}
