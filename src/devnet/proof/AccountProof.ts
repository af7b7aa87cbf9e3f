/**
 * EIP-1186 account and storage proofs (eth_getProof) and the trie account (eth_getAccount), read
 * from the devnet's state trie. A past block's proofs come from the trie as that block left it,
 * so they verify against the block's `stateRoot`; the head's include the state edits made since
 * it (anvil_setBalance, ...), as every other read at the head does.
 */
import { KECCAK256_NULL } from "@ethereumjs/util";
import type { StateReader } from "../../state/StateReader.js";
import type { StateTrie } from "../../state/StateTrie.js";

/** What the account trie holds for an address: zeros and empty roots when it does not exist. */
export interface TrieAccount {
  nonce: bigint;
  balance: bigint;
  storageRoot: Uint8Array;
  codeHash: Uint8Array;
}

export interface StorageProof {
  slot: string;
  /** The slot's value, zero when unset. */
  value: bigint;
  /** RLP of each node from the storage root towards the slot. */
  proof: Uint8Array[];
}

export interface AccountProof extends TrieAccount {
  address: string;
  /** RLP of each node from the state root towards the account. */
  accountProof: Uint8Array[];
  storageProof: StorageProof[];
}

/** One state: its flat reader and, in the trie, its root (undefined for the trie's current one). */
export interface ProvableState {
  trie: StateTrie;
  root: Uint8Array | undefined;
  state: StateReader;
}

/** The trie account of `address`. */
export function trieAccount(at: ProvableState, address: string): TrieAccount {
  const account = at.state.getAccount(address);
  return {
    nonce: account?.nonce ?? 0n,
    balance: account?.balance ?? 0n,
    storageRoot: at.trie.storageRoot(address, at.root),
    codeHash: account?.codeHash ?? KECCAK256_NULL,
  };
}

/** The proofs of `address` and of each of its `slots` (32-byte lowercase hex). */
export function accountProof(at: ProvableState, address: string, slots: readonly string[]): AccountProof {
  return {
    address,
    ...trieAccount(at, address),
    accountProof: at.trie.accountProof(address, at.root),
    storageProof: slots.map((slot) => {
      const raw = at.state.getStorage(address, slot);
      return {
        slot,
        value: raw.length === 0 ? 0n : BigInt(`0x${Buffer.from(raw).toString("hex")}`),
        proof: at.trie.storageProof(address, slot, at.root),
      };
    }),
  };
}
