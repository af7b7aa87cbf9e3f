/**
 * The sender's public key a transaction already holds: a frozen one keeps it in `tx.cache` once
 * recovered. With the patches off (ethereumjsPatches.ts), undefined: the caller recovers it.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { ethereumjsPatches } from "./ethereumjsPatches.js";

export function cachedSenderPublicKey(tx: TypedTransaction): Uint8Array | undefined {
  if (!ethereumjsPatches.applied) return undefined;
  return tx.cache.senderPubKey;
}
