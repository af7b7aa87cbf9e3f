/**
 * JournaledState: ethereumjs' StateManagerInterface over a read-only base (a StateReader), with
 * every write kept in an overlay and an undo log.
 *
 * Invariants:
 * - The base is never written. Reads look in the overlay first, then in the base.
 * - Every overlay write first pushes the overwritten overlay entry (or its absence) onto the
 *   undo log, so `checkpoint` is O(1) (remember the log length) and `revert` undoes exactly the
 *   writes made since the matching checkpoint.
 * - The overlay is what the block (or call) changed; `changes()` turns it into AccountChanges.
 *
 * Senders with code: ethereumjs' runTx refuses a sender whose account has code (EIP-3607), with
 * no option to turn the check off. A devnet turns it off (anvil and Hardhat do, so that an
 * impersonated contract can send) with `allowSendersWithCode`: runTx's first read of its
 * sender's account, the one the check looks at, then shows the account without code, and runTx
 * writing that account back (fees, nonce) keeps the real code hash. Nothing else sees the
 * difference: the EVM reads the sender's code and code hash as they are.
 *
 * A read of state the base does not hold yet (a fork's, a StateMiss) goes up to the caller, unless
 * `awaitMiss` is set: the async reads then wait for it to load the key and read again, so that a
 * transaction waiting on the remote keeps its progress (and others run meanwhile).
 */
import type { AccountFields, StateManagerInterface, StorageDump } from "@ethereumjs/common";
import {
  Account,
  type Address,
  bytesToHex,
  equalsBytes,
  KECCAK256_NULL,
  KECCAK256_RLP,
} from "@ethereumjs/util";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { codeHashOf } from "./accountWith.js";
import { hexOf } from "./hexOf.js";
import { isStateMiss, type StateKey } from "./StateMiss.js";
import type { StateReader } from "./StateReader.js";
import { stripLeadingZeros } from "./stripLeadingZeros.js";
import type { AccountChange, AccountInfo, AddressHex, SlotHex } from "./types.js";

const EMPTY = new Uint8Array();
/** Stands for "some non-empty storage" where ethereumjs wants an account's storage root. */
const NON_EMPTY_STORAGE_ROOT = keccak256(new TextEncoder().encode("pevm-devnet: storage present"));

/** Per-account overlay. `account === null` means deleted (or known absent) in the overlay. */
interface OverlayAccount {
  account: AccountInfo | null | undefined; // undefined: not written, read through to the base
  code: Uint8Array | undefined;
  storage: Map<SlotHex, Uint8Array>;
  storageCleared: boolean;
}

type Undo =
  | { kind: "account"; address: AddressHex; previous: AccountInfo | null | undefined }
  | { kind: "code"; address: AddressHex; previous: Uint8Array | undefined }
  | { kind: "slot"; address: AddressHex; slot: SlotHex; previous: Uint8Array | undefined }
  | {
      kind: "clear";
      address: AddressHex;
      previousStorage: Map<SlotHex, Uint8Array>;
      previousCleared: boolean;
    };

export type JournaledStateOptions = {
  /** Intermediate state root for pre-Byzantium receipts; zeros when not given. */
  stateRoot?: () => Uint8Array;
};

export class JournaledState implements StateManagerInterface {
  base: StateReader;
  private overlay = new Map<AddressHex, OverlayAccount>();
  private undo: Undo[] = [];
  private checkpoints: number[] = [];
  /** Slot values at the start of the current transaction (EIP-2200 net gas metering). */
  private originals = new Map<string, Uint8Array>();
  private readonly stateRootOf: () => Uint8Array;
  /** Accept transactions whose sender has code (EIP-3607 off); see the note at the top. */
  allowSendersWithCode = false;
  /** Loads a key the base misses, for the async reads to wait on; see the note at the top. */
  awaitMiss: ((key: StateKey) => Promise<void>) | undefined;
  /** The sender of the transaction starting, until runTx's first read of its account. */
  private uncheckedSender: AddressHex | undefined;
  /** The sender whose code that read did not show, with its real code hash. */
  private hiddenCode: { address: AddressHex; codeHash: Uint8Array } | undefined;

