/**
 * A transaction from an impersonated account: no key signs it, so it carries a made-up signature
 * (the hash needs one) and claims its sender. Workers are told the sender too (they never
 * recover it from the fake signature).
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { Address, bytesToBigInt, hexToBytes } from "@ethereumjs/util";
import { keccak256 } from "../../crypto/nativeCrypto.js";
import { feeMarketAssembler } from "../../execution/feeMarketAssembler.js";
import { claimSender } from "../../execution/internals/claimSender.js";

export function impersonatedTx(unsigned: TypedTransaction, sender: string): TypedTransaction {
  // r derives from the sender and nonce so that two impersonated transactions never share a hash.
  const r = bytesToBigInt(
    keccak256(hexToBytes(`${sender}${unsigned.nonce.toString(16).padStart(16, "0")}` as `0x${string}`)),
  );
  const address = new Address(hexToBytes(sender as `0x${string}`));
  // An EIP-1559 transaction without an access list (most): assembled with its signature, unfrozen
  // until its sender is claimed, instead of built by the constructor and copied.
  const assembled = feeMarketAssembler(unsigned)?.({ v: 0n, r, s: 1n }, false);
  if (assembled !== undefined) {
    claimSender(assembled, address);
    Object.freeze(assembled);
    return assembled;
  }
  // Legacy transactions get an EIP-155 v for the chain; typed ones a y-parity of 0.
  const signed = unsigned.addSignature(0n, r, 1n, true);
  // addSignature returns a frozen transaction; rebuild the property on an unfrozen copy.
  const claimed = Object.create(
    Object.getPrototypeOf(signed),
    Object.getOwnPropertyDescriptors(signed),
  ) as TypedTransaction;
  claimSender(claimed, address);
  Object.freeze(claimed);
  return claimed;
}
