/**
 * A Common that blocks and transactions share instead of copying.
 *
 * ethereumjs copies the Common into every transaction and header it constructs and merges the
 * package's parameter tables into the copy (a JSON deep copy each time): measured at a quarter
 * of the devnet's time per automined transaction. A chain whose hardfork never changes can share
 * one Common, and each parameter table needs merging only once.
 *
 * It also answers `isActivatedEIP` from a Set. ethereumjs scans its array of active EIPs (about
 * 80 on Prague) and the interpreter asks twice per opcode for EIPs that are not active, so each
 * ask scans the whole array: 5-6% of the time of a block of ERC-20 transfers.
 */
import { type ChainConfig, Common, type CommonOpts, Mainnet, type ParamsDict } from "@ethereumjs/common";
import { ethereumjsPatches } from "./internals/ethereumjsPatches.js";

export class SharedCommon extends Common {
  private merged: WeakSet<ParamsDict> | undefined;
  /** The active EIPs as a Set, with the array it was built from (rebuilt when ethereumjs replaces it). */
  private activeEips: { list: readonly number[]; length: number; set: Set<number> } | undefined;

  override copy(): Common {
    return this;
  }

  override updateParams(params: ParamsDict): void {
    this.merged ??= new WeakSet();
    if (this.merged.has(params)) return;
    this.merged.add(params);
    super.updateParams(params);
  }

  override isActivatedEIP(eip: number): boolean {
    // The array is Common's own bookkeeping: on another ethereumjs release, ask Common.
    if (!ethereumjsPatches.applied) return super.isActivatedEIP(eip);
    const list = this._activatedEIPsCache;
    let active = this.activeEips;
    if (active === undefined || active.list !== list || active.length !== list.length) {
      active = { list, length: list.length, set: new Set(list) };
      this.activeEips = active;
    }
    return active.set.has(eip);
  }
}

/** A SharedCommon for a chain like mainnet but with its own chain id, at a fixed hardfork. */
export function createSharedCommon(chainId: bigint, options: Omit<CommonOpts, "chain">): SharedCommon {
  const chain: ChainConfig = { ...Mainnet, chainId: Number(chainId), name: "pevm-devnet" };
  return new SharedCommon({ ...options, chain });
}
