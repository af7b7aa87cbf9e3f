/**
 * RemoteStateLoader: a forked chain's accounts and slots at the fork block, fetched from the
 * remote on first use. Keys asked for while a round trip is being prepared go out together, as
 * one JSON-RPC batch (an account is eth_getBalance, eth_getTransactionCount and eth_getCode; a
 * slot eth_getStorageAt); a key already on its way is not asked again. Answers stay in memory,
 * and on disk when a ForkCache is given.
 */
import { hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { keccak256 } from "../../crypto/nativeCrypto.js";
import type { StateKey } from "../../state/StateMiss.js";
import { stripLeadingZeros } from "../../state/stripLeadingZeros.js";
import type { LoadedState } from "../../state/WorldState.js";
import type { CachedAccount, ForkCache } from "./ForkCache.js";
import type { RemoteCall, RemoteRpc } from "./RemoteRpc.js";

function idOf(key: StateKey): string {
  return key.kind === "account" ? key.address : `${key.address}/${key.slot}`;
}

export class RemoteStateLoader {
  private readonly accounts: Map<string, CachedAccount>;
  private readonly storage: Map<string, Map<string, string>>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private queue: StateKey[] = [];
  private nextRound: Promise<void> | undefined;
  /** Keys fetched from the remote (not from the caches). */
  fetched = 0;

  constructor(
    private rpc: RemoteRpc,
    /** The fork block, as a JSON-RPC block parameter. */
    private readonly blockTag: string,
    private readonly cache: ForkCache | undefined,
  ) {
    this.accounts = cache?.accounts ?? new Map();
    this.storage = cache?.storage ?? new Map();
  }

  /** Asks another URL of the same remote from now on (anvil_setRpcUrl). */
  useRpc(rpc: RemoteRpc): void {
    this.rpc = rpc;
  }

  /** The values of `keys`, fetching those not held yet in one round trip. */
  async load(keys: Iterable<StateKey>): Promise<LoadedState> {
    const wanted: StateKey[] = [];
    const waits = new Set<Promise<void>>();
    for (const key of keys) {
      wanted.push(key);
      if (this.holds(key)) continue;
      const id = idOf(key);
      let wait = this.inFlight.get(id);
      if (wait === undefined) {
        this.queue.push(key);
        this.nextRound ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.round());
        wait = this.nextRound;
        this.inFlight.set(id, wait);
      }
      waits.add(wait);
    }
    await Promise.all(waits);
    return this.valuesOf(wanted);
  }

  private holds(key: StateKey): boolean {
    return key.kind === "account"
      ? this.accounts.has(key.address)
      : this.storage.get(key.address)?.has(key.slot) === true;
  }

  /** Sends the queued keys as one batch. */
  private async round(): Promise<void> {
    const keys = this.queue;
    this.queue = [];
    this.nextRound = undefined;
    const calls: RemoteCall[] = [];
    for (const key of keys) {
      if (key.kind === "account") {
        calls.push(
          { method: "eth_getBalance", params: [key.address, this.blockTag] },
          { method: "eth_getTransactionCount", params: [key.address, this.blockTag] },
          { method: "eth_getCode", params: [key.address, this.blockTag] },
        );
      } else {
        calls.push({ method: "eth_getStorageAt", params: [key.address, key.slot, this.blockTag] });
      }
    }
    try {
      const results = (await this.rpc.batch(calls)).map(String);
      let at = 0;
      for (const key of keys) {
        if (key.kind === "account") {
          const account: CachedAccount = [
            results[at] as string,
            results[at + 1] as string,
            results[at + 2] as string,
          ];
          at += 3;
          if (this.cache !== undefined) this.cache.putAccount(key.address, account);
          else this.accounts.set(key.address, account);
        } else {
          const value = results[at++] as string;
          if (this.cache !== undefined) this.cache.putSlot(key.address, key.slot, value);
          else {
            let slots = this.storage.get(key.address);
            if (slots === undefined) {
              slots = new Map();
              this.storage.set(key.address, slots);
            }
            slots.set(key.slot, value);
          }
        }
      }
      this.fetched += keys.length;
    } finally {
      for (const key of keys) this.inFlight.delete(idOf(key));
    }
  }

  private valuesOf(keys: StateKey[]): LoadedState {
    const loaded: LoadedState = { accounts: new Map(), slots: new Map() };
    for (const key of keys) {
      if (key.kind === "account") {
        const cached = this.accounts.get(key.address);
        if (cached === undefined || loaded.accounts.has(key.address)) continue;
        const [balanceHex, nonceHex, codeHex] = cached;
        const balance = BigInt(balanceHex);
        const nonce = BigInt(nonceHex);
        const code = hexToBytes(codeHex as `0x${string}`);
        const exists = balance !== 0n || nonce !== 0n || code.length > 0;
        loaded.accounts.set(key.address, {
          account: exists
            ? { balance, nonce, codeHash: code.length === 0 ? KECCAK256_NULL : keccak256(code) }
            : undefined,
          code,
        });
      } else {
        const cached = this.storage.get(key.address)?.get(key.slot);
        if (cached === undefined) continue;
        let slots = loaded.slots.get(key.address);
        if (slots === undefined) {
          slots = new Map();
          loaded.slots.set(key.address, slots);
        }
        slots.set(key.slot, stripLeadingZeros(hexToBytes(cached as `0x${string}`)));
      }
    }
    return loaded;
  }
}
