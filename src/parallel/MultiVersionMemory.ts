/**
 * MultiVersionMemory: for every location, the values that transactions of the block wrote, by
 * transaction index and incarnation. A transaction reads the value of the highest lower
 * transaction that wrote the location, or the pre-block state when none did.
 *
 * Invariants:
 * - Per location, entries are sorted by transaction index, one entry per transaction.
 * - `writtenBy[tx]` lists the locations tx's recorded incarnation wrote; recording a new
 *   incarnation first removes the locations the new one no longer writes.
 * - An ESTIMATE entry stands for the writes of an aborted incarnation: a reader that meets one
 *   must wait for that transaction rather than guess (Block-STM's dependency rule).
 * - A balance may hold BalanceDelta entries (lazy credits and debits); its value for a reader
 *   is the fold of the lower entries from the highest absolute one up.
 * - A read recorded as a condition (a lazy sender's, "p" versions) stays valid while the value
 *   the lower transactions leave meets it, whoever wrote it; checking it needs the pre-state.
 *
 * The coordinator owns the authoritative copy; each worker keeps a mirror fed with the updates it
 * needs (see MirrorFeed), and the coordinator's validation catches a mirror that lacked one.
 *
 * Locations are numbered as the memory first meets them (a location id, valid for this block), and
 * everything the memory keeps per transaction holds ids: a read set the coordinator keeps until the
 * block ends is then a few numbers instead of a string per read. Those strings outlived the young
 * generation, and copying them made the coordinator's scavenges cost twice the sequential
 * executor's (see internReads).
 */
import type { StateReader } from "../state/StateReader.js";
import { addressOfKey, isBalanceDelta, NONCE_KEY } from "./locations.js";
import type { EntryRecord } from "./messages.js";
import {
  INCARNATIONS_PER_TX,
  type InternedReadLog,
  type LocationId,
  type LocationKey,
  PRE_STATE,
  type ReadLog,
  type TxIndex,
  type Version,
  type WriteLog,
} from "./types.js";

/** One transaction's value of one location. */
export interface Entry {
  readonly tx: TxIndex;
  readonly incarnation: number;
  readonly value: unknown;
  estimate: boolean;
}

/** What a read found (see Version for `version`). */
export type MvRead =
  | { kind: "value"; version: number; value: unknown }
  | { kind: "estimate"; blocker: TxIndex }
  | { kind: "pre-state" };

/** A folded fee-recipient balance: `base` (undefined: the pre-state balance) plus `delta`. */
export type FoldedBalance = { base: bigint | undefined; delta: bigint };

/**
 * A location's entries folded from the lowest up to position `upTo`: what a condition on the
 * balance checks. A payout's sender has a delta per transfer, and validation checks each
 * transfer's condition in block order: folding from scratch each time cost O(n²) (1,400
 * transfers of one sender: most of the coordinator's time).
 */
interface RunningFold {
  upTo: number;
  base: bigint | undefined;
  delta: bigint;
  /** An ESTIMATE is folded in: the value is not known. */
  estimate: boolean;
}

export const PRE_STATE_VERSION = PRE_STATE;

/**
 * The first character of a condition's version ("p"), and its operators (the second): "=" the
 * nonce equals, ">" the balance is at least, "+" the account exists, "0" the account does not
 * exist or has nonce 0, "1" the nonce is at least 1 (see VersionedState).
 */
const CONDITION = 0x70;
const EQUALS = 0x3d;
const AT_LEAST = 0x3e;
const EXISTS = 0x2b;
const ACTIVE = 0x31;

/** A condition that meets an ESTIMATE: it cannot be checked until that transaction re-runs. */
const UNKNOWN: unique symbol = Symbol("unknown");

/** What validating a transaction's reads found: all hold, one no longer holds, or some cannot tell yet. */
export type Validity = "valid" | "stale" | "waiting";

/** The version a read of `entry` records. */
export function versionOf(entry: Entry): number {
  return entry.tx * INCARNATIONS_PER_TX + entry.incarnation;
}

