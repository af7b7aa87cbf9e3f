/**
 * FilterRegistry: the polled filters of one devnet (eth_newFilter, eth_newBlockFilter,
 * eth_newPendingTransactionFilter), each with what happened since its last poll.
 *
 * Filters collect as things happen: the registry listens to the devnet's "block" and
 * "pendingTransaction" events and appends block hashes, matching logs or transaction hashes to
 * every live filter; eth_getFilterChanges hands the collection over and empties it. Blocks taken
 * off the chain (anvil_rollback, anvil_reorg) give log filters their matching logs again, marked
 * `removed: true` (geth's reorg notice); block filters then get the hashes of the new blocks. A filter not
 * polled for `timeoutMs` (5 minutes, as geth and anvil) is dropped; expired filters are swept on
 * every event and every call, so no timer keeps the process alive and an expired filter never
 * collects anything.
 *
 * As anvil does, a log filter created with an explicit `fromBlock` first hands over the matching
 * logs already in the chain (from `fromBlock` to `toBlock` or the head), then the new ones.
 */
import type { MinedBlock } from "../../devnet/chain/types.js";
import type { Devnet } from "../../devnet/Devnet.js";
import { InvalidInputError } from "../../errors/DevnetError.js";
import type { RpcLog } from "../format/formatLog.js";
import type { LogFilter } from "../params/logFilter.js";
import { blockNumberOf, blocksOfFilter } from "./blocksOfFilter.js";
import { newFilterId } from "./filterId.js";
import { LogMatcher } from "./LogMatcher.js";
import { inLiveRange, type LiveRange, liveRangeOf } from "./liveLogFilter.js";

/** How long a filter lives without a poll: geth's and anvil's 5 minutes. */
export const DEFAULT_FILTER_TIMEOUT_MS = 5 * 60 * 1000;

export interface FilterRegistryOptions {
  /** Milliseconds a filter lives without an eth_getFilterChanges. */
  timeoutMs?: number;
  /** The clock, in milliseconds (tests move it by hand). */
  now?: () => number;
}

type LogFilterEntry = {
  kind: "logs";
  criteria: LogFilter;
  matcher: LogMatcher;
  range: LiveRange;
  changes: RpcLog[];
  lastPolled: number;
};

type HashFilterEntry = { kind: "blocks" | "pendingTransactions"; changes: string[]; lastPolled: number };

type FilterEntry = LogFilterEntry | HashFilterEntry;

export class FilterRegistry {
  private readonly filters = new Map<string, FilterEntry>();
  private readonly devnet: Devnet;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(devnet: Devnet, options: FilterRegistryOptions = {}) {
    this.devnet = devnet;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_FILTER_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    devnet.on("block", (mined) => this.guard("block", () => this.onBlock(mined)));
    devnet.on("blocksRemoved", (removed) => this.guard("rollback", () => this.onBlocksRemoved(removed)));
    devnet.on("pendingTransaction", (hash) =>
      this.guard("transaction", () => this.onPendingTransaction(hash)),
    );
  }

  /** Live filters. */
  get size(): number {
    this.sweep();
    return this.filters.size;
  }

  /** Installs a log filter (checked by `liveLogFilter`); its id. */
  newLogFilter(criteria: LogFilter): string {
    this.sweep();
    const matcher = new LogMatcher(criteria);
    const entry: LogFilterEntry = {
      kind: "logs",
      criteria,
      matcher,
      range: liveRangeOf(criteria),
      changes: criteria.fromBlock === undefined ? [] : this.logsInChain(criteria, matcher),
      lastPolled: this.now(),
    };
    return this.install(entry);
  }

  /** Installs a filter of new block hashes; its id. */
  newBlockFilter(): string {
    this.sweep();
    return this.install({ kind: "blocks", changes: [], lastPolled: this.now() });
  }

  /** Installs a filter of the hashes of transactions entering the pool; its id. */
  newPendingTransactionFilter(): string {
    this.sweep();
    return this.install({ kind: "pendingTransactions", changes: [], lastPolled: this.now() });
  }

