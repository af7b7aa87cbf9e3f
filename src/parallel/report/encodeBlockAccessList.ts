/**
 * The RLP of a block access list (EIP-7928): accounts as [address, storage changes, storage
 * reads, balance changes, nonce changes, code changes]; slots, values, balances, nonces and
 * block access indices as minimal big-endian integers (zero is the empty string). Its keccak is
 * the header's `blockAccessListHash`; an empty list encodes as 0xc0.
 */
import { RLP } from "@ethereumjs/rlp";
import { hexToBytes } from "@ethereumjs/util";
import { keccak256 } from "../../crypto/nativeCrypto.js";
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
  return RLP.encode(raw);
}

/** keccak256 of the encoding: the header field `blockAccessListHash`. */
export function blockAccessListHash(list: BlockAccessList): Uint8Array {
  return keccak256(encodeBlockAccessList(list));
}

function integer(value: bigint | number): Uint8Array {
  let n = BigInt(value);
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.push(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from(bytes.reverse());
}
