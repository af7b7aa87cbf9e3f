/**
 * Parity's `stateDiff`: per account the transaction changed, each field as "=" (unchanged),
 * `{ "+": value }` (a contract the transaction created), `{ "-": value }` (an account it
 * deleted) or `{ "*": { from, to } }`, and the storage slots that changed. An account that
 * only comes into being by receiving ether is changed, from zero, not created (as in reth and
 * anvil). Built from the accounts the prestate tracer saw touched (their values before the
 * transaction) and the state after it.
 */
import { bytesToHex } from "@ethereumjs/util";
import type { JournaledState } from "../../state/JournaledState.js";
import type { AccountState } from "./PrestateTracer.js";
import { bytesToHex64, toQuantityHex as quantity } from "./stackWords.js";

export type Delta = "=" | { "+": string } | { "-": string } | { "*": { from: string; to: string } };

/** One account's changes, keys in Parity's order. */
export interface AccountDiffJson {
  balance: Delta;
  code: Delta;
  nonce: Delta;
  storage: Record<string, Delta>;
}

export type StateDiffJson = Record<string, AccountDiffJson>;

const ZERO_WORD = `0x${"0".repeat(64)}`;

/** The changes of the touched accounts between their first touch and `after`, addresses sorted. */
export function stateDiffOf(
  touched: ReadonlyMap<string, AccountState>,
  created: ReadonlySet<string>,
  after: JournaledState,
): StateDiffJson {
  const diff: StateDiffJson = {};
  for (const address of [...touched.keys()].sort()) {
    const before = touched.get(address) as AccountState;
    const now = after.readAccount(address);
    const slots = [...before.storage.keys()].sort();
    const slotAfter = (slot: string) => `0x${bytesToHex64(after.readStorage(address, slot))}`;
    const slotBefore = (slot: string) => `0x${before.storage.get(slot) as string}`;
    if (!before.exists && now === undefined) continue;
    if (!before.exists && now !== undefined && created.has(address)) {
      const storage: Record<string, Delta> = {};
      for (const slot of slots) {
        const value = slotAfter(slot);
        if (value !== ZERO_WORD) storage[slot] = { "+": value };
      }
      diff[address] = {
        balance: { "+": quantity(now.balance) },
        code: { "+": bytesToHex(after.readCode(address)) },
        nonce: { "+": quantity(now.nonce) },
        storage,
      };
      continue;
    }
    if (now === undefined && before.exists) {
      const storage: Record<string, Delta> = {};
      for (const slot of slots) {
        const value = slotBefore(slot);
        if (value !== ZERO_WORD) storage[slot] = { "-": value };
      }
      diff[address] = {
        balance: { "-": quantity(before.balance) },
        code: { "-": bytesToHex(before.code) },
        nonce: { "-": quantity(before.nonce) },
        storage,
      };
      continue;
    }
    if (now === undefined) continue;
    const storage: Record<string, Delta> = {};
    for (const slot of slots) {
      const from = slotBefore(slot);
      const to = slotAfter(slot);
      if (from !== to) storage[slot] = { "*": { from, to } };
    }
    const code = after.readCode(address);
    const account: AccountDiffJson = {
      balance: changed(quantity(before.balance), quantity(now.balance)),
      code: changed(bytesToHex(before.code), bytesToHex(code)),
      nonce: changed(quantity(before.nonce), quantity(now.nonce)),
      storage,
    };
    const unchanged =
      account.balance === "=" &&
      account.code === "=" &&
      account.nonce === "=" &&
      slots.every((s) => !(s in storage));
    if (!unchanged) diff[address] = account;
  }
  return diff;
}

function changed(from: string, to: string): Delta {
  return from === to ? "=" : { "*": { from, to } };
}
