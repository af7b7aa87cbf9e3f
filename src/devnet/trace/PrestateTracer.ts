/**
 * geth's `prestateTracer`: the accounts a transaction touches, as they were before it ran; with
 * `diffMode`, `{ pre, post }` holding only what changed. Config `disableCode` / `disableStorage`
 * leave those fields out.
 *
 * Touched, as geth counts it: the sender, the recipient (or the created address), the coinbase;
 * then, opcode by opcode, the slots SLOAD/SSTORE name, the accounts BALANCE, EXTCODE*,
 * SELFDESTRUCT and the CALL family name, and the addresses CREATE/CREATE2 will deploy to. Each is
 * read the first time it is touched, which is its value before the transaction.
 *
 * Output as geth's: `balance` always (hex), `nonce` (a JSON number) when not 0, `code` and geth's
 * `codeHash` when there is code, `storage` when slots were read. Accounts the transaction created
 * are not in the pre-state. In diff mode an unchanged account is left out of both sides, unchanged
 * or zero slots of `pre` are left out, and an account deleted by the transaction is only in `pre`.
 */
import {
  bigIntToBytes,
  bytesToHex,
  generateAddress,
  generateAddress2,
  hexToBytes,
  KECCAK256_NULL,
} from "@ethereumjs/util";
import type { JournaledState } from "../../state/JournaledState.js";
import { memorySlice } from "./memorySlice.js";
import { isCallOpcode, OP } from "./opcodeNames.js";
import {
  bytesToHex64,
  toQuantityHex as quantity,
  wordToAddress,
  wordToBytes,
  wordToHex64,
} from "./stackWords.js";
import type { OpcodeStep, Tracer, TxEnd, TxStart } from "./Tracer.js";

export interface PrestateTracerConfig {
  diffMode: boolean;
  disableCode: boolean;
  disableStorage: boolean;
}

/** An account, keys in geth's order. */
export interface PrestateAccountJson {
  balance?: string;
  code?: string;
  codeHash?: string;
  nonce?: number;
  storage?: Record<string, string>;
}

export type PrestateJson = Record<string, PrestateAccountJson>;
export type PrestateDiffJson = { post: PrestateJson; pre: PrestateJson };

/** An account as the transaction first touched it. */
export interface AccountState {
  exists: boolean;
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  codeHash: Uint8Array;
  /** Slot ("0x" + 64 hex) → value (64 hex, no prefix). */
  storage: Map<string, string>;
}

const ZERO_WORD = "0".repeat(64);

export class PrestateTracer implements Tracer<PrestateJson | PrestateDiffJson> {
  private readonly pre = new Map<string, AccountState>();
  private readonly created = new Set<string>();
  private post: Map<string, PrestateAccountJson> | undefined;

  constructor(private readonly config: PrestateTracerConfig) {}

  onTxStart(start: TxStart): void {
    if (start.create) this.created.add(start.to);
    this.lookupAccount(start.state, start.from);
    this.lookupAccount(start.state, start.to);
    this.lookupAccount(start.state, start.coinbase);
  }

  onOpcode(step: OpcodeStep): void {
    const { stack, state, code } = step;
    const top = stack[stack.length - 1];
    if (top === undefined && code !== OP.CREATE) return;
    switch (code) {
      case OP.SLOAD:
      case OP.SSTORE:
        this.lookupStorage(state, step.address, `0x${wordToHex64(top as bigint)}`);
        return;
      case OP.BALANCE:
      case OP.EXTCODESIZE:
      case OP.EXTCODECOPY:
      case OP.EXTCODEHASH:
      case OP.SELFDESTRUCT:
        this.lookupAccount(state, wordToAddress(top as bigint));
        return;
      case OP.CREATE: {
        const nonce = state.readAccount(step.address)?.nonce ?? 0n;
        const address = bytesToHex(
          generateAddress(hexToBytes(step.address as `0x${string}`), bigIntToBytes(nonce)),
        );
        this.created.add(address);
        this.lookupAccount(state, address);
        return;
      }
      case OP.CREATE2: {
        const [salt, size, offset] = [
          stack[stack.length - 4],
          stack[stack.length - 3],
          stack[stack.length - 2],
        ];
        if (salt === undefined || size === undefined || offset === undefined) return;
        const initCode = memorySlice(step.memory, offset, size);
        const address = bytesToHex(
          generateAddress2(hexToBytes(step.address as `0x${string}`), wordToBytes(salt), initCode),
        );
        this.created.add(address);
        this.lookupAccount(state, address);
        return;
      }
    }
    if (isCallOpcode(code) && stack.length >= 5) {
      this.lookupAccount(state, wordToAddress(stack[stack.length - 2] as bigint));
    }
  }

