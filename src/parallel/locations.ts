/**
 * Locations and their values, as the parallel engine tracks them.
 *
 * Keys: "b" + address (balance), "n" + address (nonce), "c" + address (code),
 * "s" + address + slot (storage). Values:
 * - balance: bigint, or (the fee recipient only) a BalanceDelta added to what lower
 *   transactions left;
 * - nonce: bigint, or null when the account does not exist (so existence is tracked with it);
 * - code: CodeValue;
 * - storage: Uint8Array without leading zeros.
 */
import type { AddressHex, SlotHex } from "../state/types.js";
import type { LocationKey } from "./types.js";

export type LocationKind = "balance" | "nonce" | "code" | "storage";

export type CodeValue = { hash: Uint8Array; code: Uint8Array };

/** A lazy credit to the fee recipient: its balance after this transaction is the fold of the deltas. */
export type BalanceDelta = { delta: bigint };

export const balanceKey = (address: AddressHex): LocationKey => `b${address}`;
export const nonceKey = (address: AddressHex): LocationKey => `n${address}`;
export const codeKey = (address: AddressHex): LocationKey => `c${address}`;
export const storageKey = (address: AddressHex, slot: SlotHex): LocationKey => `s${address}${slot}`;

/** A key's first character, as a char code (`key.charCodeAt(0)`): what of the account it is. */
export const BALANCE_KEY = 0x62; // "b"
export const NONCE_KEY = 0x6e; // "n"
export const CODE_KEY = 0x63; // "c"

const ADDRESS_LENGTH = 42;

/** The account a location key belongs to. */
export const addressOfKey = (key: LocationKey): AddressHex => key.slice(1, 1 + ADDRESS_LENGTH);
/** The slot of a storage location key. */
export const slotOfKey = (key: LocationKey): SlotHex => key.slice(1 + ADDRESS_LENGTH);

/** The parts of a location key, for reports. */
export function parseLocation(key: LocationKey): { kind: LocationKind; address: AddressHex; slot?: SlotHex } {
  const address = addressOfKey(key);
  switch (key[0]) {
    case "b":
      return { kind: "balance", address };
    case "n":
      return { kind: "nonce", address };
    case "c":
      return { kind: "code", address };
    default:
      return { kind: "storage", address, slot: slotOfKey(key) };
  }
}

export function isBalanceDelta(value: unknown): value is BalanceDelta {
  return typeof value === "object" && value !== null && "delta" in value;
}
