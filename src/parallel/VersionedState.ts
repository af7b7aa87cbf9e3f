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
 *
 * So is the balance of a transaction's value recipient when it is a plain account (no code): the
 * value transfer reads a placeholder and the write becomes a delta, so that payments to one
 * address (an exchange's deposit wallet, a payout's hot wallet) do not wait for each other. With
 * no code, nothing else in the transaction can read that balance. Its code is read exactly, its
 * existence as a condition (see recipientExistence). The same holds for value a contract's CALL
 * sends to a plain account that has sent transactions (a deposit forwarder passing funds on to
 * an exchange's hot wallet): see noteInternalCredit; a BALANCE of it afterwards runs the
 * transaction again with exact reads.
 *
 * And so are the nonce and balance of a plain transfer's sender, where the block allows it (see
 * lazySenders.ts): instead of their values, the incarnation records two conditions, that the
 * nonce equals the transaction's and that the balance covers its maximum cost, which validation
 * checks against what the lower transactions left.
 *
 * And so is the balance of every account with code that the EVM loads (a lazy contract): the
 * EVM reads a contract's account at each call to it and from it, so without this every call to
 * WETH depended on every deposit and withdrawal before it. Its credits and debits become a
 * delta; a debit (value a CALL or CREATE sends from it) records a condition that the balance
 * before the transaction covers it, as a lazy sender's does. Code that observes the balance
 * (BALANCE, SELFBALANCE, SELFDESTRUCT: see contractBalances.ts) reveals the placeholder: the
 * incarnation runs again reading that contract's balance exactly.
 */
import { KECCAK256_NULL } from "@ethereumjs/util";
import type { StateReader } from "../state/StateReader.js";
import type { AccountInfo, AddressHex, SlotHex } from "../state/types.js";
import { type AccountKeys, LocationKeys } from "./LocationKeys.js";
import { type CodeValue, isBalanceDelta } from "./locations.js";
import { type MultiVersionMemory, PRE_STATE_VERSION, versionOf } from "./MultiVersionMemory.js";
import { readsOwnBalance } from "./readsOwnBalance.js";
import type { LocationKey, ReadLog, TxIndex, Version } from "./types.js";

/** Thrown when a read meets an ESTIMATE: the incarnation must wait for `blocker`. */
export class DependencyAbort {
  constructor(readonly blocker: TxIndex) {}
}

/** The balance the lazy fee credit starts from: large, so the account never looks empty (EIP-161). */
export const LAZY_BASE = 1n << 200n;

export type Phase = "before-evm" | "evm" | "after-evm";

const EMPTY_CODE: CodeValue = { hash: KECCAK256_NULL, code: new Uint8Array() };

/** A sender read lazily in one incarnation: what its transaction requires of it. */
export interface LazySender {
  address: AddressHex;
  /** The transaction's nonce: the sender's nonce must equal it. */
  nonce: bigint;
  /** The transaction's maximum cost: the sender's balance must cover it. */
  cost: bigint;
  /** The transaction's recipient, which must have no code. */
  to: AddressHex;
}

/** The version of a read recorded as a condition: the nonce equals `nonce`. */
export const nonceCondition = (nonce: bigint): string => `p=${nonce}`;
/** The version of a read recorded as a condition: the balance is at least `cost`. */
export const balanceCondition = (cost: bigint): string => `p>${cost}`; // at least
/** The version of a nonce read recorded as a condition: the account exists. */
export const EXISTS_CONDITION = "p+";
/** The version of a nonce read recorded as a condition: the account does not exist, or has nonce 0. */
export const NEW_OR_FRESH_CONDITION = "p0";

/** The version of a nonce read recorded as a condition: the account has sent a transaction (nonce ≥ 1). */
export const ACTIVE_CONDITION = "p1";

