import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { InvalidParamsError, TransactionRejectedError } from "../errors/DevnetError.js";
import { hexOf } from "../state/hexOf.js";
import { decodeTransaction } from "./decodeTransaction.js";
import { claimSender } from "./internals/claimSender.js";
import { rememberRaw } from "./rawTransaction.js";
import { hasPaddedChainId, unsignedMessageOf } from "./unsignedMessage.js";

/** Decodes a signed transaction and recovers its sender; bad bytes or signatures are user errors. */
export function decodeRawTransaction(
  raw: Uint8Array,
  common: Common,
): { tx: TypedTransaction; sender: string } {
  let tx: TypedTransaction;
  try {
    // EIP-1559 without an access list (what wallets send) on its direct path, which hands
    // anything it does not recognise as valid to ethereumjs' decoder (and its error) as well.
    tx = decodeTransaction(raw, common, false);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/chain ?id/i.test(message)) throw new TransactionRejectedError("invalid chain id for signer");
    throw new InvalidParamsError(`Failed to decode transaction: ${message.split(" (")[0]}`);
  }
  if (!tx.isSigned()) throw new InvalidParamsError("Failed to decode transaction: it is not signed");
  if (hasPaddedChainId(raw))
    throw new InvalidParamsError("Failed to decode transaction: its chain id has leading zero bytes");
  // The signed message as it arrived, rather than encoded again from the decoded fields.
  const unsigned = unsignedMessageOf(raw);
  if (unsigned !== undefined) Object.defineProperty(tx, "getMessageToSign", { value: () => unsigned });
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
  // Its hash is that of the bytes it arrived as (not encoded again when first asked for); a blob
  // transaction may have come wrapped with its blobs, which its hash leaves out.
  if (unsigned !== undefined || (raw[0] as number) >= 0xc0) tx.cache.hash = keccak256(raw);
  rememberRaw(tx, raw);
  // A flat string (hexOf): the sender is kept with the block's receipts.
  return { tx, sender: hexOf(address.bytes) };
}
