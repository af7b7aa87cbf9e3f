/**
 * WorldState: the devnet's state at the head block, flat (Maps, no trie), plus one undo record
 * per block so any past block stays readable and the chain can go back (snapshots, reorgs).
 *
 * Invariants:
 * - `accounts`, `storage` and `codes` hold the state after block `head`.
 * - `undoRecords` holds, for each block b that changed something, in block order, the value
 *   before b of every account or slot b changed. Applying the records of the blocks from `head`
 *   down to n+1 gives the state after block n. A block that changed nothing has no record (a
 *   million reserved empty blocks cost nothing). With `keepBlocks` (--prune-history), the
 *   records of blocks older than that window are dropped, and their state with them.
 * - `lastChanged[address]` is an upper bound of the last block that changed the account or any
 *   of its slots; a read at block n with lastChanged ≤ n is answered from the head maps at once.
 * - Codes are content-addressed by hash and never removed.
 * - State edits between blocks (anvil_setBalance, ...) apply at once and keep their undo records
 *   in `editRecords`, as if they were part of the next block; mining merges them into that
 *   block's record, so going back to block n undoes edits made after it too.
 * - A pinned head (`pin`) is kept as it was: every change to the head maps first saves the
 *   value it replaces into each live pin (oldest value wins), so a reader that yields to the
 *   event loop while blocks are mined keeps reading one block's state.
 * - Lazy (a forked chain): an account or slot neither written here nor loaded from the remote
 *   is unknown, and reading it throws a StateMiss. Loaded values (`materialize`) are the state at
 *   the fork point, under every local block: they get no undo record, and a key once written or
 *   loaded is known for good.
 */