export class MultiVersionMemory {
  /** The block's pre-state, where validation must check conditions (the coordinator's copy). */
  preState: StateReader | undefined;
  private readonly idOf = new Map<LocationKey, LocationId>();
  private readonly keyOf: LocationKey[] = [];
  /** Per location id, its entries (undefined: none). */
  private readonly entriesAt: (Entry[] | undefined)[] = [];
  /** By transaction (an array: indices are dense): the locations its recorded incarnation wrote. */
  private readonly writtenBy: (readonly LocationId[] | undefined)[] = [];
  /** Storage location ids by address, for hasStorageBelow. */
  private readonly storageIds = new Map<string, Set<LocationId>>();
  /** Per location id, its running fold, dropped when an entry at or below it changes. */
  private readonly folds: (RunningFold | undefined)[] = [];

  /** The id of `key`, numbering it if new. */
  private intern(key: LocationKey): LocationId {
    let id = this.idOf.get(key);
    if (id === undefined) {
      id = this.keyOf.length;
      this.idOf.set(key, id);
      this.keyOf.push(key);
      this.entriesAt.push(undefined);
    }
    return id;
  }

  /**
   * Records an incarnation's writes. Returns true when it wrote a location that the previous
   * incarnation of the same transaction did not (then higher transactions need revalidation).
   */
  record(tx: TxIndex, incarnation: number, writes: WriteLog): boolean {
    const { keys, values } = writes;
    const before = this.writtenBy[tx];
    // The first incarnation (the common case) has nothing to compare with.
    const previous = before === undefined || before.length === 0 ? undefined : new Set(before);
    const ids = new Array<LocationId>(keys.length);
    let wroteNew = false;
    for (let i = 0; i < keys.length; i++) {
      const id = this.intern(keys[i] as LocationKey);
      ids[i] = id;
      if (previous === undefined || !previous.delete(id)) wroteNew = true;
      this.put(id, { tx, incarnation, value: values[i], estimate: false });
    }
    if (previous !== undefined) for (const stale of previous) this.remove(stale, tx);
    this.writtenBy[tx] = ids;
    return wroteNew;
  }

  /** Turns the writes of tx's last incarnation into ESTIMATE markers (the incarnation aborted). */
  markEstimates(tx: TxIndex): void {
    for (const id of this.writtenBy[tx] ?? []) {
      const entries = this.entriesAt[id];
      if (entries === undefined) continue;
      const at = this.indexOf(entries, tx);
      const entry = entries[at];
      if (entry !== undefined && entry.tx === tx) {
        entry.estimate = true;
        this.touched(id, at);
      }
    }
  }

  /** The value of `key` that transaction `tx` sees. */
  read(key: LocationKey, tx: TxIndex): MvRead {
    const entry = this.entryFor(key, tx);
    if (entry === undefined) return { kind: "pre-state" };
    if (entry.estimate) return { kind: "estimate", blocker: entry.tx };
    return { kind: "value", version: versionOf(entry), value: entry.value };
  }

  /**
   * The entry transaction `tx` reads for `key` (an ESTIMATE included), or undefined when no lower
   * transaction wrote it: `read` without building a result, for the per-read hot paths.
   */
  entryFor(key: LocationKey, tx: TxIndex): Entry | undefined {
    const id = this.idOf.get(key);
    return id === undefined ? undefined : this.entryAt(id, tx);
  }

  private entryAt(id: LocationId, tx: TxIndex): Entry | undefined {
    const entries = this.entriesAt[id];
    if (entries === undefined) return undefined;
    return entries[this.highestBelow(entries, tx)];
  }

  /**
   * The fee recipient's balance as `tx` sees it: the highest lower absolute value (or the
   * pre-state) plus every lower delta above it. The version lists every entry folded.
   */
  readFolded(
    key: LocationKey,
    tx: TxIndex,
  ): { kind: "value"; version: string; value: FoldedBalance } | { kind: "estimate"; blocker: TxIndex } {
    return this.readFoldedAt(this.idOf.get(key), tx);
  }

