import type { AccountInfo, AddressHex, SlotHex } from "./types.js";

/**
 * Synchronous read access to a world state: the devnet's head, a past block, a replayed block's
 * pre-state, or (in a worker) a versioned view over the multi-version memory. Reads are
 * synchronous because every implementation is in memory; the async ethereumjs interface is
 * adapted once, in JournaledState.
 */
export interface StateReader {
  /** undefined when the account does not exist. */
  getAccount(address: AddressHex): AccountInfo | undefined;
  /** The account's code; empty when it has none. */
  getCode(address: AddressHex): Uint8Array;
  /** The slot's value without leading zeros; empty when zero. */
  getStorage(address: AddressHex, slot: SlotHex): Uint8Array;
  /** Whether the account has any non-zero slot (EIP-7610 creation collisions need it). */
  hasStorage(address: AddressHex): boolean;
}

/** A state with nothing in it. */
export const EMPTY_STATE: StateReader = {
  getAccount: () => undefined,
  getCode: () => new Uint8Array(),
  getStorage: () => new Uint8Array(),
  hasStorage: () => false,
};
