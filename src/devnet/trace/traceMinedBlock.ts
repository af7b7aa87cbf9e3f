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
import type { Common } from "@ethereumjs/common";
import { createExecutionContext } from "../../execution/sequentialExecutor.js";
import type { StateKey } from "../../state/StateMiss.js";
import type { StateReader } from "../../state/StateReader.js";
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
 * What a block not of the devnet's own chain (a fork's remote block) runs over: the remote's
 * state after its parent, loaded as the run reads it, and the remote's block hashes. Its
 * receipts do not hold what the transactions returned, so each runs to its end.
 */
export interface RemoteGround {
  common: Common;
  state: StateReader;
  /** Loads a key `state` misses; the run's async reads wait for it. */
  load(key: StateKey): Promise<void>;
  blockHashOf(number: bigint): Uint8Array | undefined;
  fetchBlockHash(number: bigint): Promise<Uint8Array | undefined>;
}

/**
 * The traces of the block's transactions, or of transaction `only` alone (the transactions
 * before it still run, untraced, to build its pre-state).
 */
export async function traceMinedBlock(
  devnet: Devnet,
  mined: MinedBlock,
  spec: TracerSpec,
  options: { only?: number; remote?: RemoteGround } = {},
): Promise<TransactionTrace[]> {
  const { only, remote } = options;
  const count = only === undefined ? mined.block.transactions.length : only + 1;
  if (count === 0) return [];
  const run = async () => {
    const context = await createExecutionContext(remote?.common ?? devnet.common, {
      allowSendersWithCode: true,
    });
    if (remote === undefined) {
      context.state.reset(devnet.stateBefore(mined.number));
      context.blockHashes.lookup = devnet.blockHashOf;
      context.blockHashes.fetch = devnet.fetchBlockHash;
    } else {
      context.state.reset(remote.state);
      context.state.awaitMiss = (key) => remote.load(key);
      context.blockHashes.lookup = (number) => remote.blockHashOf(number);
      context.blockHashes.fetch = (number) => remote.fetchBlockHash(number);
    }
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
        ...(index === count - 1 && remote === undefined ? { receipt } : {}),
      });
      firstLogIndex += receipt.logs.length;
      if (traced) traces.push({ txHash: receipt.transactionHash, result: tracer.result() });
    }
    return traces;
  };
  // A remote block's state is the remote's, not the chain's: nothing to hold the chain still for.
  return remote === undefined ? devnet.exclusive(run) : run();
}