  /**
   * Every account the transaction touched, as it was before it ran (created ones as absent),
   * with the slots it read or wrote; complete until onTxEnd prunes it.
   */
  touched(): ReadonlyMap<string, AccountState> {
    return this.pre;
  }

  /** The addresses the transaction deploys to (CREATE, CREATE2, or the transaction itself). */
  createdAddresses(): ReadonlySet<string> {
    return this.created;
  }

  onTxEnd(end: TxEnd): void {
    if (this.config.diffMode) this.post = this.diff(end.state);
    for (const address of this.created) {
      if (this.pre.get(address)?.exists === false) this.pre.delete(address);
    }
  }

  result(): PrestateJson | PrestateDiffJson {
    const pre: PrestateJson = {};
    for (const address of [...this.pre.keys()].sort()) {
      pre[address] = this.accountJson(this.pre.get(address) as AccountState);
    }
    if (this.post === undefined) return pre;
    const post: PrestateJson = {};
    for (const address of [...this.post.keys()].sort())
      post[address] = this.post.get(address) as PrestateAccountJson;
    return { post, pre };
  }

  /** geth's processDiffState: post values of what changed; unchanged accounts and slots leave pre. */
  private diff(state: JournaledState): Map<string, PrestateAccountJson> {
    const post = new Map<string, PrestateAccountJson>();
    for (const [address, before] of this.pre) {
      const after = state.readAccount(address);
      if (before.exists && after === undefined) continue; // deleted: kept in pre, absent from post
      const balance = after?.balance ?? 0n;
      const nonce = after?.nonce ?? 0n;
      const code = state.readCode(address);
      const changed: PrestateAccountJson = {};
      let modified = false;
      if (balance !== before.balance) {
        modified = true;
        changed.balance = quantity(balance);
      }
      if (!sameBytes(code, before.code)) {
        modified = true;
        if (!this.config.disableCode) changed.code = bytesToHex(code);
        changed.codeHash = bytesToHex(after?.codeHash ?? KECCAK256_NULL);
      }
      if (nonce !== before.nonce) {
        modified = true;
        changed.nonce = Number(nonce);
      }
      const slots: Record<string, string> = {};
      for (const [slot, value] of [...before.storage]) {
        const now = bytesToHex64(state.readStorage(address, slot));
        if (now === value) {
          before.storage.delete(slot);
          continue;
        }
        modified = true;
        if (value === ZERO_WORD) before.storage.delete(slot);
        if (now !== ZERO_WORD) slots[slot] = `0x${now}`;
      }
      if (Object.keys(slots).length > 0 && !this.config.disableStorage) changed.storage = sortedKeys(slots);
      if (modified) post.set(address, changed);
      else this.pre.delete(address);
    }
    return post;
  }

  private lookupAccount(state: JournaledState, address: string): void {
    if (this.pre.has(address)) return;
    const account = state.readAccount(address);
    this.pre.set(address, {
      exists: account !== undefined,
      balance: account?.balance ?? 0n,
      nonce: account?.nonce ?? 0n,
      code: state.readCode(address),
      codeHash: account?.codeHash ?? KECCAK256_NULL,
      storage: new Map(),
    });
  }

  private lookupStorage(state: JournaledState, address: string, slot: string): void {
    this.lookupAccount(state, address);
    const account = this.pre.get(address) as AccountState;
    if (account.storage.has(slot)) return;
    account.storage.set(slot, bytesToHex64(state.readStorage(address, slot)));
  }

  private accountJson(account: AccountState): PrestateAccountJson {
    const json: PrestateAccountJson = { balance: quantity(account.balance) };
    if (account.code.length > 0) {
      if (!this.config.disableCode) json.code = bytesToHex(account.code);
      json.codeHash = bytesToHex(account.codeHash);
    }
    if (account.nonce !== 0n) json.nonce = Number(account.nonce);
    if (account.storage.size > 0 && !this.config.disableStorage) {
      const storage: Record<string, string> = {};
      for (const [slot, value] of account.storage) storage[slot] = `0x${value}`;
      json.storage = sortedKeys(storage);
    }
    return json;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function sortedKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