  private readFoldedAt(
    id: LocationId | undefined,
    tx: TxIndex,
  ): { kind: "value"; version: string; value: FoldedBalance } | { kind: "estimate"; blocker: TxIndex } {
    const entries = (id === undefined ? undefined : this.entriesAt[id]) ?? [];
    let delta = 0n;
    let base: bigint | undefined;
    const parts: string[] = [];
    for (let i = this.highestBelow(entries, tx); i >= 0; i--) {
      const entry = entries[i] as Entry;
      if (entry.estimate) return { kind: "estimate", blocker: entry.tx };
      parts.push(`${entry.tx}.${entry.incarnation}`);
      if (isBalanceDelta(entry.value)) delta += entry.value.delta;
      else {
        base = entry.value as bigint;
        break;
      }
    }
    return { kind: "value", version: `f${parts.join(",")}`, value: { base, delta } };
  }

  /**
   * A read set as the coordinator keeps it until the block ends: location ids instead of keys.
   * The keys' strings, posted by a worker or built by this thread's reads, then die young.
   */
  internReads(reads: ReadLog): InternedReadLog {
    const { keys, versions } = reads;
    const locations = new Array<LocationId>(keys.length);
    for (let i = 0; i < keys.length; i++) locations[i] = this.intern(keys[i] as LocationKey);
    return { locations, versions };
  }

  /** The keys of an interned read set. */
  readKeys(reads: InternedReadLog): LocationKey[] {
    return reads.locations.map((id) => this.keyOf[id] as LocationKey);
  }

  /** Whether every read of `tx` would still see the version it saw. */
  validate(tx: TxIndex, reads: InternedReadLog): boolean {
    return this.check(tx, reads) === "valid";
  }

  /**
   * `validate`, telling apart a condition that cannot be checked yet: it meets an ESTIMATE of a
   * lower transaction (a sender's previous transfer, re-running), whose next incarnation most
   * likely leaves what the condition needs. The reader waits for it instead of re-running too.
   */
  check(tx: TxIndex, reads: InternedReadLog): Validity {
    const { locations, versions } = reads;
    let validity: Validity = "valid";
    for (let i = 0; i < locations.length; i++) {
      const seen = this.stillSeesAt(tx, locations[i] as LocationId, versions[i] as Version);
      if (seen === false) return "stale";
      if (seen === UNKNOWN) validity = "waiting";
    }
    return validity;
  }

  /** The keys of the reads of `tx` that would no longer see the version they saw. */
  staleReads(tx: TxIndex, reads: InternedReadLog): LocationKey[] {
    const { locations, versions } = reads;
    const stale: LocationKey[] = [];
    for (let i = 0; i < locations.length; i++) {
      const id = locations[i] as LocationId;
      if (this.stillSeesAt(tx, id, versions[i] as Version) !== true)
        stale.push(this.keyOf[id] as LocationKey);
    }
    return stale;
  }

  /** UNKNOWN: a condition that meets an ESTIMATE. */
  private stillSeesAt(tx: TxIndex, id: LocationId, version: Version): boolean | typeof UNKNOWN {
    if (typeof version === "string") {
      if (version.charCodeAt(0) === CONDITION) return this.conditionHolds(tx, id, version);
      const now = this.readFoldedAt(id, tx);
      return now.kind === "value" && now.version === version;
    }
    const entry = this.entryAt(id, tx);
    if (entry === undefined) return version === PRE_STATE;
    return !entry.estimate && versionOf(entry) === version;
  }