  readonly originalStorageCache: {
    get(address: Address, key: Uint8Array): Promise<Uint8Array>;
    clear(): void;
  };

  constructor(base: StateReader, options: JournaledStateOptions = {}) {
    this.base = base;
    this.stateRootOf = options.stateRoot ?? (() => new Uint8Array(32));
    this.originalStorageCache = {
      get: (address, key) => {
        const addressHex = hexOf(address.bytes);
        const slot = hexOf(key);
        return this.settled(
          () => this.originals.get(`${addressHex}${slot}`) ?? this.readStorage(addressHex, slot),
        );
      },
      clear: () => this.originals.clear(),
    };
  }

  /** Drops every change and reads from `base` from now on (reuses one VM for many calls). */
  reset(base: StateReader = this.base): void {
    this.base = base;
    this.overlay.clear();
    this.undo.length = 0;
    this.checkpoints.length = 0;
    this.originals.clear();
    this.uncheckedSender = undefined;
    this.hiddenCode = undefined;
  }

  /** A transaction is starting (the VM's "beforeTx" event). */
  beginTransaction(tx: { getSenderAddress(): Address }): void {
    this.hiddenCode = undefined;
    this.uncheckedSender = this.allowSendersWithCode ? tx.getSenderAddress().toString() : undefined;
  }

  // ---- synchronous reads used by the executors ----

  readAccount(address: AddressHex): AccountInfo | undefined {
    const entry = this.overlay.get(address);
    if (entry !== undefined && entry.account !== undefined) return entry.account ?? undefined;
    return this.base.getAccount(address);
  }

  readCode(address: AddressHex): Uint8Array {
    const entry = this.overlay.get(address);
    if (entry !== undefined) {
      if (entry.code !== undefined) return entry.code;
      if (entry.account === null) return EMPTY;
    }
    return this.base.getCode(address);
  }

  readStorage(address: AddressHex, slot: SlotHex): Uint8Array {
    const entry = this.overlay.get(address);
    if (entry !== undefined) {
      const value = entry.storage.get(slot);
      if (value !== undefined) return value;
      if (entry.storageCleared) return EMPTY;
    }
    return this.base.getStorage(address, slot);
  }

  private hasAnyStorage(address: AddressHex): boolean {
    const entry = this.overlay.get(address);
    if (entry !== undefined) {
      for (const value of entry.storage.values()) if (value.length > 0) return true;
      if (entry.storageCleared) return false;
    }
    return this.base.hasStorage(address);
  }

  // ---- writes ----

  private entry(address: AddressHex): OverlayAccount {
    let entry = this.overlay.get(address);
    if (entry === undefined) {
      entry = { account: undefined, code: undefined, storage: new Map(), storageCleared: false };
      this.overlay.set(address, entry);
    }
    return entry;
  }

  writeAccount(address: AddressHex, account: AccountInfo | null): void {
    const entry = this.entry(address);
    this.undo.push({ kind: "account", address, previous: entry.account });
    entry.account = account;
  }

  private writeCode(address: AddressHex, code: Uint8Array): void {
    const entry = this.entry(address);
    this.undo.push({ kind: "code", address, previous: entry.code });
    entry.code = code;
  }

  writeStorage(address: AddressHex, slot: SlotHex, value: Uint8Array): void {
    const key = `${address}${slot}`;
    if (!this.originals.has(key)) this.originals.set(key, this.readStorage(address, slot));
    const entry = this.entry(address);
    this.undo.push({ kind: "slot", address, slot, previous: entry.storage.get(slot) });
    entry.storage.set(slot, value);
  }

  private wipeStorage(address: AddressHex): void {
    const entry = this.entry(address);
    this.undo.push({
      kind: "clear",
      address,
      previousStorage: entry.storage,
      previousCleared: entry.storageCleared,
    });
    entry.storage = new Map();
    entry.storageCleared = true;
  }

