import type { TypedTransaction } from "@ethereumjs/tx";
import type { Address } from "@ethereumjs/util";

/**
 * Gives an unfrozen transaction a known sender: recovered once on admission, impersonated, or
 * restored from a dump. ethereumjs asks `getSenderAddress()` for it (runTx, receipts), and would
 * otherwise recover it from the signature each time — or wrongly, for a made-up signature.
 * The parallel engine tells workers the sender of every transaction that has one claimed.
 * Always on, whatever ethereumjs release is installed (see ethereumjsPatches.ts): impersonated
 * transactions depend on it.
 */
export function claimSender(tx: TypedTransaction, sender: Address): void {
  Object.defineProperty(tx, "getSenderAddress", { value: () => sender });
}

/** Whether the transaction's sender was claimed (see claimSender). */
export function hasClaimedSender(tx: TypedTransaction): boolean {
  return Object.getOwnPropertyDescriptor(tx, "getSenderAddress") !== undefined;
}
