/**
 * The RLP of a block access list (EIP-7928): accounts as [address, storage changes, storage
 * reads, balance changes, nonce changes, code changes]; slots, values, balances, nonces and
 * block access indices as minimal big-endian integers (zero is the empty string). Its keccak is
 * the header's `blockAccessListHash`; an empty list encodes as 0xc0.
 */
import { hexToBytes } from "@ethereumjs/util";
import { keccak256 } from "../../crypto/nativeCrypto.js";
import { listLength, stringLength, writeListHeader, writeString } from "../../execution/rlpWrite.js";
import type { BlockAccessList } from "./BlockAccessList.js";

type Nested = Uint8Array | Nested[];

/** @example bytesToHex(encodeBlockAccessList([])) // "0xc0" */
export function encodeBlockAccessList(list: BlockAccessList): Uint8Array {
  const raw: Nested[] = list.map((account) => [
    hexToBytes(account.address as `0x${string}`),
    account.storageChanges.map(({ slot, changes }) => [
      integer(BigInt(slot)),
      changes.map(({ index, value }) => [integer(index), integer(value)]),
    ]),
    account.storageReads.map((slot) => integer(BigInt(slot))),
    account.balanceChanges.map(({ index, balance }) => [integer(index), integer(balance)]),
    account.nonceChanges.map(({ index, nonce }) => [integer(index), integer(nonce)]),
    account.codeChanges.map(({ index, code }) => [integer(index), code]),
  ]);
  // Into one buffer sized first, as the tries' encoders write (see rlpWrite.ts).
  const payloads = new Map<Nested[], number>();
  const out = new Uint8Array(encodedLength(raw, payloads));
  write(out, 0, raw, payloads);
  return out;
}

/** The bytes `item` encodes to; each list's payload length is kept in `payloads`. */
function encodedLength(item: Nested, payloads: Map<Nested[], number>): number {
  if (item instanceof Uint8Array) return stringLength(item);
  let payload = 0;
  for (const child of item) payload += encodedLength(child, payloads);
  payloads.set(item, payload);
  return listLength(payload);
}

function write(out: Uint8Array, at: number, item: Nested, payloads: Map<Nested[], number>): number {
  if (item instanceof Uint8Array) return writeString(out, at, item);
  let next = writeListHeader(out, at, payloads.get(item) ?? 0);
  for (const child of item) next = write(out, next, child, payloads);
  return next;
}

/** keccak256 of the encoding: the header field `blockAccessListHash`. */
export function blockAccessListHash(list: BlockAccessList): Uint8Array {
  return keccak256(encodeBlockAccessList(list));
}

const EMPTY = new Uint8Array();

/** Minimal big-endian bytes of a non-negative integer, through its hex form. */
function integer(value: bigint | number): Uint8Array {
  if (value === 0 || value === 0n) return EMPTY;
  const hex = value.toString(16);
  return hexToBytes(`0x${hex.length % 2 === 0 ? hex : `0${hex}`}`);
}
