/**
 * Vocabulary of the devnet's world state: the flat state speaks in these names, and the Merkle
 * state root ({@link ./StateTrie.ts}) is computed from one block's {@link AccountChange}s.
 */

/** An account address: "0x" followed by 40 lowercase hex digits. */
export type AddressHex = string;

/** A storage slot key: "0x" followed by 64 lowercase hex digits. */
export type SlotHex = string;

/** What the account trie stores for an account, besides its storage root. */
export interface AccountInfo {
  nonce: bigint;
  balance: bigint;
  /** keccak256 of the account's code; KECCAK256_NULL when it has none. */
  codeHash: Uint8Array;
}

/** How one account changed within one block. */
export interface AccountChange {
  address: AddressHex;
  /** The account after the block; undefined when the account was deleted (its storage goes with it). */
  account: AccountInfo | undefined;
  /** All previous storage was wiped before `storage` applies (self-destruct, re-creation). */
  storageCleared: boolean;
  /**
   * Changed slots with their new values, as big-endian bytes without leading zeros; a zero-length
   * value deletes the slot.
   */
  storage: Map<SlotHex, Uint8Array>;
}
