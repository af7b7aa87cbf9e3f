/**
 * changesFrom: a block's changes, built from the final values of its multi-version memory: the
 * highest transaction's write of each location, the fee recipient's credits folded onto what it
 * held before.
 */
import { KECCAK256_NULL } from "@ethereumjs/util";
import type { BlockChange } from "../state/JournaledState.js";
import type { StateReader } from "../state/StateReader.js";
import type { AccountInfo } from "../state/types.js";
import { addressOfKey, BALANCE_KEY, CODE_KEY, type CodeValue, NONCE_KEY, slotOfKey } from "./locations.js";
import type { FoldedBalance, MultiVersionMemory } from "./MultiVersionMemory.js";

/**
 * Groups the final location values by account into the block's changes; what a block did not
 * write of an account it touched comes from `pre`, the state before the block.
 */
export function changesFrom(mv: MultiVersionMemory, pre: StateReader): BlockChange[] {
  type Draft = {
    nonce?: bigint | null;
    balance?: bigint;
    code?: CodeValue;
    storage: Map<string, Uint8Array>;
  };
  const drafts = new Map<string, Draft>();
  const draft = (address: string) => {
    let d = drafts.get(address);
    if (d === undefined) {
      d = { storage: new Map() };
      drafts.set(address, d);
    }
    return d;
  };
  mv.forEachFinal((key, value) => {
    const address = addressOfKey(key);
    const d = draft(address);
    switch (key.charCodeAt(0)) {
      case NONCE_KEY:
        d.nonce = value as bigint | null;
        break;
      case BALANCE_KEY:
        if (isFolded(value)) d.balance = (value.base ?? pre.getAccount(address)?.balance ?? 0n) + value.delta;
        else d.balance = value as bigint;
        break;
      case CODE_KEY:
        d.code = value as CodeValue;
        break;
      default:
        d.storage.set(slotOfKey(key), value as Uint8Array);
    }
  });
  const changes: BlockChange[] = [];
  for (const [address, d] of drafts) {
    const before = pre.getAccount(address);
    const nonce = d.nonce === undefined ? (before?.nonce ?? null) : d.nonce;
    let account: AccountInfo | undefined;
    if (nonce !== null) {
      account = {
        nonce,
        balance: d.balance ?? before?.balance ?? 0n,
        codeHash: d.code?.hash ?? before?.codeHash ?? KECCAK256_NULL,
      };
    }
    const change: BlockChange = { address, account, storageCleared: false, storage: d.storage };
    if (d.code !== undefined) change.code = d.code.code;
    changes.push(change);
  }
  return changes;
}

function isFolded(value: unknown): value is FoldedBalance {
  return typeof value === "object" && value !== null && "base" in value && "delta" in value;
}