import { bytesToHex, equalsBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { InvalidParamsError } from "../errors/DevnetError.js";
import type { BlockChange } from "./JournaledState.js";
import { StateMiss } from "./StateMiss.js";
import type { StateReader } from "./StateReader.js";
import type { AccountInfo, AddressHex, SlotHex } from "./types.js";

const EMPTY = new Uint8Array();
const NULL_CODE_HASH_HEX = bytesToHex(KECCAK256_NULL);

interface UndoRecord {
  accounts: Map<AddressHex, AccountInfo | undefined>;
  storage: Map<AddressHex, Map<SlotHex, Uint8Array>>;
}

/** A state that stays as it was when pinned; `release()` when done reading it. */
export interface PinnedState extends StateReader {
  release(): void;
}

/** Which keys a lazy state holds, present or absent. */
interface KnownKeys {
  accounts: Set<AddressHex>;
  slots: Map<AddressHex, Set<SlotHex>>;
  /** Accounts whose storage was wiped here: their unloaded slots are zero. */
  wiped: Set<AddressHex>;
}

/** Remote values to lay under the state: per account, its info (undefined: absent) and code. */
export interface LoadedState {
  accounts: Map<AddressHex, { account: AccountInfo | undefined; code: Uint8Array }>;
  slots: Map<AddressHex, Map<SlotHex, Uint8Array>>;
}

/** The undo record of block `number`. */
interface BlockUndo {
  number: number;
  record: UndoRecord;
}

export class WorldState implements StateReader {
  private accounts = new Map<AddressHex, AccountInfo>();
  private storage = new Map<AddressHex, Map<SlotHex, Uint8Array>>();
  private codes = new Map<string, Uint8Array>([[NULL_CODE_HASH_HEX, EMPTY]]);
  /**
   * The last code found by hash, keyed by the hash array itself: accounts keep theirs, so a block
   * that calls one contract at every transaction finds its code with an identity check instead
   * of a hex string and a map lookup.
   */
  private lastCode: { hash: Uint8Array; code: Uint8Array } | undefined;
  private undoRecords: BlockUndo[] = [];
  /** Undo records of the edits made since the head block, oldest first. */
  private editRecords: UndoRecord[] = [];
  private lastChanged = new Map<AddressHex, number>();
  private headNumber = -1;
  private readonly keepHistory: boolean;
  /** How many blocks' states are kept, the head's included; undefined: all. */
  private readonly keepBlocks: number | undefined;
  /** The first block whose state can be read (later than 0 for a chain loaded from a dump). */
  private historyFrom = 0;
  private readonly pins = new Set<PinnedHead>();
  /** Past blocks pinned by readers still running, and how many: pruning keeps their records. */
  private readonly pastPins = new Map<number, number>();

  private readonly known: KnownKeys | undefined;

  /**
   * `history: false` keeps no undo records (a worker's replica needs only the latest state);
   * `lazy: true` throws a StateMiss for what it does not know (see the note at the top);
   * `keepBlocks: n` keeps the state of the last n blocks only (the head's included).
   */
  constructor(options: { history?: boolean; lazy?: boolean; keepBlocks?: number } = {}) {
    this.keepHistory = options.history ?? true;
    this.keepBlocks = options.keepBlocks;
    if (options.lazy === true) this.known = { accounts: new Set(), slots: new Map(), wiped: new Set() };
  }

  /** Whether unknown keys throw (a forked chain's state). */
  get lazy(): boolean {
    return this.known !== undefined;
  }

  /** The number of the last block applied (-1 before genesis). */
  get head(): number {
    return this.headNumber;
  }

  // ---- reads at the head ----

  getAccount(address: AddressHex): AccountInfo | undefined {
    const account = this.accounts.get(address);
    if (account !== undefined || this.known === undefined || this.known.accounts.has(address)) return account;
    throw new StateMiss({ kind: "account", address });
  }

  getCode(address: AddressHex): Uint8Array {
    const account = this.getAccount(address);
    if (account === undefined) return EMPTY;
    return this.codeByHash(account.codeHash);
  }

  codeByHash(codeHash: Uint8Array): Uint8Array {
    if (codeHash === KECCAK256_NULL) return EMPTY;
    const last = this.lastCode;
    if (last !== undefined && last.hash === codeHash) return last.code;
    const code = this.codes.get(bytesToHex(codeHash)) ?? EMPTY;
    this.lastCode = { hash: codeHash, code };
    return code;
  }

  getStorage(address: AddressHex, slot: SlotHex): Uint8Array {
    const value = this.storage.get(address)?.get(slot);
    if (value !== undefined) return value;
    const known = this.known;
    if (known === undefined || known.wiped.has(address) || known.slots.get(address)?.has(slot) === true)
      return EMPTY;
    throw new StateMiss({ kind: "storage", address, slot });
  }

  /** Whether a lazy state holds this key (always true for a state that is not lazy). */
  knows(key: { address: AddressHex; slot?: SlotHex }): boolean {
    const known = this.known;
    if (known === undefined) return true;
    if (key.slot === undefined) return known.accounts.has(key.address);
    return known.wiped.has(key.address) || known.slots.get(key.address)?.has(key.slot) === true;
  }

  /**
   * Lays remote values under the state (a forked chain's state at the fork point), skipping what
   * is known already (local writes win). Returns what it laid, as changes, for the workers'
   * replicas; slots of an account the state does not know yet are laid but not returned.
   */
  materialize(loaded: LoadedState): BlockChange[] {
    const known = this.known;
    if (known === undefined) return [];
    const changes = new Map<AddressHex, BlockChange>();
    for (const [address, { account, code }] of loaded.accounts) {
      if (known.accounts.has(address)) continue;
      known.accounts.add(address);
      if (account !== undefined) {
        this.accounts.set(address, account);
        if (code.length > 0) this.codes.set(bytesToHex(account.codeHash), code);
      }
      const change: BlockChange = { address, account, storageCleared: false, storage: new Map() };
      if (code.length > 0) change.code = code;
      changes.set(address, change);
    }
    for (const [address, slots] of loaded.slots) {
      let knownSlots = known.slots.get(address);
      for (const [slot, value] of slots) {
        if (known.wiped.has(address) || knownSlots?.has(slot) === true) continue;
        if (knownSlots === undefined) {
          knownSlots = new Set();
          known.slots.set(address, knownSlots);
        }
        knownSlots.add(slot);
        if (value.length > 0) {
          let stored = this.storage.get(address);
          if (stored === undefined) {
            stored = new Map();
            this.storage.set(address, stored);
          }
          stored.set(slot, value);
        }
        if (!known.accounts.has(address)) continue;
        let change = changes.get(address);
        if (change === undefined) {
          change = {
            address,
            account: this.accounts.get(address),
            storageCleared: false,
            storage: new Map(),
          };
          changes.set(address, change);
        }
        change.storage.set(slot, value);
      }
    }
    this.lastCode = undefined;
    return [...changes.values()];
  }

  /**
   * The whole state at the head, as `snapshot`, plus, for a lazy state, what it knows to be
   * absent or zero, so that a replica built from it knows the same keys.
   */
  knownSnapshot(): BlockChange[] {
    const changes = this.snapshot();
    const known = this.known;
    if (known === undefined) return changes;
    const byAddress = new Map(changes.map((change) => [change.address, change]));
    for (const address of known.accounts) {
      if (!byAddress.has(address))
        changes.push({ address, account: undefined, storageCleared: false, storage: new Map() });
    }
    for (const [address, slots] of known.slots) {
      const change = byAddress.get(address);
      if (change === undefined) continue;
      for (const slot of slots) if (!change.storage.has(slot)) change.storage.set(slot, EMPTY);
    }
    return changes;
  }

  hasStorage(address: AddressHex): boolean {
    const slots = this.storage.get(address);
    return slots !== undefined && slots.size > 0;
  }

  /** Every slot of an account at the head (for dumps and state edits). */
  storageOf(address: AddressHex): ReadonlyMap<SlotHex, Uint8Array> {
    return this.storage.get(address) ?? new Map();
  }

  /** Every account at the head (for dumps). */
  allAccounts(): IterableIterator<[AddressHex, AccountInfo]> {
    return this.accounts.entries();
  }

  /** The whole state at the head as changes from an empty state (to copy it elsewhere). */
  snapshot(): BlockChange[] {
    const changes: BlockChange[] = [];
    for (const [address, account] of this.accounts) {
      const change: BlockChange = {
        address,
        account,
        storageCleared: false,
        storage: new Map(this.storage.get(address) ?? []),
      };
      const code = this.codeByHash(account.codeHash);
      if (code.length > 0) change.code = code;
      changes.push(change);
    }
    return changes;
  }

  // ---- reads in the past ----

  /** A read-only view of the state after block `number` (≤ head). */
  at(number: number): StateReader {
    if (number >= this.headNumber) return this;
    if (number < this.historyFrom || this.outsideWindow(number)) throw this.notKept(number);
    return new PastState(this, number);
  }

  /**
   * The state after block `number` (≤ head), unchanged by the blocks, edits and reverts that
   * follow while it is held (a message that yields to the event loop reads one). A past block's
   * view already is; the head's saves what changes would overwrite. Release it when done.
   */
  pin(number: number): PinnedState {
    if (number < this.headNumber) {
      this.at(number);
      this.pastPins.set(number, (this.pastPins.get(number) ?? 0) + 1);
      return new PastState(this, number, () => {
        const left = (this.pastPins.get(number) ?? 1) - 1;
        if (left > 0) this.pastPins.set(number, left);
        else this.pastPins.delete(number);
      });
    }
    const pinned = new PinnedHead(this, this.pins);
    this.pins.add(pinned);
    return pinned;
  }

  /** Whether block `number` is older than the `keepBlocks` window (its records may still be pinned). */
  private outsideWindow(number: number): boolean {
    return this.keepBlocks !== undefined && number < this.headNumber - this.keepBlocks + 1;
  }

  private notKept(number: number): InvalidParamsError {
    if (this.outsideWindow(number)) {
      return new InvalidParamsError(
        `the state of block ${number} is no longer kept: history is pruned to the last ${this.keepBlocks} blocks (--prune-history)`,
      );
    }
    return new InvalidParamsError(
      `the state of block ${number} is not kept: this chain was loaded from a state dump at block ${this.historyFrom}`,
    );
  }

  /** Drops the undo records of blocks that left the `keepBlocks` window. */
  private prune(): void {
    if (this.keepBlocks === undefined) return;
    let from = this.headNumber - this.keepBlocks + 1;
    // A message still running at a past block (a long eth_call) reads the records after it.
    for (const pinned of this.pastPins.keys()) if (pinned < from) from = pinned;
    if (from <= this.historyFrom) return;
    this.historyFrom = from;
    // The state after block `from` needs the records of the blocks after it only.
    let drop = 0;
    while (drop < this.undoRecords.length && (this.undoRecords[drop] as BlockUndo).number <= from) drop++;
    if (drop > 0) this.undoRecords.splice(0, drop);
  }

  /** A state that starts at block `head` with these accounts (loading a dump): no earlier history. */
  static restored(
    changes: Iterable<BlockChange>,
    head: number,
    options: { lazy?: boolean; keepBlocks?: number } = {},
  ): WorldState {
    const world = new WorldState(options);
    world.headNumber = head - 1;
    world.applyBlock(changes);
    world.historyFrom = head;
    return world;
  }

  /** @internal the value of `address` before the first block after `number` that changed it. */
  pastAccount(address: AddressHex, number: number): AccountInfo | undefined {
    if ((this.lastChanged.get(address) ?? -1) <= number) return this.getAccount(address);
    for (const record of this.recordsAfter(number)) {
      if (record.accounts.has(address)) return record.accounts.get(address);
    }
    return this.getAccount(address);
  }

  /** @internal as pastAccount, for one slot. */
  pastStorage(address: AddressHex, slot: SlotHex, number: number): Uint8Array {
    if ((this.lastChanged.get(address) ?? -1) <= number) return this.getStorage(address, slot);
    for (const record of this.recordsAfter(number)) {
      const value = record.storage.get(address)?.get(slot);
      if (value !== undefined) return value;
    }
    return this.getStorage(address, slot);
  }

  /** @internal whether the account had storage after block `number`. */
  pastHasStorage(address: AddressHex, number: number): boolean {
    if ((this.lastChanged.get(address) ?? -1) <= number) return this.hasStorage(address);
    // Rare path (EIP-7610 check in a call at a past block): rebuild the slot set.
    const slots = new Map(this.storage.get(address) ?? []);
    for (const record of [...this.recordsAfter(number)].reverse()) {
      for (const [slot, value] of record.storage.get(address) ?? []) {
        if (value.length === 0) slots.delete(slot);
        else slots.set(slot, value);
      }
    }
    return slots.size > 0;
  }

  /** Undo records after block `number`, oldest first: later blocks, then pending edits. */
  private *recordsAfter(number: number): Generator<UndoRecord> {
    let low = 0;
    let high = this.undoRecords.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.undoRecords[middle] as BlockUndo).number <= number) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.undoRecords.length; i++) yield (this.undoRecords[i] as BlockUndo).record;
    yield* this.editRecords;
  }

  // ---- writes ----

  /**
   * Applies the changes of block `head + 1` and records how to undo them.
   * Genesis is block 0, applied the same way.
   */
  applyBlock(changes: Iterable<BlockChange>): void {
    const number = this.headNumber + 1;
    // Edits made since the last block become part of this block's record; the oldest
    // "before" value of each account and slot wins.
    const record: UndoRecord = { accounts: new Map(), storage: new Map() };
    for (const edit of this.editRecords) mergeRecord(record, edit);
    this.editRecords = [];
    if (this.pins.size === 0) this.apply(changes, record, number);
    else {
      const batch: UndoRecord = { accounts: new Map(), storage: new Map() };
      this.apply(changes, batch, number);
      this.savePinned(batch);
      mergeRecord(record, batch);
    }
    if (this.keepHistory && (record.accounts.size > 0 || record.storage.size > 0)) {
      this.undoRecords.push({ number, record });
    }
    this.headNumber = number;
    this.prune();
  }

  /** Blocks `head + 1` to `head + count` change nothing (reserved empty blocks). */
  skipBlocks(count: number): void {
    if (count <= 0) return;
    // Edits made since the head belong to the first of them.
    if (this.editRecords.length > 0) {
      this.applyBlock([]);
      count--;
    }
    this.headNumber += count;
    this.prune();
  }

  /** Changes the state between blocks (dev methods); undone by reverting to an earlier block. */
  applyEdit(changes: Iterable<BlockChange>): void {
    const record: UndoRecord = { accounts: new Map(), storage: new Map() };
    this.apply(changes, record, this.headNumber + 1);
    this.savePinned(record);
    this.editRecords.push(record);
  }

  private apply(changes: Iterable<BlockChange>, record: UndoRecord, number: number): void {
    for (const change of changes) {
      const { address } = change;
      this.lastChanged.set(address, number);
      if (this.known !== undefined) this.markKnown(change);
      const before = this.accounts.get(address);
      if (change.code !== undefined && change.code.length > 0) {
        this.codes.set(bytesToHex(change.account?.codeHash ?? keccak256(change.code)), change.code);
        this.lastCode = undefined;
      }
      if (!sameAccount(before, change.account)) {
        if (!record.accounts.has(address)) record.accounts.set(address, before);
        if (change.account === undefined) this.accounts.delete(address);
        else this.accounts.set(address, withSharedEmptyCodeHash({ ...change.account }));
      }
      this.applyStorage(address, change, record);
    }
  }

  /** A write makes its keys known: what it wrote wins over the remote's. */
  private markKnown(change: BlockChange): void {
    const known = this.known as KnownKeys;
    known.accounts.add(change.address);
    if (change.storageCleared || change.account === undefined) known.wiped.add(change.address);
    if (change.storage.size === 0) return;
    let slots = known.slots.get(change.address);
    if (slots === undefined) {
      slots = new Set();
      known.slots.set(change.address, slots);
    }
    for (const slot of change.storage.keys()) slots.add(slot);
  }

  private applyStorage(address: AddressHex, change: BlockChange, record: UndoRecord): void {
    const wiped = change.storageCleared || change.account === undefined;
    if (!wiped && change.storage.size === 0) return;
    let slots = this.storage.get(address);
    const undo = new Map<SlotHex, Uint8Array>();
    if (wiped && slots !== undefined) {
      for (const [slot, value] of slots) undo.set(slot, value);
      slots.clear();
    }
    for (const [slot, value] of change.storage) {
      if (slots === undefined) {
        slots = new Map();
        this.storage.set(address, slots);
      }
      if (!undo.has(slot)) undo.set(slot, slots.get(slot) ?? EMPTY);
      if (value.length === 0) slots.delete(slot);
      else slots.set(slot, value);
    }
    if (slots !== undefined && slots.size === 0) this.storage.delete(address);
    if (undo.size === 0) return;
    const existing = record.storage.get(address);
    if (existing === undefined) record.storage.set(address, undo);
    else for (const [slot, value] of undo) if (!existing.has(slot)) existing.set(slot, value);
  }

  /** Gives each pinned head the values `replaced` holds where it has none yet. */
  private savePinned(replaced: UndoRecord): void {
    for (const pinned of this.pins) mergeRecord(pinned.saved, replaced);
  }

  /** The head's values of every account and slot `records` name (what a revert overwrites). */
  private currentValuesOf(records: UndoRecord[]): UndoRecord {
    const current: UndoRecord = { accounts: new Map(), storage: new Map() };
    for (const record of records) {
      for (const address of record.accounts.keys()) current.accounts.set(address, this.accounts.get(address));
      for (const [address, slots] of record.storage) {
        let saved = current.storage.get(address);
        if (saved === undefined) {
          saved = new Map();
          current.storage.set(address, saved);
        }
        for (const slot of slots.keys()) saved.set(slot, this.getStorage(address, slot));
      }
    }
    return current;
  }

  /** Goes back to the state after block `number`, forgetting the blocks after it. */
  revertTo(number: number): void {
    if (number < this.historyFrom || this.outsideWindow(number) || number > this.headNumber) {
      throw new InvalidParamsError(`cannot go back to block ${number}: its state is not kept`);
    }
    const records = [...this.editRecords].reverse();
    for (
      let last = this.undoRecords.at(-1);
      last !== undefined && last.number > number;
      last = this.undoRecords.at(-1)
    ) {
      records.push(last.record);
      this.undoRecords.pop();
    }
    this.editRecords = [];
    if (this.pins.size > 0) this.savePinned(this.currentValuesOf(records));
    for (const record of records) {
      for (const [address, account] of record.accounts) {
        if (account === undefined) this.accounts.delete(address);
        else this.accounts.set(address, account);
      }
      for (const [address, undo] of record.storage) {
        let slots = this.storage.get(address);
        if (slots === undefined) {
          slots = new Map();
          this.storage.set(address, slots);
        }
        for (const [slot, value] of undo) {
          if (value.length === 0) slots.delete(slot);
          else slots.set(slot, value);
        }
        if (slots.size === 0) this.storage.delete(address);
      }
    }
    this.headNumber = number;
  }
}

