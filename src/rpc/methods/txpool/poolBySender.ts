/**
 * The pool in geth's txpool shape: `{ pending: { sender: { nonce: X } }, queued: { ... } }`.
 * "pending" transactions can run now (their sender's nonces follow on from the state's);
 * "queued" ones wait behind a nonce gap. Senders are lowercase, sorted; nonces are decimal keys.
 */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { PoolTx } from "../../../devnet/txpool/TxPool.js";

export type BySender<T> = Record<string, Record<string, T>>;

/** Pending and queued pool transactions, each sender's in nonce order. */
export function splitPool(devnet: Devnet): { pending: PoolTx[]; queued: PoolTx[] } {
  return devnet.pool.split((sender) => devnet.world.getAccount(sender)?.nonce ?? 0n);
}

/** The pool grouped by sender and nonce, each transaction as `describe` makes it. */
export function poolBySender<T>(
  devnet: Devnet,
  describe: (entry: PoolTx) => T,
): { pending: BySender<T>; queued: BySender<T> } {
  const { pending, queued } = splitPool(devnet);
  return { pending: group(pending, describe), queued: group(queued, describe) };
}

function group<T>(entries: PoolTx[], describe: (entry: PoolTx) => T): BySender<T> {
  const sorted = [...entries].sort((a, b) =>
    a.sender === b.sender ? (a.nonce < b.nonce ? -1 : 1) : a.sender < b.sender ? -1 : 1,
  );
  const out: BySender<T> = {};
  for (const entry of sorted) {
    const sender = entry.sender.toLowerCase();
    out[sender] ??= {};
    out[sender][entry.nonce.toString()] = describe(entry);
  }
  return out;
}