  /**
   * Whether what the transactions below `tx` leave at location `id` meets a condition (see
   * CONDITION; VersionedState's lazy senders and recipients); UNKNOWN when it meets an ESTIMATE.
   */
  private conditionHolds(tx: TxIndex, id: LocationId, condition: string): boolean | typeof UNKNOWN {
    const pre = this.preState;
    if (pre === undefined) throw new Error("a condition to check, and no pre-state to check it with");
    const address = addressOfKey(this.keyOf[id] as LocationKey);
    const operator = condition.charCodeAt(1);
    if (operator === AT_LEAST) {
      const folded = this.foldBelow(id, tx);
      if (folded.estimate) return UNKNOWN;
      const base = folded.base ?? pre.getAccount(address)?.balance ?? 0n;
      return base + folded.delta >= BigInt(condition.slice(2));
    }
    const entry = this.entryAt(id, tx);
    if (entry?.estimate === true) return UNKNOWN;
    const nonce =
      entry === undefined ? (pre.getAccount(address)?.nonce ?? null) : (entry.value as bigint | null);
    if (operator === EQUALS) return nonce === BigInt(condition.slice(2));
    if (operator === EXISTS) return nonce !== null;
    if (operator === ACTIVE) return nonce !== null && nonce >= 1n;
    return nonce === null || nonce === 0n; // NEW_OR_FRESH
  }

  /** The fold of the entries of location `id` below `tx`, extending its running fold. */
  private foldBelow(id: LocationId, tx: TxIndex): RunningFold {
    const entries = this.entriesAt[id] ?? [];
    const top = this.highestBelow(entries, tx);
    let fold = this.folds[id];
    if (fold === undefined || fold.upTo > top) {
      fold = { upTo: -1, base: undefined, delta: 0n, estimate: false };
      // A lower transaction than the fold reached: fold it apart, keep the running one.
      if (this.folds[id] === undefined) this.folds[id] = fold;
    }
    for (let i = fold.upTo + 1; i <= top; i++) {
      const entry = entries[i] as Entry;
      if (isBalanceDelta(entry.value)) {
        fold.delta += entry.value.delta;
        if (entry.estimate) fold.estimate = true;
      } else {
        fold.base = entry.value as bigint;
        fold.delta = 0n;
        fold.estimate = entry.estimate;
      }
    }
    fold.upTo = top;
    return fold;
  }

  /** Drops the running fold of location `id` if it covers position `at`. */
  private touched(id: LocationId, at: number): void {
    const fold = this.folds[id];
    if (fold !== undefined && at <= fold.upTo) this.folds[id] = undefined;
  }

  /** Whether a transaction below `tx` wrote a non-zero slot of `address` (creation collisions). */
  hasStorageBelow(address: string, tx: TxIndex): boolean {
    for (const id of this.storageIds.get(address) ?? []) {
      const entries = this.entriesAt[id];
      if (entries === undefined) continue;
      const at = this.highestBelow(entries, tx);
      if (at >= 0 && ((entries[at] as Entry).value as Uint8Array).length > 0) return true;
    }
    return false;
  }

  /**
   * Calls `visit` with the last value of every location (folded for delta entries), for the
   * block's state change: a callback, not a generator, since a block of 2,000 transfers has
   * ~8,000 locations and the block waits for this at its end.
   */
  forEachFinal(visit: (key: LocationKey, value: unknown) => void): void {
    const { entriesAt, keyOf } = this;
    for (let id = 0; id < entriesAt.length; id++) {
      const entries = entriesAt[id];
      if (entries === undefined || entries.length === 0) continue;
      const last = entries[entries.length - 1] as Entry;
      visit(keyOf[id] as LocationKey, isBalanceDelta(last.value) ? finalFold(entries) : last.value);
    }
  }

  /** Every entry of `key`, lowest transaction first (for a mirror that starts to follow it). */
  entriesOf(key: LocationKey): EntryRecord[] {
    const id = this.idOf.get(key);
    const entries = (id === undefined ? undefined : this.entriesAt[id]) ?? [];
    return entries.map((e) => [e.tx, e.incarnation, e.value, e.estimate]);
  }

  /** Puts entries of `key` as the authoritative copy has them (a mirror catching up). */
  install(key: LocationKey, entries: readonly EntryRecord[]): void {
    const id = this.intern(key);
    for (const [tx, incarnation, value, estimate] of entries) {
      this.put(id, { tx, incarnation, value, estimate });
      const ids = this.writtenBy[tx] ?? [];
      if (!ids.includes(id)) this.writtenBy[tx] = [...ids, id];
    }
  }

