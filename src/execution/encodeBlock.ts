/**
 * A block's RLP (what `Block.serialize()` gives) and its header's hash, written into one array
 * sized first (see rlpWrite.ts), a block's transactions from their kept bytes (rawOf).
 * `Block.serialize()` encodes every transaction again and concatenates the items level by level:
 * ~25 µs for a block of one ERC-20 transfer, which the chain pays for every block it compacts
 * (CompactedBlock); `BlockHeader.hash()` the same way ~12 µs, for every block mined.
 */
import type { Block, BlockHeader } from "@ethereumjs/block";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { rawOf } from "./rawTransaction.js";
import { listLength, stringLength, writeListHeader, writeString } from "./rlpWrite.js";

/** The RLP of `block`; uncles and withdrawals, which a devnet's blocks never hold, by ethereumjs. */
export function encodeBlock(block: Block): Uint8Array {
  if (block.uncleHeaders.length > 0 || (block.withdrawals?.length ?? 0) > 0) return block.serialize();
  const header = encodeList(block.header.raw());
  // A typed transaction is an RLP string of its bytes; a legacy one's bytes are its RLP list.
  const transactions = block.transactions.map(rawOf);
  let transactionsPayload = 0;
  for (let i = 0; i < transactions.length; i++) {
    const bytes = transactions[i] as Uint8Array;
    transactionsPayload += block.transactions[i]?.type === 0 ? bytes.length : stringLength(bytes);
  }
  const withdrawals = block.withdrawals === undefined ? 0 : 1; // an empty list: one byte
  const payload = header.length + listLength(transactionsPayload) + 1 + withdrawals;
  const out = new Uint8Array(listLength(payload));
  let at = writeListHeader(out, 0, payload);
  out.set(header, at);
  at = writeListHeader(out, at + header.length, transactionsPayload);
  for (let i = 0; i < transactions.length; i++) {
    const bytes = transactions[i] as Uint8Array;
    if (block.transactions[i]?.type === 0) {
      out.set(bytes, at);
      at += bytes.length;
    } else at = writeString(out, at, bytes);
  }
  out[at++] = 0xc0; // no uncles
  if (withdrawals === 1) out[at++] = 0xc0;
  return out;
}

/** The header's hash, as `header.hash()` computes it. */
export function headerHash(header: BlockHeader): Uint8Array {
  return keccak256(encodeList(header.raw()));
}

/** The RLP list of the byte strings `items` (a header's fields). */
function encodeList(items: readonly Uint8Array[]): Uint8Array {
  let payload = 0;
  for (const item of items) payload += stringLength(item);
  const out = new Uint8Array(listLength(payload));
  let at = writeListHeader(out, 0, payload);
  for (const item of items) at = writeString(out, at, item);
  return out;
}
