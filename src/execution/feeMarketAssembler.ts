/**
 * Copies of an EIP-1559 transaction without an access list (what wallets and Hardhat's clients
 * send), with some fields changed (a gas limit, a signature), assembled field by field instead of
 * through ethereumjs' constructor, whose conversions and checks the original already passed.
 */
import type { FeeMarket1559Tx, TypedTransaction } from "@ethereumjs/tx";
import { ethereumjsPatches } from "./internals/ethereumjsPatches.js";
import {
  assembleFeeMarket1559Tx,
  type FeeMarketFields,
  feeMarketFieldsOf,
} from "./internals/feeMarketTransaction.js";

export type FeeMarketAssembler = (changes: Partial<FeeMarketFields>, freeze: boolean) => FeeMarket1559Tx;

/**
 * What makes such copies of `tx`; undefined where this path does not apply (another type, an
 * access list, the ethereumjs patches off): the caller then goes through ethereumjs.
 * @example feeMarketAssembler(unsigned)?.({ gasLimit: 51_234n }, true)
 */
export function feeMarketAssembler(tx: TypedTransaction): FeeMarketAssembler | undefined {
  if (!ethereumjsPatches.applied) return undefined;
  const fields = feeMarketFieldsOf(tx);
  if (fields === undefined) return undefined;
  return (changes, freeze) => assembleFeeMarket1559Tx({ ...fields, ...changes }, tx.common, freeze);
}
