/**
 * VersionedState: what one incarnation of a transaction reads, inside a worker. Reads go to the
 * multi-version memory (values of lower transactions of the block) and fall back to the worker's
 * replica of the pre-block state; every read is recorded with the version it saw, and the value
 * it saw, so the incarnation can be validated and its write set reduced to real changes.
 *
 * The fee recipient's balance is lazy: the credit runTx makes after the EVM returns reads a
 * placeholder and is recorded as a delta, so fees alone never make two transactions conflict.
 * Any other read of it (BALANCE, a transfer, the recipient sending) sees the exact value, folded
 * from every lower transaction's entry, and stays exact for the rest of the incarnation.
 */
import { KECCAK256_NULL } from "@ethereumjs/util";
import type { StateReader } from "../state/StateReader.js";
import type { AccountInfo, AddressHex, SlotHex } from "../state/types.js";
import { LocationKeys } from "./LocationKeys.js";
import type { CodeValue } from "./locations.js";
import { type MultiVersionMemory, PRE_STATE_VERSION, versionOf } from "./MultiVersionMemory.js";
import type { LocationKey, ReadLog, TxIndex, Version } from "./types.js";

/** Thrown when a read meets an ESTIMATE: the incarnation must wait for `blocker`. */
export class DependencyAbort {
  constructor(readonly blocker: TxIndex) {}
}

/** The balance the lazy fee credit starts from: large, so the account never looks empty (EIP-161). */
export const LAZY_BASE = 1n << 200n;

export type Phase = "before-evm" | "evm" | "after-evm";

const EMPTY_CODE: CodeValue = { hash: KECCAK256_NULL, code: new Uint8Array() };

/** What `read` returns when the pre-state has the value (no lower transaction wrote it). */
const FROM_PRE_STATE: unique symbol = Symbol("from the pre-state");

export class VersionedState implements StateReader {
  tx: TxIndex = 0;
  phase: Phase = "before-evm";
  /** This incarnation's reads (a new log per incarnation: the caller keeps it). */
  reads: ReadLog = { keys: [], versions: [] };
  /** Every value this incarnation has seen, read or peeked: its cache, and what writes compare with. */
  readonly readValues = new Map<LocationKey, unknown>();
  /** Set once an incarnation met an ESTIMATE; every later read throws again. */
  blocker: TxIndex | undefined;
  /** The fee recipient's balance has been read exactly in this incarnation. */
  coinbaseExact = false;
  /** The placeholder a lazy fee credit started from (undefined: no lazy read). */
  lazyBase: bigint | undefined;
  /** The keys of the locations met, built once (collectWrites uses them too). */
  readonly keys = new LocationKeys();

  constructor(
    private mv: MultiVersionMemory,
    public pre: StateReader,
    public coinbase: AddressHex,
  ) {}

  /** Reads another block's memory and pre-state from now on (a reused context). */
  retarget(mv: MultiVersionMemory, pre: StateReader, coinbase: AddressHex): void {
    this.mv = mv;
    this.pre = pre;
    this.coinbase = coinbase;
  }

  /** Starts an incarnation of transaction `tx`. */
  begin(tx: TxIndex, forceExactCoinbase = false): void {
    this.tx = tx;
    this.phase = "before-evm";
    this.reads = { keys: [], versions: [] };
    this.readValues.clear();
    this.blocker = undefined;
    this.coinbaseExact = forceExactCoinbase;
    this.lazyBase = undefined;
  }

  /**
   * The value of `key` this incarnation sees, recorded with its version; FROM_PRE_STATE when no
   * lower transaction wrote it: the caller reads the pre-state and hands the value to `seen`.
   * (No closure per read: this runs for every location every transaction touches.)
   */
  private read(key: LocationKey): unknown {
    if (this.blocker !== undefined) throw new DependencyAbort(this.blocker);
    const known = this.readValues.get(key);
    if (known !== undefined) return known;
    const entry = this.mv.entryFor(key, this.tx);
    if (entry === undefined) {
      this.record(key, PRE_STATE_VERSION);
      return FROM_PRE_STATE;
    }
    if (entry.estimate) {
      this.blocker = entry.tx;
      throw new DependencyAbort(entry.tx);
    }
    this.record(key, versionOf(entry));
    this.readValues.set(key, entry.value);
    return entry.value;
  }