/** The state of the head when it was pinned: live maps, under what changed since (see pin). */
class PinnedHead implements PinnedState {
  /** The values changes replaced since the pin, oldest first: an undo record. */
  readonly saved: UndoRecord = { accounts: new Map(), storage: new Map() };

  constructor(
    private readonly world: WorldState,
    private readonly pins: Set<PinnedHead>,
  ) {}

  getAccount(address: AddressHex): AccountInfo | undefined {
    return this.saved.accounts.has(address)
      ? this.saved.accounts.get(address)
      : this.world.getAccount(address);
  }

  getCode(address: AddressHex): Uint8Array {
    const account = this.getAccount(address);
    return account === undefined ? EMPTY : this.world.codeByHash(account.codeHash);
  }

  getStorage(address: AddressHex, slot: SlotHex): Uint8Array {
    return this.saved.storage.get(address)?.get(slot) ?? this.world.getStorage(address, slot);
  }

  hasStorage(address: AddressHex): boolean {
    const saved = this.saved.storage.get(address);
    if (saved === undefined) return this.world.hasStorage(address);
    const slots = new Map(this.world.storageOf(address));
    for (const [slot, value] of saved) {
      if (value.length === 0) slots.delete(slot);
      else slots.set(slot, value);
    }
    return slots.size > 0;
  }