  /** `read()`, read again once `awaitMiss` has loaded what it missed. */
  private async settled<T>(read: () => T): Promise<T> {
    let waited: StateKey | undefined;
    for (;;) {
      try {
        return read();
      } catch (error) {
        // The same key missed again after its load: the load did not land, let the caller see it.
        if (this.awaitMiss === undefined || !isStateMiss(error) || sameKey(error.key, waited)) throw error;
        waited = error.key;
        await this.awaitMiss(error.key);
      }
    }
  }

  // ---- StateManagerInterface ----

  async getAccount(address: Address): Promise<Account | undefined> {
    const addressHex = hexOf(address.bytes);
    const info =
      this.awaitMiss === undefined
        ? this.readAccount(addressHex)
        : await this.settled(() => this.readAccount(addressHex));
    // runTx's first read of its sender is the EIP-3607 check's.
    const checked = addressHex === this.uncheckedSender;
    if (checked) this.uncheckedSender = undefined;
    if (info === undefined) return undefined;
    const storageRoot = this.hasAnyStorage(addressHex) ? NON_EMPTY_STORAGE_ROOT : KECCAK256_RLP;
    if (checked && !equalsBytes(info.codeHash, KECCAK256_NULL)) {
      this.hiddenCode = { address: addressHex, codeHash: info.codeHash };
      return new Account(info.nonce, info.balance, storageRoot, KECCAK256_NULL);
    }
    return new Account(info.nonce, info.balance, storageRoot, info.codeHash);
  }

  async putAccount(address: Address, account?: Account): Promise<void> {
    const addressHex = hexOf(address.bytes);
    if (account === undefined) {
      this.writeAccount(addressHex, null);
      return;
    }
    this.writeAccount(addressHex, {
      nonce: account.nonce,
      balance: account.balance,
      codeHash: this.unhiddenCodeHash(addressHex, account.codeHash),
    });
  }

  /** The code hash to store when runTx writes back the sender account it was shown without code. */
  private unhiddenCodeHash(address: AddressHex, codeHash: Uint8Array): Uint8Array {
    const hidden = this.hiddenCode;
    if (hidden === undefined || hidden.address !== address || !equalsBytes(codeHash, KECCAK256_NULL)) {
      return codeHash;
    }
    // Only while the account still has that code (a self-destruct in between removed it).
    const current = this.readAccount(address);
    return current !== undefined && equalsBytes(current.codeHash, hidden.codeHash)
      ? hidden.codeHash
      : codeHash;
  }

  async deleteAccount(address: Address): Promise<void> {
    this.removeAccount(hexOf(address.bytes));
  }

  /** The account gone, with its code and storage (a self-destruct, EIP-161's clean-up). */
  removeAccount(address: AddressHex): void {
    this.writeAccount(address, null);
    this.writeCode(address, EMPTY);
    this.wipeStorage(address);
  }

  async modifyAccountFields(address: Address, fields: AccountFields): Promise<void> {
    const addressHex = hexOf(address.bytes);
    const current =
      this.awaitMiss === undefined
        ? this.readAccount(addressHex)
        : await this.settled(() => this.readAccount(addressHex));
    this.writeAccount(addressHex, {
      nonce: fields.nonce ?? current?.nonce ?? 0n,
      balance: fields.balance ?? current?.balance ?? 0n,
      codeHash: fields.codeHash ?? current?.codeHash ?? KECCAK256_NULL,
    });
  }

  async putCode(address: Address, value: Uint8Array): Promise<void> {
    const addressHex = hexOf(address.bytes);
    this.writeCode(addressHex, value);
    const current = this.readAccount(addressHex);
    this.writeAccount(addressHex, {
      nonce: current?.nonce ?? 0n,
      balance: current?.balance ?? 0n,
      codeHash: codeHashOf(value),
    });
  }

  async getCode(address: Address): Promise<Uint8Array> {
    const addressHex = hexOf(address.bytes);
    return this.awaitMiss === undefined
      ? this.readCode(addressHex)
      : this.settled(() => this.readCode(addressHex));
  }

