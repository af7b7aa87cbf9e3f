/**
 * The suite's report: its recorded transactions taken in order as if packed into blocks (up to
 * `blockGasLimit` gas each), each block's dependencies found over the transactions' recorded
 * read and write sets with the devnet's own `buildBlockReport`, and the blocks' estimates summed.
 *
 * A suite's speedup on P threads is its total gas over the sum of its blocks' makespans, each
 * makespan being the block's gas over the block's estimated speedup on P threads.
 *
 * A call that waits only for the creation of the contract it calls (its code, nonce or balance)
 * is not counted as a conflict of that function: a contract is deployed once, then called many
 * times. The speedup estimate still counts that dependency.
 */
import type { CatalogContract, ContractCatalog } from "./ContractCatalog.js";
import { formatKey, nameStorageSlot, shortAddress } from "./nameStorageSlot.js";
import { buildBlockReport, type EstimatedSpeedup, locationKeyOf, type ReportLocation } from "./pevmDevnet.js";
import type { RecordedTransaction } from "./SuiteRecorder.js";

const THREADS = ["2", "4", "8", "16", "unbounded"] as const;
const WHERE_TO_LOOK = 3;
const HOT_PER_FUNCTION = 3;

export interface SuiteEstimate {
  transactions: number;
  blocks: number;
  gas: number;
  estimatedSpeedup: EstimatedSpeedup;
}

export interface FunctionReport {
  contract: string;
  function: string;
  calls: number;
  conflicted: number;
  /** The locations its calls waited on, most first. */
  hotLocations: { location: string; calls: number }[];
}

