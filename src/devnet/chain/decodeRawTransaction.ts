import type { Common } from "@ethereumjs/common";
import { createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { InvalidParamsError, TransactionRejectedError } from "../../errors/DevnetError.js";

/** Decodes a signed transaction and recovers its sender; bad bytes or signatures are user errors. */
export function decodeRawTransaction(
  raw: Uint8Array,
  common: Common,
): { tx: TypedTransaction; sender: string } {
  let tx: TypedTransaction;
  try {
    tx = createTxFromRLP(raw, { common });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/chain ?id/i.test(message)) throw new TransactionRejectedError("invalid chain id for signer");
    throw new InvalidParamsError(`Failed to decode transaction: ${message.split(" (")[0]}`);
  }
  if (!tx.isSigned()) throw new InvalidParamsError("Failed to decode transaction: it is not signed");
  let sender: string;
  try {
    sender = tx.getSenderAddress().toString();
  } catch {
    throw new TransactionRejectedError("invalid sender: the signature does not recover to an address");
  }
  return { tx, sender };
}
