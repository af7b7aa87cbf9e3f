/**
 * The suite's report: its recorded transactions taken in order as if packed into blocks (up to
 * `blockGasLimit` gas each), each block's dependencies found over the transactions' recorded
 * read and write sets with the devnet's own `buildBlockReport`, and the blocks' estimates summed.
 *
 * A suite's speedup on P threads is its total gas over the sum of its blocks' makespans, each
 * makespan being the block's gas over the block's estimated speedup on P threads; "as sent"
 * counts every dependency, "by the contracts" leaves out sender order (as if each transaction
 * came from its own sender).
 *
 * A function's conflicts are contention: a call waited on a location that calls of other senders
 * also write in the tested workload. Every other wait is told apart (see WaitClassifier) and is
 * never a function's hot location: sender order, setup, proxy deployment.
 */

import type { ContractCatalog } from "./ContractCatalog.js";
import { erc1967SlotName } from "./erc1967Slots.js";
import { type CallNames, nameCalls } from "./nameCalls.js";
import { formatKey, nameStorageSlot, shortAddress } from "./nameStorageSlot.js";
import {
  buildBlockReport,
  type DependencyKind,
  type EstimatedSpeedup,
  locationKeyOf,
  type ReportLocation,
} from "./pevmDevnet.js";
import type { RecordedTransaction } from "./SuiteRecorder.js";
import { WaitClassifier, type WaitReason } from "./WaitClassifier.js";

const THREADS = ["2", "4", "8", "16", "unbounded"] as const;
const WHERE_TO_LOOK = 3;
const HOT_PER_FUNCTION = 3;

export interface SuiteEstimate {
  transactions: number;
  blocks: number;
  gas: number;
  /** As sent: every dependency counted. */
  estimatedSpeedup: EstimatedSpeedup;
  /** By the contracts: as if each transaction came from its own sender (sender order left out). */
  estimatedSpeedupByContracts: EstimatedSpeedup;
}

export interface FunctionReport {
  contract: string;
  function: string;
  /** The proxy its calls went through, named by the proxy's own contract. */
  proxy?: string;
  calls: number;
  /** Calls that contended: waited on a location other senders' calls also write in the workload. */
  conflicted: number;
  /** The locations its calls contended on, most first. */
  hotLocations: { location: string; kind: DependencyKind; calls: number }[];
  /** Calls that waited, apart from contention, on their sender's earlier transaction. */
  senderOrder: number;
  /** Calls that waited, apart from contention, on setup (deployment, funding before the calls). */
  setup: number;
  /** Calls that waited, apart from contention, on a proxy's ERC-1967 slots. */
  proxyDeployment: number;
}

export interface LocationCost {
  location: string;
  raw: ReportLocation;
  kind: DependencyKind;
  /** Transactions that contended on it. */
  transactions: number;
  /** Their gas: the work this location serialises. */
  gasWaiting: number;
}

export interface SuiteReport {
  blockGasLimit: number;
  suite: SuiteEstimate;
  files: ({ file: string } & SuiteEstimate)[];
  functions: FunctionReport[];
  whereToLook: LocationCost[];
  note: string;
}

/** A wait of one transaction on an earlier one (suite indices). */
export interface SuiteWait {
  tx: number;
  location: ReportLocation;
  kind: DependencyKind;
}

