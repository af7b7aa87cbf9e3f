import { bigIntToUnpaddedBytes } from "@ethereumjs/util";
import type { Devnet } from "../../../devnet/Devnet.js";
import type { BlockChange } from "../../../state/JournaledState.js";

/**
 * The state edit that writes one storage slot and keeps the rest of the account; an account that
 * does not exist yet is created empty. `slot` is in the state's key form (0x + 64 hex digits).
 */
export function storageEdit(devnet: Devnet, address: string, slot: string, value: bigint): BlockChange {
  const change = devnet.accountEdit(address, {});
  // The state keeps values without leading zeros; an empty value deletes the slot.
  change.storage.set(slot, bigIntToUnpaddedBytes(value));
  return change;
}
