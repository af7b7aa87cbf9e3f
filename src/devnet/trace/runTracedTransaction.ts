/**
 * Runs one transaction on an execution context with a tracer listening, and ends the tracer's
 * transaction with the outcome. Shared by the traces of mined transactions and of calls.
 */
import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";
import { bigIntToBytes, bytesToHex, generateAddress, hexToBytes } from "@ethereumjs/util";
import { runTx } from "@ethereumjs/vm";
import type { ExecutionContext } from "../../execution/sequentialExecutor.js";
import type { StoredReceipt } from "../chain/types.js";
import { EvmHookAdapter, TraceStopped } from "./EvmHookAdapter.js";
import type { Tracer } from "./Tracer.js";
import { vmErrorMessage } from "./vmErrorMessage.js";

export interface TracedTransaction {
  tx: TypedTransaction;
  /** Lowercase sender. */
  sender: string;
  block: Block;
  /** Gas used by the block's earlier transactions. */
  blockGasUsed: bigint;
  tracer: Tracer;
  /** Index of the transaction's first log in the block. */
  firstLogIndex: number;
  /** A message rather than a signed transaction (debug_traceCall): its nonce is not checked. */
  message?: boolean;
  /**
   * The mined transaction's receipt, when nothing runs after it: the run may then stop as soon
   * as the tracer is satisfied, its outcome taken from the receipt.
   */
  receipt?: StoredReceipt;
}

/** Gas the transaction used. After a stopped run the context's state is incomplete. */
export async function runTracedTransaction(
  context: ExecutionContext,
  traced: TracedTransaction,
): Promise<bigint> {
  const { tx, sender, block, receipt } = traced;
  const create = tx.to === undefined;
  const to = create
    ? bytesToHex(generateAddress(hexToBytes(sender as `0x${string}`), bigIntToBytes(tx.nonce)))
    : (tx.to?.toString() as string);
  const adapter = new EvmHookAdapter(context.vm.evm, context.state, traced.tracer, {
    stopWhenSatisfied: receipt !== undefined,
  });
  adapter.txStart({
    tx,
    from: sender,
    to,
    create,
    coinbase: block.header.coinbase.toString(),
    firstLogIndex: traced.firstLogIndex,
  });
  try {
    const result = await runTx(context.vm, {
      tx,
      block,
      blockGasUsed: traced.blockGasUsed,
      skipBlockGasLimitValidation: true,
      skipHardForkValidation: true,
      ...(traced.message === true ? { skipNonce: true } : {}),
    });
    adapter.txEnd(result.totalGasSpent);
    return result.totalGasSpent;
  } catch (error) {
    adapter.detach();
    if (!(error instanceof TraceStopped) || receipt === undefined) throw error;
    adapter.txEnd(receipt.gasUsed, {
      output: receipt.returnValue,
      error: receipt.error === undefined ? undefined : vmErrorMessage(receipt.error, undefined),
      reverted: receipt.error === "revert",
    });
    return receipt.gasUsed;
  }
}