export interface LocationCost {
  location: string;
  raw: ReportLocation;
  /** Transactions that waited on it. */
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

interface AnalysedTx {
  tx: RecordedTransaction;
  contract: CatalogContract | undefined;
  /** Earlier transactions (suite indices) and the location waited on, deployment waits left out. */
  conflicts: { tx: number; location: ReportLocation }[];
}

export function buildSuiteReport(
  transactions: readonly RecordedTransaction[],
  catalog: ContractCatalog,
  blockGasLimit: number,
): SuiteReport {
  const { estimate: suite, conflicts } = estimate(transactions, blockGasLimit);
  const analysed: AnalysedTx[] = transactions.map((tx, index) => ({
    tx,
    contract: catalog.contractOf(tx.code, selectorOf(tx)),
    conflicts: (conflicts[index] ?? []).filter((c) => !waitsForCreation(transactions[c.tx], c.location)),
  }));
  const contractAt = new Map<string, CatalogContract>();
  for (const a of analysed) {
    const address = a.tx.createdAddress ?? a.tx.to;
    if (address !== null && a.contract !== undefined) contractAt.set(`${a.tx.chain}:${address}`, a.contract);
  }
  const nameOf = (location: ReportLocation, tx: RecordedTransaction): string =>
    nameLocation(location, tx, contractAt.get(`${tx.chain}:${location.address}`));

  const files = [...new Set(transactions.map((tx) => tx.file))].map((file) => ({
    file,
    ...estimate(
      transactions.filter((tx) => tx.file === file),
      blockGasLimit,
    ).estimate,
  }));

  const functions = new Map<string, FunctionReport & { hot: Map<string, number> }>();
  const costs = new Map<string, LocationCost>();
  for (const { tx, contract, conflicts: waits } of analysed) {
    const contractName = contract?.name ?? (tx.to === null ? "(created)" : shortAddress(tx.to));
    const selector = selectorOf(tx);
    const functionName =
      tx.to === null
        ? "constructor"
        : selector === undefined
          ? "(receive)"
          : (contract?.functions.get(selector) ?? selector);
    const key = `${contractName}.${functionName}`;
    const entry = functions.get(key) ?? {
      contract: contractName,
      function: functionName,
      calls: 0,
      conflicted: 0,
      hotLocations: [],
      hot: new Map<string, number>(),
    };
    functions.set(key, entry);
    entry.calls++;
    if (waits.length > 0) entry.conflicted++;
    const names = new Set(waits.map((w) => nameOf(w.location, tx)));
    for (const name of names) entry.hot.set(name, (entry.hot.get(name) ?? 0) + 1);
    const seen = new Set<string>();
    for (const wait of waits) {
      const raw = `${tx.chain}:${locationKeyOf(wait.location)}`;
      if (seen.has(raw)) continue;
      seen.add(raw);
      const cost = costs.get(raw) ?? {
        location: nameOf(wait.location, tx),
        raw: wait.location,
        transactions: 0,
        gasWaiting: 0,
      };
      cost.transactions++;
      cost.gasWaiting += tx.gas;
      costs.set(raw, cost);
    }
  }

  return {
    blockGasLimit,
    suite,
    files,
    functions: [...functions.values()]
      .map(({ hot, ...rest }) => ({
        ...rest,
        hotLocations: [...hot.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, HOT_PER_FUNCTION)
          .map(([location, calls]) => ({ location, calls })),
      }))
      .sort((a, b) => b.conflicted - a.conflicted || b.calls - a.calls),
    whereToLook: [...costs.values()].sort((a, b) => b.gasWaiting - a.gasWaiting).slice(0, WHERE_TO_LOOK),
    note:
      "Transactions packed in order into blocks; Solidity tests run inside EDR and are not seen. " +
      "Calls that wait only for the deployment of the contract they call are not counted as conflicts.",
  };
}

/** Packs `transactions` in order into blocks and estimates them (conflicts in suite indices). */
function estimate(
  transactions: readonly RecordedTransaction[],
  blockGasLimit: number,
): { estimate: SuiteEstimate; conflicts: { tx: number; location: ReportLocation }[][] } {
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

  const conflicts: { tx: number; location: ReportLocation }[][] = transactions.map(() => []);
  let totalGas = 0;
  const makespan = Object.fromEntries(THREADS.map((p) => [p, 0])) as Record<(typeof THREADS)[number], number>;
  blocks.forEach((indices, number) => {
    const report = buildBlockReport({
      number,
      feeRecipient: "0x0000000000000000000000000000000000000000",
      transactions: indices.map((i) => {
        const tx = transactions[i] as RecordedTransaction;
        const key = (l: ReportLocation) => locationKeyOf(onChain(l, tx.chain));
        return { hash: tx.hash, gas: tx.gas, reads: tx.reads.map(key), writes: tx.writes.map(key) };
      }),
    });
    totalGas += report.totalGas;
    for (const p of THREADS) makespan[p] += report.totalGas / report.estimatedSpeedup[p];
    report.transactions.forEach((txReport, position) => {
      const tx = transactions[indices[position] as number] as RecordedTransaction;
      conflicts[indices[position] as number] = txReport.conflicts.map((c) => ({
        tx: indices[c.tx] as number,
        location: offChain(c.location, tx),
      }));
    });
  });
  const speedup = (p: (typeof THREADS)[number]) => (makespan[p] > 0 ? round2(totalGas / makespan[p]) : 1);
  return {
    estimate: {
      transactions: transactions.length,
      blocks: blocks.length,
      gas: totalGas,
      estimatedSpeedup: {
        2: speedup("2"),
        4: speedup("4"),
        8: speedup("8"),
        16: speedup("16"),
        unbounded: speedup("unbounded"),
      },
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

/** The real location of a conflict found on `tx`'s chain (a conflict stays on one chain). */
function offChain(location: ReportLocation, tx: RecordedTransaction): ReportLocation {
  if (tx.chain === 0) return location;
  const real = [...tx.reads, ...tx.writes].find(
    (l) => locationKeyOf(onChain(l, tx.chain)) === locationKeyOf(location),
  );
  return real ?? location;
}

function waitsForCreation(writer: RecordedTransaction | undefined, location: ReportLocation): boolean {
  return writer?.createdAddress === location.address && location.kind !== "storage";
}

/** The called function's selector; none for a creation (its input is initcode). */
export function selectorOf(tx: RecordedTransaction): string | undefined {
  if (tx.to === null) return undefined;
  return tx.input.length >= 10 ? tx.input.slice(0, 10).toLowerCase() : undefined;
}

/** `Counter.count`, `Token.balanceOf[0xf39f…2266]`, `nonce(0x7099…79c8)`, or the raw slot. */
export function nameLocation(
  location: ReportLocation,
  tx: RecordedTransaction,
  contract: CatalogContract | undefined,
): string {
  const owner = contract?.name ?? shortAddress(location.address);
  if (location.kind !== "storage" || location.slot === undefined) return `${location.kind}(${owner})`;
  const slot = BigInt(location.slot);
  const layout = contract?.storageLayout;
  const name = layout === undefined ? undefined : nameStorageSlot(layout, slot, mappingKeysOf(tx));
  return name === undefined ? `${owner}[slot ${formatKey(slot)}]` : `${owner}.${name}`;
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