  /** Drops every entry of `tx` (the rest of the block is about to run elsewhere). */
  forget(tx: TxIndex): void {
    for (const id of this.writtenBy[tx] ?? []) this.remove(id, tx);
    this.writtenBy[tx] = undefined;
  }

  /** The locations a transaction's recorded incarnation wrote. */
  writesOf(tx: TxIndex): LocationKey[] {
    const keys: LocationKey[] = [];
    for (const id of this.writtenBy[tx] ?? [])
      if (!this.repeatsCreation(id, tx)) keys.push(this.keyOf[id] as LocationKey);
    return keys;
  }

  /** What a transaction's recorded incarnation wrote, with the values (block access lists). */
  writeLogOf(tx: TxIndex): WriteLog {
    const keys: LocationKey[] = [];
    const values: unknown[] = [];
    for (const id of this.writtenBy[tx] ?? []) {
      const entries = this.entriesAt[id] as Entry[];
      const entry = entries[this.indexOf(entries, tx)];
      if (entry?.tx !== tx || this.repeatsCreation(id, tx)) continue;
      keys.push(this.keyOf[id] as LocationKey);
      values.push(entry.value);
    }
    return { keys, values };
  }

  /**
   * Whether `tx`'s write at `id` is a lazy recipient's creation (nonce 0) of an account that a
   * lower transaction had already created: its condition held, the value is unchanged, and in
   * block order it is no write at all (read and write sets match an in-order run's).
   */
  private repeatsCreation(id: LocationId, tx: TxIndex): boolean {
    const key = this.keyOf[id] as LocationKey;
    if (key.charCodeAt(0) !== NONCE_KEY) return false;
    const entries = this.entriesAt[id] as Entry[];
    const at = this.indexOf(entries, tx);
    if (entries[at]?.value !== 0n || at === 0) return false;
    return (entries[at - 1] as Entry).value === 0n;
  }

  clear(): void {
    this.idOf.clear();
    this.keyOf.length = 0;
    this.entriesAt.length = 0;
    this.writtenBy.length = 0;
    this.storageIds.clear();
    this.folds.length = 0;
  }

  private put(id: LocationId, entry: Entry): void {
    const entries = this.entriesAt[id];
    if (entries === undefined) {
      this.entriesAt[id] = [entry];
      const key = this.keyOf[id] as LocationKey;
      if (key[0] === "s") {
        const address = addressOfKey(key);
        const ids = this.storageIds.get(address) ?? new Set<LocationId>();
        this.storageIds.set(address, ids);
        ids.add(id);
      }
      return;
    }
    const at = this.indexOf(entries, entry.tx);
    this.touched(id, at);
    if (entries[at]?.tx === entry.tx) entries[at] = entry;
    else entries.splice(at, 0, entry);
  }

  private remove(id: LocationId, tx: TxIndex): void {
    const entries = this.entriesAt[id];
    if (entries === undefined) return;
    const at = this.indexOf(entries, tx);
    this.touched(id, at);
    if (entries[at]?.tx === tx) entries.splice(at, 1);
    if (entries.length === 0) this.entriesAt[id] = undefined;
  }

  /** First position whose tx is ≥ `tx` (binary search; appends are the common case). */
  private indexOf(entries: Entry[], tx: TxIndex): number {
    let lo = 0;
    let hi = entries.length;
    if (hi > 0 && (entries[hi - 1] as Entry).tx < tx) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((entries[mid] as Entry).tx < tx) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of the highest entry below `tx`, or -1. */
  private highestBelow(entries: Entry[], tx: TxIndex): number {
    return this.indexOf(entries, tx) - 1;
  }
}

/** The fold of a location's entries after its last transaction (no reader: no version to build). */
function finalFold(entries: readonly Entry[]): FoldedBalance {
  let delta = 0n;
  for (let i = entries.length - 1; i >= 0; i--) {
    const value = (entries[i] as Entry).value;
    if (!isBalanceDelta(value)) return { base: value as bigint, delta };
    delta += value.delta;
  }
  return { base: undefined, delta };
}