  /**
   * What the filter collected since the last poll (logs, or block or transaction hashes), and
   * renews its life. Throws -32000 "filter not found" for an unknown or expired id.
   */
  changes(id: string): RpcLog[] | string[] {
    const entry = this.require(id);
    entry.lastPolled = this.now();
    const changes = entry.changes;
    entry.changes = [];
    return changes;
  }

  /** Every log in the chain that a log filter matches (eth_getFilterLogs), its range read now. */
  logs(id: string): RpcLog[] {
    const entry = this.require(id);
    if (entry.kind !== "logs") throw filterNotFound();
    return this.logsInChain(entry.criteria, entry.matcher);
  }

  /** Removes a filter; false when there was none with this id. */
  uninstall(id: string): boolean {
    this.sweep();
    return this.filters.delete(id);
  }

  private install(entry: FilterEntry): string {
    let id = newFilterId();
    while (this.filters.has(id)) id = newFilterId();
    this.filters.set(id, entry);
    return id;
  }

  private require(id: string): FilterEntry {
    this.sweep();
    const entry = this.filters.get(id);
    if (entry === undefined) throw filterNotFound();
    return entry;
  }

  /** Logs of the chain in the filter's range; a range starting past the head has none yet. */
  private logsInChain(criteria: LogFilter, matcher: LogMatcher): RpcLog[] {
    if (blockNumberOf(criteria.fromBlock, this.devnet.chain.height) > this.devnet.chain.height) return [];
    const logs: RpcLog[] = [];
    for (const mined of blocksOfFilter(this.devnet, criteria)) {
      for (const log of matcher.logsOf(mined)) logs.push(log);
    }
    return logs;
  }

  private onBlock(mined: MinedBlock): void {
    this.sweep();
    for (const entry of this.filters.values()) {
      if (entry.kind === "blocks") entry.changes.push(mined.hash);
      else if (entry.kind === "logs" && inLiveRange(entry.range, mined.number)) {
        for (const log of entry.matcher.logsOf(mined)) entry.changes.push(log);
      }
    }
  }

  private onBlocksRemoved(removed: readonly MinedBlock[]): void {
    this.sweep();
    for (const entry of this.filters.values()) {
      if (entry.kind !== "logs") continue;
      const inRange = removed.filter((mined) => inLiveRange(entry.range, mined.number));
      for (const log of entry.matcher.removedLogsOf(inRange)) entry.changes.push(log);
    }
  }

  private onPendingTransaction(hash: string): void {
    this.sweep();
    for (const entry of this.filters.values())
      if (entry.kind === "pendingTransactions") entry.changes.push(hash);
  }

  /** Drops the filters not polled within the timeout. */
  private sweep(): void {
    if (this.filters.size === 0) return;
    const oldest = this.now() - this.timeoutMs;
    for (const [id, entry] of this.filters) if (entry.lastPolled < oldest) this.filters.delete(id);
  }

  // The listeners run inside the miner: a failure here must not fail the block.
  private guard(event: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      console.error(`pevm-devnet: filters failed on a ${event} event:`, error);
    }
  }
}

/** geth's and anvil's error for an unknown, expired or uninstalled filter (-32000). */
function filterNotFound(): InvalidInputError {
  return new InvalidInputError("filter not found");
}

const registries = new WeakMap<Devnet, FilterRegistry>();

/**
 * The filter registry of a devnet, created on first use. `options` may be given only by the
 * first call (a test injecting a short timeout does so before any request).
 * @example filterRegistryOf(devnet, { timeoutMs: 1_000 }).size // 0
 */
export function filterRegistryOf(devnet: Devnet, options?: FilterRegistryOptions): FilterRegistry {
  let registry = registries.get(devnet);
  if (registry !== undefined && options !== undefined) {
    throw new Error("this devnet's filter registry already exists: pass options before the first request");
  }
  if (registry === undefined) {
    registry = new FilterRegistry(devnet, options);
    registries.set(devnet, registry);
  }
  return registry;
}