export function buildSuiteReport(
  transactions: readonly RecordedTransaction[],
  catalog: ContractCatalog,
  blockGasLimit: number,
): SuiteReport {
  const { estimate: suite, conflicts } = estimate(transactions, blockGasLimit);
  const names = nameCalls(transactions, catalog);
  // The same implementation behind two proxies is two contracts to its users: one row each.
  const keys = names.calls.map(
    (call) =>
      `${call.contractName}.${call.functionName}${call.proxy === undefined ? "" : ` via ${call.proxy}`}`,
  );
  const classifier = new WaitClassifier(transactions, keys);
  const nameOf = (location: ReportLocation, tx: RecordedTransaction): string =>
    nameLocation(location, tx, names);

  const files = [...new Set(transactions.map((tx) => tx.file))].map((file) => ({
    file,
    ...estimate(
      transactions.filter((tx) => tx.file === file),
      blockGasLimit,
    ).estimate,
  }));

  const functions = new Map<
    string,
    FunctionReport & { hot: Map<string, { kind: DependencyKind; calls: number }> }
  >();
  const costs = new Map<string, LocationCost>();
  transactions.forEach((tx, index) => {
    const call = names.calls[index];
    const key = keys[index] as string;
    const entry = functions.get(key) ?? {
      contract: call?.contractName ?? "",
      function: call?.functionName ?? "",
      ...(call?.proxy === undefined ? {} : { proxy: call.proxy }),
      calls: 0,
      conflicted: 0,
      hotLocations: [],
      senderOrder: 0,
      setup: 0,
      proxyDeployment: 0,
      hot: new Map(),
    };
    functions.set(key, entry);
    entry.calls++;
    const byReason = new Map<WaitReason, SuiteWait[]>();
    for (const wait of conflicts[index] ?? []) {
      const reason = classifier.classify(index, wait);
      byReason.set(reason, [...(byReason.get(reason) ?? []), wait]);
    }
    const contention = byReason.get("contention") ?? [];
    if (contention.length > 0) entry.conflicted++;
    else {
      if (byReason.has("senderOrder")) entry.senderOrder++;
      if (byReason.has("setup")) entry.setup++;
      if (byReason.has("proxyDeployment")) entry.proxyDeployment++;
    }
    const seen = new Set<string>();
    for (const wait of contention) {
      const name = nameOf(wait.location, tx);
      if (!seen.has(name)) {
        const hot = entry.hot.get(name) ?? { kind: wait.kind, calls: 0 };
        hot.calls++;
        entry.hot.set(name, hot);
      }
      seen.add(name);
      const raw = `${tx.chain}:${locationKeyOf(wait.location)}`;
      if (seen.has(raw)) continue;
      seen.add(raw);
      const cost = costs.get(raw) ?? {
        location: name,
        raw: wait.location,
        kind: wait.kind,
        transactions: 0,
        gasWaiting: 0,
      };
      cost.transactions++;
      cost.gasWaiting += tx.gas;
      costs.set(raw, cost);
    }
  });

  return {
    blockGasLimit,
    suite,
    files,
    functions: [...functions.values()]
      .map(({ hot, ...rest }) => ({
        ...rest,
        hotLocations: [...hot.entries()]
          .sort((a, b) => b[1].calls - a[1].calls)
          .slice(0, HOT_PER_FUNCTION)
          .map(([location, { kind, calls }]) => ({ location, kind, calls })),
      }))
      .sort((a, b) => b.conflicted - a.conflicted || b.calls - a.calls),
    whereToLook: [...costs.values()].sort((a, b) => b.gasWaiting - a.gasWaiting).slice(0, WHERE_TO_LOOK),
    note:
      "Transactions packed in order into blocks; Solidity tests run inside EDR and are not seen. " +
      "Conflicts are contention: a call waited on a location that other senders' calls also write after the " +
      "function's first call in its test file. Waits on the sender's own earlier transactions, on setup " +
      "(deployments, and what was written before the function's first call) and on proxies' ERC-1967 slots " +
      "are counted apart. 'By the contracts' estimates as if each transaction came from its own sender.",
  };
}

