/**
 * Just enough ABI encoding for the benchmark's calls: static words (address, uint256, bool) and
 * strings (the Token constructor). Function selectors are the first four bytes of the keccak of
 * the canonical signature.
 */
import { keccak256 } from "../dist/crypto/nativeCrypto.js";

export type AbiType = "address" | "uint256" | "bool" | "string";
export type AbiValue = string | bigint | boolean;

const selectors = new Map<string, Uint8Array>();

/** The 4-byte selector of a canonical signature such as "transfer(address,uint256)". */
export function selector(signature: string): Uint8Array {
  let cached = selectors.get(signature);
  if (cached === undefined) {
    cached = keccak256(new TextEncoder().encode(signature)).slice(0, 4);
    selectors.set(signature, cached);
  }
  return cached;
}

/** Calldata for `signature` called with `values` (types read from the signature). */
export function encodeCall(signature: string, values: readonly AbiValue[]): Uint8Array {
  const open = signature.indexOf("(");
  const inner = signature.slice(open + 1, -1);
  const types = (inner === "" ? [] : inner.split(",")) as AbiType[];
  return concat([selector(signature), encodeArgs(types, values)]);
}

/** The ABI encoding of a tuple of values (constructor arguments, call arguments). */
export function encodeArgs(types: readonly AbiType[], values: readonly AbiValue[]): Uint8Array {
  if (types.length !== values.length)
    throw new Error(`expected ${types.length} values, got ${values.length}`);
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let tailOffset = 32 * types.length;
  types.forEach((type, i) => {
    const value = values[i] as AbiValue;
    if (type === "string") {
      const bytes = new TextEncoder().encode(String(value));
      const padded = new Uint8Array(Math.ceil(bytes.length / 32) * 32);
      padded.set(bytes);
      const tail = concat([uintWord(BigInt(bytes.length)), padded]);
      heads.push(uintWord(BigInt(tailOffset)));
      tails.push(tail);
      tailOffset += tail.length;
    } else {
      heads.push(staticWord(type, value));
    }
  });
  return concat([...heads, ...tails]);
}

function staticWord(type: Exclude<AbiType, "string">, value: AbiValue): Uint8Array {
  switch (type) {
    case "address": {
      const hex = String(value).toLowerCase();
      if (!/^0x[0-9a-f]{40}$/.test(hex)) throw new Error(`not an address: ${String(value)}`);
      return uintWord(BigInt(hex));
    }
    case "uint256":
      return uintWord(BigInt(value as bigint));
    case "bool":
      return uintWord(value === true ? 1n : 0n);
  }
}

function uintWord(value: bigint): Uint8Array {
  if (value < 0n || value >= 1n << 256n) throw new Error(`uint256 out of range: ${value}`);
  const word = new Uint8Array(32);
  let rest = value;
  for (let i = 31; i >= 0 && rest > 0n; i--) {
    word[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return word;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