  release(): void {
    this.pins.delete(this);
  }
}

/** The state after a past block, read through the undo records; holding one costs nothing. */
class PastState implements PinnedState {
  constructor(
    private readonly world: WorldState,
    private readonly number: number,
    private readonly onRelease: () => void = () => {},
  ) {}

  getAccount(address: AddressHex): AccountInfo | undefined {
    return this.world.pastAccount(address, this.number);
  }

  getCode(address: AddressHex): Uint8Array {
    const account = this.getAccount(address);
    return account === undefined ? EMPTY : this.world.codeByHash(account.codeHash);
  }

  getStorage(address: AddressHex, slot: SlotHex): Uint8Array {
    return this.world.pastStorage(address, slot, this.number);
  }

  hasStorage(address: AddressHex): boolean {
    return this.world.pastHasStorage(address, this.number);
  }

  private released = false;

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}

/** Adds `later`'s "before" values to `record` where it has none (the older value wins). */
function mergeRecord(record: UndoRecord, later: UndoRecord): void {
  for (const [address, account] of later.accounts)
    if (!record.accounts.has(address)) record.accounts.set(address, account);
  for (const [address, slots] of later.storage) {
    const existing = record.storage.get(address);
    if (existing === undefined) record.storage.set(address, new Map(slots));
    else for (const [slot, value] of slots) if (!existing.has(slot)) existing.set(slot, value);
  }
}

function sameAccount(a: AccountInfo | undefined, b: AccountInfo | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.nonce !== b.nonce || a.balance !== b.balance) return false;
  if (a.codeHash === b.codeHash) return true;
  for (let i = 0; i < 32; i++) if (a.codeHash[i] !== b.codeHash[i]) return false;
  return true;
}

/**
 * The account, its code hash the one shared array when it has no code: each change brings its
 * own copy, and the undo records keep every replaced account for the chain's life (~0.2 KB a copy,
 * a few per transaction).
 */
function withSharedEmptyCodeHash(account: AccountInfo): AccountInfo {
  const hash = account.codeHash;
  if (hash !== KECCAK256_NULL && hash[0] === KECCAK256_NULL[0] && equalsBytes(hash, KECCAK256_NULL))
    account.codeHash = KECCAK256_NULL;
  return account;
}
