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
 * - The fee recipient's balance may hold BalanceDelta entries (lazy fee credits); its value for a
 *   reader is the fold of the lower entries from the highest absolute one up.
 *
 * The coordinator owns the authoritative copy; each worker keeps a mirror fed with the updates it
 * needs (see MirrorFeed), and the coordinator's validation catches a mirror that lacked one.
 */
import { addressOfKey, isBalanceDelta } from "./locations.js";
import type { EntryRecord } from "./messages.js";
import {
  INCARNATIONS_PER_TX,
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

export const PRE_STATE_VERSION = PRE_STATE;

/** The version a read of `entry` records. */
export function versionOf(entry: Entry): number {
  return entry.tx * INCARNATIONS_PER_TX + entry.incarnation;
}

export class MultiVersionMemory {
  private readonly data = new Map<LocationKey, Entry[]>();
  /** By transaction (an array: indices are dense). Never mutated in place: it may be a WriteLog's. */
  private readonly writtenBy: (readonly LocationKey[] | undefined)[] = [];
  /** Storage location keys by address, for hasStorageBelow. */
  private readonly storageKeys = new Map<string, Set<LocationKey>>();

  /**
   * Records an incarnation's writes. Returns true when it wrote a location that the previous
   * incarnation of the same transaction did not (then higher transactions need revalidation).
   */
  record(tx: TxIndex, incarnation: number, writes: WriteLog): boolean {
    const { keys, values } = writes;
    const before = this.writtenBy[tx];
    // The first incarnation (the common case) has nothing to compare with.
    const previous = before === undefined || before.length === 0 ? undefined : new Set(before);
    let wroteNew = false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as LocationKey;
      if (previous === undefined || !previous.delete(key)) wroteNew = true;
      this.put(key, { tx, incarnation, value: values[i], estimate: false });
    }
    if (previous !== undefined) for (const stale of previous) this.remove(stale, tx);
    this.writtenBy[tx] = keys;
    return wroteNew;
  }

  /** Turns the writes of tx's last incarnation into ESTIMATE markers (the incarnation aborted). */
  markEstimates(tx: TxIndex): void {
    for (const key of this.writtenBy[tx] ?? []) {
      const entries = this.data.get(key);
      const entry = entries?.[this.indexOf(entries, tx)];
      if (entry !== undefined && entry.tx === tx) entry.estimate = true;
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
    const entries = this.data.get(key);
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
    const entries = this.data.get(key) ?? [];
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

  /** Whether every read of `tx` would still see the version it saw. */
  validate(tx: TxIndex, reads: ReadLog): boolean {
    const { keys, versions } = reads;
    for (let i = 0; i < keys.length; i++) {
      if (!this.stillSees(tx, keys[i] as LocationKey, versions[i] as Version)) return false;
    }
    return true;
  }

  /** Whether a read of `key` by `tx` would still see `version`. */
  stillSees(tx: TxIndex, key: LocationKey, version: Version): boolean {
    if (typeof version === "string") {
      const now = this.readFolded(key, tx);
      return now.kind === "value" && now.version === version;
    }
    const entry = this.entryFor(key, tx);
    if (entry === undefined) return version === PRE_STATE;
    return !entry.estimate && versionOf(entry) === version;
  }

  /** Whether a transaction below `tx` wrote a non-zero slot of `address` (creation collisions). */
  hasStorageBelow(address: string, tx: TxIndex): boolean {
    for (const key of this.storageKeys.get(address) ?? []) {
      const entries = this.data.get(key);
      if (entries === undefined) continue;
      const at = this.highestBelow(entries, tx);
      if (at >= 0 && ((entries[at] as Entry).value as Uint8Array).length > 0) return true;
    }
    return false;
  }

  /** The last value of every location (folded for delta entries), for the block's state change. */
  *finalValues(): Generator<[LocationKey, unknown]> {
    for (const [key, entries] of this.data) {
      const last = entries[entries.length - 1];
      if (last === undefined) continue;
      if (!isBalanceDelta(last.value)) {
        yield [key, last.value];
        continue;
      }
      const folded = this.readFolded(key, Number.MAX_SAFE_INTEGER);
      if (folded.kind === "value") yield [key, folded.value];
    }
  }

  /** Every entry of `key`, lowest transaction first (for a mirror that starts to follow it). */
  entriesOf(key: LocationKey): EntryRecord[] {
    return (this.data.get(key) ?? []).map((e) => [e.tx, e.incarnation, e.value, e.estimate]);
  }

  /** Puts entries of `key` as the authoritative copy has them (a mirror catching up). */
  install(key: LocationKey, entries: readonly EntryRecord[]): void {
    for (const [tx, incarnation, value, estimate] of entries) {
      this.put(key, { tx, incarnation, value, estimate });
      const keys = this.writtenBy[tx] ?? [];
      if (!keys.includes(key)) this.writtenBy[tx] = [...keys, key];
    }
  }

  /** Drops every entry of `tx` (the rest of the block is about to run elsewhere). */
  forget(tx: TxIndex): void {
    for (const key of this.writtenBy[tx] ?? []) this.remove(key, tx);
    this.writtenBy[tx] = undefined;
  }

  /** The locations a transaction's recorded incarnation wrote. */
  writesOf(tx: TxIndex): readonly LocationKey[] {
    return this.writtenBy[tx] ?? [];
  }

  clear(): void {
    this.data.clear();
    this.writtenBy.length = 0;
    this.storageKeys.clear();
  }

  private put(key: LocationKey, entry: Entry): void {
    const entries = this.data.get(key);
    if (entries === undefined) {
      this.data.set(key, [entry]);
      if (key[0] === "s") {
        const address = addressOfKey(key);
        const keys = this.storageKeys.get(address) ?? new Set<LocationKey>();
        this.storageKeys.set(address, keys);
        keys.add(key);
      }
      return;
    }
    const at = this.indexOf(entries, entry.tx);
    if (entries[at]?.tx === entry.tx) entries[at] = entry;
    else entries.splice(at, 0, entry);
  }

  private remove(key: LocationKey, tx: TxIndex): void {
    const entries = this.data.get(key);
    if (entries === undefined) return;
    const at = this.indexOf(entries, tx);
    if (entries[at]?.tx === tx) entries.splice(at, 1);
    if (entries.length === 0) this.data.delete(key);
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