  /** Logs a read; each location once, as a value it saw is cached in readValues right after. */
  private record(key: LocationKey, version: Version): void {
    this.reads.keys.push(key);
    this.reads.versions.push(version);
  }

  /** Remembers the pre-state value a read of `key` led to; returns it. */
  private seen<T>(key: LocationKey, value: T): T {
    this.readValues.set(key, value);
    return value;
  }

  private preCode(address: AddressHex): CodeValue {
    const account = this.pre.getAccount(address);
    if (account === undefined) return EMPTY_CODE;
    return { hash: account.codeHash, code: this.pre.getCode(address) };
  }

  private coinbaseBalance(exists: boolean): bigint {
    if (!this.coinbaseExact && this.phase === "after-evm") {
      this.lazyBase = exists ? LAZY_BASE : 0n;
      return this.lazyBase;
    }
    this.coinbaseExact = true;
    const key = this.keys.of(this.coinbase).balance;
    if (this.readValues.has(key)) return this.readValues.get(key) as bigint;
    if (this.blocker !== undefined) throw new DependencyAbort(this.blocker);
    const found = this.mv.readFolded(key, this.tx);
    if (found.kind === "estimate") {
      this.blocker = found.blocker;
      throw new DependencyAbort(found.blocker);
    }
    const balance =
      (found.value.base ?? this.pre.getAccount(this.coinbase)?.balance ?? 0n) + found.value.delta;
    this.record(key, found.version);
    this.readValues.set(key, balance);
    return balance;
  }

  /**
   * A value for the lazy fee credit's own bookkeeping: seen (so the write set keeps only real
   * changes) but not recorded as a read, so that crediting fees never makes a dependency.
   */
  private peek(key: LocationKey): unknown {
    const known = this.readValues.get(key);
    if (known !== undefined) return known;
    const entry = this.mv.entryFor(key, this.tx);
    if (entry === undefined) return FROM_PRE_STATE;
    if (entry.estimate) return this.read(key);
    this.readValues.set(key, entry.value);
    return entry.value;
  }

  getAccount(address: AddressHex): AccountInfo | undefined {
    const lazyCredit = address === this.coinbase && !this.coinbaseExact && this.phase === "after-evm";
    const keys = this.keys.of(address);
    const nonceAt = keys.nonce;
    let nonce = (lazyCredit ? this.peek(nonceAt) : this.read(nonceAt)) as
      | bigint
      | null
      | typeof FROM_PRE_STATE;
    if (nonce === FROM_PRE_STATE) nonce = this.seen(nonceAt, this.pre.getAccount(address)?.nonce ?? null);
    if (nonce === null) {
      // The lazy credit to a fee recipient that does not exist yet starts from zero.
      if (lazyCredit) this.lazyBase = 0n;
      return undefined;
    }
    let balance: bigint;
    if (address === this.coinbase) balance = this.coinbaseBalance(true);
    else {
      const balanceAt = keys.balance;
      const read = this.read(balanceAt) as bigint | typeof FROM_PRE_STATE;
      balance =
        read === FROM_PRE_STATE ? this.seen(balanceAt, this.pre.getAccount(address)?.balance ?? 0n) : read;
    }
    const codeAt = keys.code;
    let code = (lazyCredit ? this.peek(codeAt) : this.read(codeAt)) as CodeValue | typeof FROM_PRE_STATE;
    if (code === FROM_PRE_STATE) code = this.seen(codeAt, this.preCode(address));
    return { nonce, balance, codeHash: code.hash };
  }

  getCode(address: AddressHex): Uint8Array {
    const key = this.keys.of(address).code;
    const code = this.read(key) as CodeValue | typeof FROM_PRE_STATE;
    return (code === FROM_PRE_STATE ? this.seen(key, this.preCode(address)) : code).code;
  }

  getStorage(address: AddressHex, slot: SlotHex): Uint8Array {
    const key = this.keys.storage(this.keys.of(address), slot);
    const value = this.read(key) as Uint8Array | typeof FROM_PRE_STATE;
    return value === FROM_PRE_STATE ? this.seen(key, this.pre.getStorage(address, slot)) : value;
  }

  hasStorage(address: AddressHex): boolean {
    // Not recorded as a read. Every account read asks (the storage root JournaledState reports),
    // but only ethereumjs' creation-collision check (EIP-7610) uses the answer, at fresh addresses.
    return this.pre.hasStorage(address) || this.mv.hasStorageBelow(address, this.tx);
  }
}
