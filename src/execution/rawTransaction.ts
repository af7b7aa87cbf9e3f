/**
 * The bytes a transaction arrived as, kept beside the decoded object: serializing it again for
 * every block (transactions root, the parallel engine's messages to workers) costs ~10 µs each.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

const raw = new WeakMap<TypedTransaction, Uint8Array>();

export function rememberRaw(tx: TypedTransaction, bytes: Uint8Array): void {
  raw.set(tx, bytes);
}

/** The transaction's serialized bytes (what it arrived as, if known). */
export function rawOf(tx: TypedTransaction): Uint8Array {
  let bytes = raw.get(tx);
  if (bytes === undefined) {
    bytes = tx.serialize();
    raw.set(tx, bytes);
  }
  return bytes;
}
