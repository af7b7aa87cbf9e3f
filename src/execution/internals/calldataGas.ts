/**
 * The calldata part of a transaction's intrinsic gas, counted once into ethereumjs' own cache.
 *
 * ethereumjs counts it with a bigint addition per calldata byte and caches the sum only on a
 * frozen transaction. A worker's transactions carry the sender the coordinator already knows,
 * so they are not frozen, and every call during runTx counted again: ~4 µs per ERC-20 transfer
 * in a busy worker. Here the bytes are counted as numbers, once, and the cache is filled the way
 * ethereumjs fills it (for the current hardfork), so its getDataGas answers from it. With the
 * patches off (ethereumjsPatches.ts), ethereumjs counts as it always does.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { ethereumjsPatches } from "./ethereumjsPatches.js";

export function cacheCalldataGas(tx: TypedTransaction): void {
  if (!ethereumjsPatches.applied) return;
  // A creation also pays for its init code: left to ethereumjs.
  if (tx.to === undefined) return;
  const { data, common } = tx;
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  const value =
    BigInt(zeros) * common.param("txDataZeroGas") +
    BigInt(data.length - zeros) * common.param("txDataNonZeroGas");
  tx.cache.dataFee = { value, hardfork: common.hardfork() };
}
