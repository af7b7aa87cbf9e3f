/**
 * Names each recorded transaction by the contract function it ran: a creation by the created
 * contract's runtime code, a call by its target's code and its 4-byte selector. A call through a
 * proxy (ERC-1967, transparent, UUPS, beacon) is named by the implementation whose code ran: the
 * proxy's own code does not have the selector, or the call read one of the proxy's ERC-1967
 * slots, and among the contracts whose code the call read is one the suite deployed that has it.
 * The proxy's storage then follows the implementation's layout.
 */
import type { CatalogContract, ContractCatalog } from "./ContractCatalog.js";
import { erc1967SlotName } from "./erc1967Slots.js";
import { shortAddress } from "./nameStorageSlot.js";
import type { RecordedTransaction } from "./SuiteRecorder.js";

export interface NamedCall {
  /** The contract whose code ran: the implementation for a call through a proxy. */
  contract: CatalogContract | undefined;
  contractName: string;
  functionName: string;
  /** The proxy's name, for a call through one. */
  proxy?: string;
}

/** The contract that owns an account's storage: for a proxy, its implementation. */
export interface StorageOwner {
  contract: CatalogContract | undefined;
  name: string;
  /** The proxy's own name, for an account that is one. */
  proxy?: string;
}

export interface CallNames {
  calls: NamedCall[];
  /** By `<chain>:<address>`. */
  owners: Map<string, StorageOwner>;
}

export function nameCalls(transactions: readonly RecordedTransaction[], catalog: ContractCatalog): CallNames {
  const known = new Map<string, CatalogContract>();
  const owners = new Map<string, StorageOwner>();
  const calls = transactions.map((tx): NamedCall => {
    const selector = selectorOf(tx);
    if (tx.to === null) {
      const created = catalog.contractOf(tx.code, undefined);
      if (tx.createdAddress !== null && created !== undefined) {
        known.set(`${tx.chain}:${tx.createdAddress}`, created);
        owners.set(`${tx.chain}:${tx.createdAddress}`, { contract: created, name: created.name });
      }
      return { contract: created, contractName: created?.name ?? "(created)", functionName: "constructor" };
    }
    const at = `${tx.chain}:${tx.to}`;
    const target = known.get(at) ?? catalog.contractOf(tx.code, selector);
    if (target !== undefined) known.set(at, target);
    const targetName = target?.name ?? shortAddress(tx.to);
    const throughProxy =
      selector !== undefined &&
      (target?.functions.has(selector) !== true ||
        tx.reads.some((l) => l.address === tx.to && erc1967SlotName(l.slot) !== undefined));
    const implementation = throughProxy ? implementationOf(tx, selector, known) : undefined;
    if (implementation !== undefined) {
      owners.set(at, { contract: implementation, name: implementation.name, proxy: targetName });
      return {
        contract: implementation,
        contractName: implementation.name,
        functionName: implementation.functions.get(selector as string) ?? (selector as string),
        proxy: targetName,
      };
    }
    if (!owners.has(at)) owners.set(at, { contract: target, name: targetName });
    return {
      contract: target,
      contractName: targetName,
      functionName: selector === undefined ? "(receive)" : (target?.functions.get(selector) ?? selector),
    };
  });
  return { calls, owners };
}

/** The deployed contract, other than the target, whose code the call read and that has `selector`. */
function implementationOf(
  tx: RecordedTransaction,
  selector: string | undefined,
  known: ReadonlyMap<string, CatalogContract>,
): CatalogContract | undefined {
  if (selector === undefined) return undefined;
  for (const location of tx.reads) {
    if (location.kind !== "code" || location.address === tx.to) continue;
    const contract = known.get(`${tx.chain}:${location.address}`);
    if (contract?.functions.has(selector) === true) return contract;
  }
  return undefined;
}

/** The called function's selector; none for a creation (its input is initcode). */
export function selectorOf(tx: RecordedTransaction): string | undefined {
  if (tx.to === null) return undefined;
  return tx.input.length >= 10 ? tx.input.slice(0, 10).toLowerCase() : undefined;
}
