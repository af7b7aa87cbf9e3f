/**
 * Traces the transactions of a mined block by running the block again: over the state it started
 * from (its parent's, with the state edits made before it), in the block's order, on a fresh sequential execution context, with the tracer listening
 * only to the transactions asked for. Re-execution is sequential whatever engine mined the block,
 * and the parallel engine's result equals the sequential one, so a block mined in parallel traces
 * exactly as if it had been mined sequentially.
 *
 * It runs under the devnet's chain lock: no block is mined, and no snapshot reverted, while the
 * past state is being read. Reads (eth_blockNumber, eth_call) are still answered meanwhile: the
 * run yields to the event loop every few thousand opcodes.
 */
import { Block } from "@ethereumjs/block";
import { createExecutionContext } from "../../execution/sequentialExecutor.js";
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";
import { NoopTracer } from "./NoopTracer.js";
import { runTracedTransaction } from "./runTracedTransaction.js";
import { TraceBudget } from "./TraceBudget.js";
import { createTracer, type TracerSpec } from "./TracerSpec.js";

/** One transaction's trace, as debug_traceBlock* lists them. */
export interface TransactionTrace {
  txHash: string;
  result: unknown;
}

/**
 * The traces of the block's transactions, or of transaction `only` alone (the transactions
 * before it still run, untraced, to build its pre-state).
 */
export async function traceMinedBlock(
  devnet: Devnet,
  mined: MinedBlock,
  spec: TracerSpec,
  options: { only?: number } = {},
): Promise<TransactionTrace[]> {
  const { only } = options;
  const count = only === undefined ? mined.block.transactions.length : only + 1;
  if (count === 0) return [];
  return devnet.exclusive(async () => {
    const context = await createExecutionContext(devnet.common, { allowSendersWithCode: true });
    context.state.reset(devnet.stateBefore(mined.number));
    context.blockHashes.lookup = devnet.blockHashOf;
    context.blockHashes.fetch = devnet.fetchBlockHash;
    const block = new Block(mined.block.header);
    const budget = new TraceBudget(spec.tracer === "structLogger" ? spec.limit : undefined);
    const traces: TransactionTrace[] = [];
    let gasUsed = 0n;
    let firstLogIndex = 0;
    for (let index = 0; index < count; index++) {
      const tx = mined.block.transactions[index];
      const receipt = mined.receipts[index];
      const sender = mined.senders[index];
      if (tx === undefined || receipt === undefined || sender === undefined) break;
      const traced = only === undefined || index === only;
      const tracer = traced ? createTracer(spec, budget) : new NoopTracer();
      gasUsed += await runTracedTransaction(context, {
        tx,
        sender,
        block,
        blockGasUsed: gasUsed,
        tracer,
        firstLogIndex,
        ...(index === count - 1 ? { receipt } : {}),
      });
      firstLogIndex += receipt.logs.length;
      if (traced) traces.push({ txHash: receipt.transactionHash, result: tracer.result() });
    }
    return traces;
  });
}
