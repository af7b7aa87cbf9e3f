/**
 * eth_callMany's parameters (reth, erigon): bundles `[{ transactions: [call, …], blockOverride? }]`
 * and a state context `{ blockNumber?, transactionIndex? }`.
 */
import type { ParamParser } from "../types.js";
import type { BlockTag } from "./blockTag.js";
import { blockTag } from "./blockTag.js";
import { type CallRequest, callRequest } from "./callRequest.js";
import { array } from "./combinators.js";
import { address, quantity, quantityU64 } from "./hex.js";
import { defineParser } from "./parser.js";
import { struct } from "./struct.js";

const blockOverride = struct("block override", {
  blockNumber: quantityU64,
  blockTimestamp: quantityU64,
  coinbase: address,
  gasLimit: quantityU64,
  baseFee: quantity,
});

export type BundleBlockOverride = ReturnType<typeof blockOverride.parse>;

export interface CallBundle {
  transactions: CallRequest[];
  blockOverride?: BundleBlockOverride;
}

const bundleFields = struct("bundle", { transactions: array(callRequest), blockOverride });

const bundle: ParamParser<CallBundle> = defineParser("bundle", (value) => {
  const { transactions, ...rest } = bundleFields.parse(value);
  return { ...rest, transactions: transactions ?? [] };
});

export const callBundles: ParamParser<CallBundle[]> = array(bundle);

/** A transaction index: a quantity or a JSON number; -1 means after the block's last. */
const transactionIndex: ParamParser<number> = defineParser("transaction index", (value) => {
  if (value === -1 || value === "-1") return -1;
  return Number(quantityU64.parse(typeof value === "number" ? `0x${value.toString(16)}` : value));
});

export interface StateContext {
  blockNumber?: BlockTag;
  transactionIndex?: number;
}

export const stateContext: ParamParser<StateContext> = struct("state context", {
  blockNumber: blockTag,
  transactionIndex,
});
