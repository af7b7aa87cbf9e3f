import type { RunTxResult } from "@ethereumjs/vm";
import { isStateMiss } from "../state/StateMiss.js";
import type { TxIndex, TxOutcome } from "./types.js";

/** What runTx's result says about an included transaction, in the executors' shared shape. */
export function includedOutcome(index: TxIndex, result: RunTxResult): TxOutcome {
  return {
    kind: "included",
    index,
    gasUsed: result.totalGasSpent,
    receipt: result.receipt,
    logs: result.execResult.logs ?? [],
    contractAddress: result.createdAddress?.toString(),
    returnValue: result.execResult.returnValue,
    error: result.execResult.exceptionError?.error,
    minerValue: result.minerValue,
  };
}

/**
 * A transaction runTx refused (nonce, balance, fee cap...): it leaves no trace. A read of state
 * not loaded yet (a fork's) is no verdict on the transaction: it goes on up to whoever loads it.
 */
export function invalidOutcome(index: TxIndex, error: unknown): TxOutcome {
  if (isStateMiss(error)) throw error;
  return { kind: "invalid", index, reason: error instanceof Error ? error.message : String(error) };
}
