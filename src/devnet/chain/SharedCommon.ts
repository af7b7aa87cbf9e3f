/**
 * A Common that blocks and transactions share instead of copying.
 *
 * ethereumjs copies the Common into every transaction and header it constructs and merges the
 * package's parameter tables into the copy (a JSON deep copy each time): measured at a quarter
 * of the devnet's time per automined transaction. A chain whose hardfork never changes can share
 * one Common, and each parameter table needs merging only once.
 */
import { type ChainConfig, Common, type CommonOpts, Mainnet, type ParamsDict } from "@ethereumjs/common";

export class SharedCommon extends Common {
  private merged: WeakSet<ParamsDict> | undefined;

  override copy(): Common {
    return this;
  }

  override updateParams(params: ParamsDict): void {
    this.merged ??= new WeakSet();
    if (this.merged.has(params)) return;
    this.merged.add(params);
    super.updateParams(params);
  }
}

/** A SharedCommon for a chain like mainnet but with its own chain id, at a fixed hardfork. */
export function createSharedCommon(chainId: bigint, options: Omit<CommonOpts, "chain">): SharedCommon {
  const chain: ChainConfig = { ...Mainnet, chainId: Number(chainId), name: "pevm-devnet" };
  return new SharedCommon({ ...options, chain });
}