const NO_CONTRACTS: ReadonlySet<AddressHex> = new Set();

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
  /**
   * What the EVM threw, if it threw (see trackEvmPhase): not a verdict on the transaction but a
   * failure of this thread's EVM, which the sequential executor must settle.
   */
  evmThrew: unknown;
  /** The fee recipient's balance has been read exactly in this incarnation. */
  coinbaseExact = false;
  /** The placeholder a lazy fee credit started from (undefined: no lazy read). */
  lazyBase: bigint | undefined;
  /** The value recipient whose balance may still be read lazily, until its first read decides. */
  private recipientCandidate: AddressHex | undefined;
  /** The value recipient credited lazily in this incarnation, if any. */
  lazyRecipient: AddressHex | undefined;
  /** The placeholder the recipient's lazy credit started from (LAZY_BASE, or 0n for a new account). */
  recipientBase = 0n;
  /** Read every balance exactly (an incarnation run again after a lazy read could not stand). */
  private exact = false;
  /** A plain account a contract's CALL is about to send value to (see noteInternalCredit). */
  private internalCandidate: AddressHex | undefined;
  /** The placeholder an internal lazy recipient's reads get until the credit is written. */
  private internalPlaceholder: AccountInfo | undefined;
  /** The lazy recipient's balance was observed (BALANCE): the placeholder must not stand. */
  revealed = false;
  /** The sender that may be read lazily, until its first read decides. */
  private senderCandidate: LazySender | undefined;
  /** The sender read lazily in this incarnation, if any (its balance starts from LAZY_BASE). */
  lazySender: AddressHex | undefined;
  /** The keys of the locations met, built once (collectWrites uses them too). */
  readonly keys = new LocationKeys();
  /**
   * The lazy contracts of this incarnation, each with the balance its debits need it to have had
   * before the transaction (0n: its credits covered them).
   */
  readonly lazyContracts = new Map<AddressHex, bigint>();
  /** Lazy contracts whose placeholder code observed in this incarnation: run it again, these exact. */
  readonly revealedContracts: AddressHex[] = [];
  /** Contracts an earlier run of this incarnation revealed: read exactly. */
  private exactContracts: ReadonlySet<AddressHex> = NO_CONTRACTS;
  /** Accounts whose balance code asked for in this incarnation: never lazy from then on. */
  private readonly observed = new Set<AddressHex>();
  /** Whether this incarnation may read contracts' balances lazily. */
  private contractsLazy = false;

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

  /**
   * Starts an incarnation of transaction `tx`; `recipient`: the account it sends value to, whose
   * credit may be lazy (see the top of this file); `exact`: read every balance exactly;
   * `contracts`: read contracts' balances lazily, except those of `exactContracts`.
   */
  begin(
    tx: TxIndex,
    exact = false,
    recipient?: AddressHex,
    sender?: LazySender,
    contracts = false,
    exactContracts: ReadonlySet<AddressHex> = NO_CONTRACTS,
  ): void {
    this.tx = tx;
    this.phase = "before-evm";
    this.reads = { keys: [], versions: [] };
    this.readValues.clear();
    this.blocker = undefined;
    this.evmThrew = undefined;
    this.coinbaseExact = exact;
    this.lazyBase = undefined;
    this.recipientCandidate = exact || recipient === this.coinbase ? undefined : recipient;
    this.lazyRecipient = undefined;
    this.exact = exact;
    this.internalCandidate = undefined;
    this.internalPlaceholder = undefined;
    this.revealed = false;
    this.senderCandidate = exact || sender?.address === this.coinbase ? undefined : sender;
    this.lazySender = undefined;
    this.contractsLazy = contracts && !exact;
    this.exactContracts = exactContracts;
    this.lazyContracts.clear();
    this.revealedContracts.length = 0;
    this.observed.clear();
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
    return this.exactBalance(this.coinbase);
  }

  /**
   * The balance of `address` as this transaction sees it: folded over lazy credits where lower
   * transactions left deltas, else the plain versioned read.
   */
  private exactBalance(address: AddressHex): bigint {
    const key = this.keys.of(address).balance;
    const known = this.readValues.get(key);
    if (known !== undefined) return known as bigint;
    if (this.blocker !== undefined) throw new DependencyAbort(this.blocker);
    const entry = this.mv.entryFor(key, this.tx);
    if (entry === undefined) {
      this.record(key, PRE_STATE_VERSION);
      return this.seen(key, this.pre.getAccount(address)?.balance ?? 0n);
    }
    if (entry.estimate) {
      this.blocker = entry.tx;
      throw new DependencyAbort(entry.tx);
    }
    if (!isBalanceDelta(entry.value)) {
      this.record(key, versionOf(entry));
      return this.seen(key, entry.value as bigint);
    }
    const found = this.mv.readFolded(key, this.tx);
    if (found.kind === "estimate") {
      this.blocker = found.blocker;
      throw new DependencyAbort(found.blocker);
    }
    const balance = (found.value.base ?? this.pre.getAccount(address)?.balance ?? 0n) + found.value.delta;
    this.record(key, found.version);
    // Below zero, a lower transaction's debit outran its condition (the funds were not there):
    // that transaction runs again, and this read goes stale with it. Meanwhile, an account.
    return this.seen(key, balance < 0n ? 0n : balance);
  }

  /**
   * The value transfer's read of a recipient with no code: its existence and code exactly, its
   * balance a placeholder (undefined when the account does not exist, as the exact read).
   * Returns null when the recipient has code or its balance was read already: read it exactly.
   */
  private lazyRecipientAccount(address: AddressHex): AccountInfo | undefined | null {
    const keys = this.keys.of(address);
    if (this.readValues.has(keys.balance)) return null;
    const code = this.codeOf(address);
    if (code.code.length > 0) return null;
    const nonce = this.recipientExistence(address, keys.nonce);
    this.lazyRecipient = address;
    if (nonce === null) {
      this.recipientBase = 0n;
      return undefined;
    }
    this.recipientBase = LAZY_BASE;
    return { nonce, balance: LAZY_BASE, codeHash: code.hash };
  }

  /**
   * The nonce of a lazy recipient, read as a condition on its existence rather than its version:
   * the credit's outcome depends on nothing else, and its writes (a delta, and nonce 0 for a new
   * account) are the same whether it is new or was just created by a lower payment to it (many
   * deposits to one fresh address). An existing account must still exist: the writes then leave
   * its nonce alone.
   */
  private recipientExistence(address: AddressHex, nonceAt: LocationKey): bigint | null {
    const known = this.readValues.get(nonceAt);
    if (known !== undefined) return known as bigint | null;
    if (this.blocker !== undefined) throw new DependencyAbort(this.blocker);
    const entry = this.mv.entryFor(nonceAt, this.tx);
    if (entry?.estimate === true) {
      this.blocker = entry.tx;
      throw new DependencyAbort(entry.tx);
    }
    const nonce =
      entry === undefined ? (this.pre.getAccount(address)?.nonce ?? null) : (entry.value as bigint | null);
    this.record(nonceAt, nonce === null ? NEW_OR_FRESH_CONDITION : EXISTS_CONDITION);
    return this.seen(nonceAt, nonce);
  }

  /**
   * A contract's CALL is about to send value to `address` (trackInternalCredits): its next read,
   * the CALL's own, may take the credit lazily, as for a transaction's recipient. One lazy
   * recipient per incarnation; never the fee recipient or a lazy sender.
   */
  noteInternalCredit(address: AddressHex): void {
    if (this.exact || this.lazyRecipient !== undefined || this.phase !== "evm") return;
    if (address === this.coinbase || address === this.lazySender || address === this.senderCandidate?.address)
      return;
    this.internalCandidate = address;
  }

  /** The CALL has read its target, or did not get that far: no later read is the CALL's. */
  endInternalCredit(): void {
    this.internalCandidate = undefined;
  }

  /**
   * Code is about to observe the balance of `address` (BALANCE; SELFBALANCE or SELFDESTRUCT of
   * the running contract): no placeholder may be what it sees.
   */
  noteBalanceRead(address: AddressHex): void {
    if (address === this.internalCandidate) this.internalCandidate = undefined;
    if (address === this.lazyRecipient && !this.readValues.has(this.keys.of(address).balance))
      this.revealed = true;
    this.observed.add(address);
    if (this.lazyContracts.has(address) && !this.revealedContracts.includes(address))
      this.revealedContracts.push(address);
  }

  /**
   * The running contract `address` is about to send `value` (a CALL, CALLCODE or CREATE), its
   * balance being `balance` as the EVM holds it: a lazy contract's check passes against the
   * placeholder, so record what its balance before the transaction must have been for the real
   * check to pass (its credits in this transaction so far count towards the value).
   */
  noteValueSent(address: AddressHex, value: bigint, balance: bigint): void {
    const need = this.lazyContracts.get(address);
    if (need === undefined) return;
    const required = value - (balance - LAZY_BASE);
    if (required > need) this.lazyContracts.set(address, required);
  }

  /** This incarnation's lazy contracts sent value their own credits did not cover (a condition). */
  get debitedLazily(): boolean {
    for (const need of this.lazyContracts.values()) if (need > 0n) return true;
    return false;
  }

  /** Records the conditions the lazy contracts' debits need (once each, at the end). */
  settleLazyContracts(): void {
    for (const [address, need] of this.lazyContracts)
      if (need > 0n) this.record(this.keys.of(address).balance, balanceCondition(need));
  }

  /**
   * The EVM loads an account during the message call: where it has code (and its balance was
   * not read exactly), a lazy contract (see the top of this file). Null: read it exactly.
   */
  private lazyContractAccount(address: AddressHex, keys: AccountKeys): AccountInfo | null {
    // Only an incarnation that reads contracts lazily has lazy contracts (begin clears them).
    if (!this.contractsLazy) return null;
    if (this.lazyContracts.has(address)) {
      const code = this.readValues.get(keys.code) as CodeValue;
      return { nonce: this.readValues.get(keys.nonce) as bigint, balance: LAZY_BASE, codeHash: code.hash };
    }
    if (
      this.phase !== "evm" ||
      address === this.coinbase ||
      address === this.lazySender ||
      this.observed.has(address) ||
      this.exactContracts.has(address) ||
      this.readValues.has(keys.balance)
    )
      return null;
    const code = this.codeOf(address);
    if (code.code.length === 0 || readsOwnBalance(code.code)) return null;
    let nonce = this.read(keys.nonce) as bigint | null | typeof FROM_PRE_STATE;
    if (nonce === FROM_PRE_STATE) nonce = this.seen(keys.nonce, this.pre.getAccount(address)?.nonce ?? null);
    if (nonce === null) return null;
    this.lazyContracts.set(address, 0n);
    return { nonce, balance: LAZY_BASE, codeHash: code.hash };
  }

  /**
   * A CALL's read of a plain account it sends value to: code exactly, balance a placeholder.
   * The CALL charges for a new account when its target is empty, and the placeholder never is;
   * so only an account that has sent a transaction (nonce ≥ 1: never empty) is credited lazily,
   * with that as a condition. Null: read it exactly.
   */
  private internalRecipientAccount(address: AddressHex): AccountInfo | null {
    const keys = this.keys.of(address);
    if (this.readValues.has(keys.balance) || this.readValues.has(keys.nonce)) return null;
    if (this.codeOf(address).code.length > 0) return null;
    if (this.blocker !== undefined) throw new DependencyAbort(this.blocker);
    const entry = this.mv.entryFor(keys.nonce, this.tx);
    if (entry?.estimate === true) {
      this.blocker = entry.tx;
      throw new DependencyAbort(entry.tx);
    }
    const nonce =
      entry === undefined ? (this.pre.getAccount(address)?.nonce ?? null) : (entry.value as bigint | null);
    if (nonce === null || nonce < 1n) return null;
    this.record(keys.nonce, ACTIVE_CONDITION);
    this.seen(keys.nonce, nonce);
    this.lazyRecipient = address;
    this.recipientBase = LAZY_BASE;
    this.internalPlaceholder = { nonce, balance: LAZY_BASE, codeHash: this.codeOf(address).hash };
    return this.internalPlaceholder;
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

  /**
   * runTx's read of a lazy sender: the conditions recorded, the nonce the transaction's, the
   * balance a placeholder. Null when the sender or the recipient has code: read it exactly.
   */
  private lazySenderAccount(sender: LazySender): AccountInfo | null {
    const keys = this.keys.of(sender.address);
    if (this.readValues.has(keys.nonce) || this.readValues.has(keys.balance)) return null;
    if (this.codeOf(sender.address).code.length > 0 || this.codeOf(sender.to).code.length > 0) return null;
    this.record(keys.nonce, nonceCondition(sender.nonce));
    this.record(keys.balance, balanceCondition(sender.cost));
    this.readValues.set(keys.nonce, sender.nonce);
    this.lazySender = sender.address;
    return { nonce: sender.nonce, balance: LAZY_BASE, codeHash: KECCAK256_NULL };
  }

  private codeOf(address: AddressHex): CodeValue {
    const codeAt = this.keys.of(address).code;
    const code = this.read(codeAt) as CodeValue | typeof FROM_PRE_STATE;
    return code === FROM_PRE_STATE ? this.seen(codeAt, this.preCode(address)) : code;
  }

  getAccount(address: AddressHex): AccountInfo | undefined {
    if (address === this.senderCandidate?.address) {
      // runTx's check of the sender comes first, before the EVM.
      const candidate = this.senderCandidate;
      this.senderCandidate = undefined;
      if (this.phase === "before-evm") {
        const lazy = this.lazySenderAccount(candidate);
        if (lazy !== null) return lazy;
      }
    }
    if (address === this.recipientCandidate) {
      // The recipient's first read decides, once: the value transfer's, if in the EVM.
      this.recipientCandidate = undefined;
      if (this.phase === "evm") {
        const lazy = this.lazyRecipientAccount(address);
        if (lazy !== null) return lazy;
      }
    }
    if (address === this.internalCandidate) {
      this.internalCandidate = undefined;
      const lazy = this.internalRecipientAccount(address);
      if (lazy !== null) return lazy;
    }
    // Read again before the credit is written (the CALL reads its target twice): the same.
    if (address === this.lazyRecipient && this.internalPlaceholder !== undefined)
      return this.internalPlaceholder;
    const keys = this.keys.of(address);
    const lazyContract = this.lazyContractAccount(address, keys);
    if (lazyContract !== null) return lazyContract;
    const lazyCredit = address === this.coinbase && !this.coinbaseExact && this.phase === "after-evm";
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
    const balance = address === this.coinbase ? this.coinbaseBalance(true) : this.exactBalance(address);
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