  async getCodeSize(address: Address): Promise<number> {
    const addressHex = hexOf(address.bytes);
    if (this.awaitMiss === undefined) return this.readCode(addressHex).length;
    return (await this.settled(() => this.readCode(addressHex))).length;
  }

  async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    if (key.length !== 32) throw new Error("Storage key must be 32 bytes long");
    const addressHex = hexOf(address.bytes);
    const slot = hexOf(key);
    if (this.awaitMiss === undefined) return this.readStorage(addressHex, slot);
    return this.settled(() => this.readStorage(addressHex, slot));
  }

  async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    if (key.length !== 32) throw new Error("Storage key must be 32 bytes long");
    this.writeStorage(hexOf(address.bytes), hexOf(key), stripLeadingZeros(value));
  }

  async clearStorage(address: Address): Promise<void> {
    this.wipeStorage(hexOf(address.bytes));
  }

  async checkpoint(): Promise<void> {
    this.checkpoints.push(this.undo.length);
  }

  async commit(): Promise<void> {
    this.checkpoints.pop();
    // Outside every checkpoint nothing can be reverted any more: drop the log.
    if (this.checkpoints.length === 0) this.undo.length = 0;
  }

  async revert(): Promise<void> {
    const mark = this.checkpoints.pop() ?? 0;
    while (this.undo.length > mark) this.undoOne(this.undo.pop() as Undo);
  }

  private undoOne(undo: Undo): void {
    const entry = this.overlay.get(undo.address) as OverlayAccount;
    switch (undo.kind) {
      case "account":
        entry.account = undo.previous;
        break;
      case "code":
        entry.code = undo.previous;
        break;
      case "slot":
        if (undo.previous === undefined) entry.storage.delete(undo.slot);
        else entry.storage.set(undo.slot, undo.previous);
        break;
      case "clear":
        entry.storage = undo.previousStorage;
        entry.storageCleared = undo.previousCleared;
        break;
    }
  }

  async getStateRoot(): Promise<Uint8Array> {
    return this.stateRootOf();
  }

  async setStateRoot(): Promise<void> {
    throw new Error("JournaledState has no state roots to move to");
  }

  async hasStateRoot(): Promise<boolean> {
    return false;
  }

  async dumpStorage(address: Address): Promise<StorageDump> {
    const dump: StorageDump = {};
    const entry = this.overlay.get(hexOf(address.bytes));
    for (const [slot, value] of entry?.storage ?? []) dump[slot] = bytesToHex(value);
    return dump;
  }

  clearCaches(): void {}

  shallowCopy(): StateManagerInterface {
    const copy = new JournaledState(this.base, { stateRoot: this.stateRootOf });
    copy.allowSendersWithCode = this.allowSendersWithCode;
    return copy;
  }

  /** The overlay as per-account changes (for the block commit), code included where it changed. */
  changes(): BlockChange[] {
    const out: BlockChange[] = [];
    for (const [address, entry] of this.overlay) {
      const account =
        entry.account === undefined ? this.base.getAccount(address) : (entry.account ?? undefined);
      const change: BlockChange = {
        address,
        account,
        accountWritten: entry.account !== undefined,
        storageCleared: entry.storageCleared,
        storage: entry.storage,
      };
      if (entry.code !== undefined) change.code = entry.code;
      out.push(change);
    }
    return out;
  }

  /** Addresses written since construction or the last reset. */
  touchedAddresses(): IterableIterator<AddressHex> {
    return this.overlay.keys();
  }
}

/** An AccountChange plus the new code where the block set it. */
export interface BlockChange extends AccountChange {
  code?: Uint8Array;
  /** False when only code or storage was written (the account fields are the base's). */
  accountWritten?: boolean;
}

function sameKey(a: StateKey, b: StateKey | undefined): boolean {
  if (b === undefined || a.kind !== b.kind || a.address !== b.address) return false;
  return a.kind === "account" || (b.kind === "storage" && a.slot === b.slot);
}
