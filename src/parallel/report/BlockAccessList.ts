/**
 * BlockAccessList: a block's EIP-7928 access list, built from what each transaction read and
 * wrote (the read and write sets the engine validates, with the written values).
 *
 * What it records, per the EIP: every account a transaction touched, with its post-transaction
 * values at block access index i + 1 for transaction i (0 and n + 1, system calls and
 * withdrawals, are not made by the devnet's blocks): storage slots whose value changed (a write
 * of the value a slot already held is a read), balances, nonces and codes that changed, and the
 * slots only read. The fee recipient's lazy credits are folded into its balance after each
 * transaction; a transaction that leaves it unchanged still lists it, as a read.
 *
 * Invariants: accounts in address order, slots in numeric order, changes in index order; a slot
 * is in `storageReads` only when no transaction of the block changed it.
 */
import { KECCAK256_NULL } from "@ethereumjs/util";
import type { StateReader } from "../../state/StateReader.js";
import type { AddressHex, SlotHex } from "../../state/types.js";
import { addressOfKey, type CodeValue, isBalanceDelta, slotOfKey } from "../locations.js";
import type { LocationKey, WriteLog } from "../types.js";

export interface SlotChanges {
  slot: SlotHex;
  changes: { index: number; value: bigint }[];
}

export interface AccountAccess {
  address: AddressHex;
  storageChanges: SlotChanges[];
  storageReads: SlotHex[];
  balanceChanges: { index: number; balance: bigint }[];
  nonceChanges: { index: number; nonce: bigint }[];
  codeChanges: { index: number; code: Uint8Array }[];
}

export type BlockAccessList = AccountAccess[];

/** What one transaction of the block did, as recordBlock (or the engine) saw it. */
export interface TransactionAccesses {
  reads: readonly LocationKey[];
  written: WriteLog;
}

type Draft = {
  slots: Map<SlotHex, { index: number; value: bigint }[]>;
  reads: Set<SlotHex>;
  balances: { index: number; balance: bigint }[];
  nonces: { index: number; nonce: bigint }[];
  codes: { index: number; code: Uint8Array }[];
};

/**
 * The access list of a block whose transactions, run in order over `preState` with
 * `feeRecipient` credited, did `transactions`.
 * @example buildBlockAccessList(await recordBlock(input), input.preState, header.coinbase.toString())
 */
export function buildBlockAccessList(
  transactions: readonly TransactionAccesses[],
  preState: StateReader,
  feeRecipient: AddressHex,
): BlockAccessList {
  const drafts = new Map<AddressHex, Draft>();
  const draft = (address: AddressHex): Draft => {
    let d = drafts.get(address);
    if (d === undefined) {
      d = { slots: new Map(), reads: new Set(), balances: [], nonces: [], codes: [] };
      drafts.set(address, d);
    }
    return d;
  };
  // Values the block's transactions left so far, over the pre-block state.
  const current = new Map<LocationKey, unknown>();
  const before = (key: LocationKey): unknown => {
    if (current.has(key)) return current.get(key);
    const address = addressOfKey(key);
    const account = preState.getAccount(address);
    switch (key[0]) {
      case "b":
        return account?.balance ?? 0n;
      case "n":
        return account?.nonce ?? null;
      case "c":
        return account?.codeHash;
      default:
        return wordValue(preState.getStorage(address, slotOfKey(key)));
    }
  };
  transactions.forEach(({ reads, written }, tx) => {
    const index = tx + 1;
    for (const key of reads) {
      const d = draft(addressOfKey(key));
      if (key[0] === "s" && !key.endsWith("*")) d.reads.add(slotOfKey(key));
    }
    // Every transaction pays the fee recipient, if only nothing.
    draft(feeRecipient);
    written.keys.forEach((key, i) => {
      const address = addressOfKey(key);
      const d = draft(address);
      const value = written.values[i];
      const previous = before(key);
      switch (key[0]) {
        case "b": {
          const balance = isBalanceDelta(value) ? (previous as bigint) + value.delta : (value as bigint);
          current.set(key, balance);
          if (balance !== previous) d.balances.push({ index, balance });
          break;
        }
        case "n":
          current.set(key, value);
          if (value !== null && value !== previous) d.nonces.push({ index, nonce: value as bigint });
          break;
        case "c": {
          const code = value as CodeValue;
          current.set(key, code.hash);
          if (!sameHash(code.hash, previous as Uint8Array | undefined))
            d.codes.push({ index, code: code.code });
          break;
        }
        default: {
          // A wipe of a whole account's storage (before Cancun) has no slot of its own.
          if (key.endsWith("*")) break;
          const slot = slotOfKey(key);
          const word = wordValue(value as Uint8Array);
          current.set(key, word);
          if (word === previous) d.reads.add(slot);
          else {
            const changes = d.slots.get(slot) ?? [];
            changes.push({ index, value: word });
            d.slots.set(slot, changes);
          }
        }
      }
    });
  });
  return [...drafts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([address, d]) => ({
      address,
      storageChanges: [...d.slots.entries()]
        .sort(([a], [b]) => compareSlots(a, b))
        .map(([slot, changes]) => ({ slot, changes })),
      storageReads: [...d.reads].filter((slot) => !d.slots.has(slot)).sort(compareSlots),
      balanceChanges: d.balances,
      nonceChanges: d.nonces,
      codeChanges: d.codes,
    }));
}

/** A storage value (big-endian bytes, any length) as a number. */
function wordValue(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** Code hashes; an account that did not exist has the empty code's. */
function sameHash(a: Uint8Array, maybe: Uint8Array | undefined): boolean {
  const b = maybe ?? KECCAK256_NULL;
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Slots by numeric value: their hex forms are all 64 digits, so the strings compare alike. */
function compareSlots(a: SlotHex, b: SlotHex): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
