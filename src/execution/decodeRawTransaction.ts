import type { Common } from "@ethereumjs/common";
import { createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { InvalidParamsError, TransactionRejectedError } from "../errors/DevnetError.js";
import { claimSender } from "./internals/claimSender.js";
import { rememberRaw } from "./rawTransaction.js";

/** Decodes a signed transaction and recovers its sender; bad bytes or signatures are user errors. */
export function decodeRawTransaction(
  raw: Uint8Array,
  common: Common,
): { tx: TypedTransaction; sender: string } {
  let tx: TypedTransaction;
  try {
    tx = createTxFromRLP(raw, { common, freeze: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/chain ?id/i.test(message)) throw new TransactionRejectedError("invalid chain id for signer");
    throw new InvalidParamsError(`Failed to decode transaction: ${message.split(" (")[0]}`);
  }
  if (!tx.isSigned()) throw new InvalidParamsError("Failed to decode transaction: it is not signed");
  let address: Address;
  try {
    address = new Address(keccak256(tx.getSenderPublicKey()).subarray(12));
  } catch {
    throw new TransactionRejectedError("invalid sender: the signature does not recover to an address");
  }
  // Recovered once: every later getSenderAddress (admission, runTx, receipts) reuses it; frozen
  // afterwards so that ethereumjs caches the hash too.
  claimSender(tx, address);
  Object.freeze(tx);
  rememberRaw(tx, raw);
  return { tx, sender: address.toString() };
}