/** Packs `transactions` in order into blocks and estimates them (waits in suite indices). */
function estimate(
  transactions: readonly RecordedTransaction[],
  blockGasLimit: number,
): { estimate: SuiteEstimate; conflicts: SuiteWait[][] } {
  const blocks: number[][] = [];
  let current: number[] = [];
  let gas = 0;
  transactions.forEach((tx, index) => {
    if (current.length > 0 && gas + tx.gas > blockGasLimit) {
      blocks.push(current);
      current = [];
      gas = 0;
    }
    current.push(index);
    gas += tx.gas;
  });
  if (current.length > 0) blocks.push(current);

  const conflicts: SuiteWait[][] = transactions.map(() => []);
  let totalGas = 0;
  const zero = () =>
    Object.fromEntries(THREADS.map((p) => [p, 0])) as Record<(typeof THREADS)[number], number>;
  const asSent = zero();
  const byContracts = zero();
  blocks.forEach((indices, number) => {
    // Per transaction of a chain after the first: its locations by their key on the suite's chain.
    const real = new Map<number, Map<string, ReportLocation>>();
    const report = buildBlockReport({
      number,
      feeRecipient: "0x0000000000000000000000000000000000000000",
      transactions: indices.map((i) => {
        const tx = transactions[i] as RecordedTransaction;
        const byKey = new Map<string, ReportLocation>();
        if (tx.chain !== 0) real.set(i, byKey);
        const key = (l: ReportLocation) => {
          const k = locationKeyOf(onChain(l, tx.chain));
          if (tx.chain !== 0 && !byKey.has(k)) byKey.set(k, l);
          return k;
        };
        return {
          hash: tx.hash,
          sender: onChain({ address: tx.from, kind: "nonce" }, tx.chain).address,
          gas: tx.gas,
          reads: tx.reads.map(key),
          writes: tx.writes.map(key),
        };
      }),
    });
    totalGas += report.totalGas;
    for (const p of THREADS) {
      asSent[p] += report.totalGas / report.estimatedSpeedup[p];
      byContracts[p] += report.totalGas / report.estimatedSpeedupByContracts[p];
    }
    report.transactions.forEach((txReport, position) => {
      const byKey = real.get(indices[position] as number);
      // A conflict stays on one chain: its location is one the transaction read or wrote.
      conflicts[indices[position] as number] = txReport.conflicts.map((c) => ({
        tx: indices[c.tx] as number,
        location: byKey?.get(locationKeyOf(c.location)) ?? c.location,
        kind: c.kind,
      }));
    });
  });
  const speedup = (makespan: Record<(typeof THREADS)[number], number>): EstimatedSpeedup => {
    const at = (p: (typeof THREADS)[number]) => (makespan[p] > 0 ? round2(totalGas / makespan[p]) : 1);
    return { 2: at("2"), 4: at("4"), 8: at("8"), 16: at("16"), unbounded: at("unbounded") };
  };
  return {
    estimate: {
      transactions: transactions.length,
      blocks: blocks.length,
      gas: totalGas,
      estimatedSpeedup: speedup(asSent),
      estimatedSpeedupByContracts: speedup(byContracts),
    },
    conflicts,
  };
}

/**
 * The suite's connections are separate chains: the same address on two of them is two accounts.
 * Chain 0 keeps its addresses; chain k > 0 gets its own (the address's last 4 bytes replaced).
 */
export function onChain(location: ReportLocation, chain: number): ReportLocation {
  if (chain === 0) return location;
  const address = `${location.address.slice(0, 34)}${(chain >>> 0).toString(16).padStart(8, "0")}`;
  return { ...location, address };
}

/**
 * `Counter.count`, `Token.balanceOf[0xf39f…2266]`, `UpToken.ERC20Storage._balances[0x7099…79c8]`
 * (ERC-7201 namespaced storage), `ERC1967Proxy[ERC-1967 implementation]`, `nonce(0x7099…79c8)`,
 * or the raw slot. A proxy's storage is named by its implementation's layout.
 */
export function nameLocation(location: ReportLocation, tx: RecordedTransaction, names: CallNames): string {
  const owner = names.owners.get(`${tx.chain}:${location.address}`);
  const ownerName = owner?.name ?? shortAddress(location.address);
  if (location.kind !== "storage" || location.slot === undefined) return `${location.kind}(${ownerName})`;
  const proxySlot = erc1967SlotName(location.slot);
  if (proxySlot !== undefined) return `${owner?.proxy ?? ownerName}[ERC-1967 ${proxySlot}]`;
  const slot = BigInt(location.slot);
  const keys = mappingKeysOf(tx);
  const contract = owner?.contract;
  const layout = contract?.storageLayout;
  const name = layout === undefined ? undefined : nameStorageSlot(layout, slot, keys);
  if (name !== undefined) return `${ownerName}.${name}`;
  for (const namespace of contract?.namespaces ?? []) {
    const member = nameStorageSlot(namespace.layout, slot, keys);
    if (member !== undefined) return `${ownerName}.${namespace.struct}.${member}`;
  }
  return `${ownerName}[slot ${formatKey(slot)}]`;
}

/** Candidate mapping keys: the sender, the target, and each 32-byte word of the calldata. */
function mappingKeysOf(tx: RecordedTransaction): bigint[] {
  const keys = new Set<bigint>([BigInt(tx.from)]);
  if (tx.to !== null) keys.add(BigInt(tx.to));
  const args = tx.input.slice(10);
  for (let at = 0; at + 64 <= args.length; at += 64) keys.add(BigInt(`0x${args.slice(at, at + 64)}`));
  return [...keys];
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
